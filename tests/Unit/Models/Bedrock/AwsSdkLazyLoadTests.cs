using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Strands.FakeProvider.Wire;
using Strands.Models.Bedrock;
using Strands.Streaming;
using Xunit;

namespace Strands.Tests.Models.Bedrock;

/// <summary>
/// AWSSDK.Core must load only when SigV4 needs credentials. A fresh copy of Strands.Core in its own
/// load context records every assembly it asks for, so the check holds whatever other tests loaded.
/// </summary>
public class AwsSdkLazyLoadTests
{
    private sealed class RecordingContext() : AssemblyLoadContext("strands-lazy-load", isCollectible: true)
    {
        public readonly ConcurrentBag<string> Requested = new();

        protected override Assembly? Load(AssemblyName name)
        {
            Requested.Add(name.Name ?? string.Empty);
            return null;
        }
    }

    [Fact]
    public async Task A_bedrock_call_with_a_bearer_token_never_loads_AWSSDK_Core()
    {
        await using var server = new LoopbackServer().ThenEventStream(
            EventStreamEncoder.EncodeEvent("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"hi"}}"""),
            EventStreamEncoder.EncodeEvent("messageStop", """{"stopReason":"end_turn"}"""));
        var context = new RecordingContext();
        try
        {
            var core = context.LoadFromAssemblyPath(typeof(BedrockModel).Assembly.Location);
            var events = await StreamThroughFactoryAsync(core, server.BaseUrl);

            Assert.Equal(2, events);
            Assert.Contains("System.Text.Json", context.Requested);
            Assert.DoesNotContain("AWSSDK.Core", context.Requested);

            // Control: compiling the one method that uses the SDK does ask for it.
            var resolve = core.GetType("Strands.Models.Bedrock.AwsCredentialChain", throwOnError: true)!
                .GetMethod("ResolveAsync", BindingFlags.NonPublic | BindingFlags.Static)!;
            RuntimeHelpers.PrepareMethod(resolve.MethodHandle);
            Assert.Contains("AWSSDK.Core", context.Requested);
        }
        finally
        {
            context.Unload();
        }
    }

    // ModelFactory.Create(new ModelSettings(id) { ApiBase = base }, env) then StreamAsync, all by
    // reflection because the types belong to the other load context.
    private static async Task<int> StreamThroughFactoryAsync(Assembly core, string apiBase)
    {
        Type T(string name) => core.GetType(name, throwOnError: true)!;
        var settings = Activator.CreateInstance(T("Strands.Models.ModelSettings"), "bedrock/us.amazon.nova-micro-v1:0")!;
        settings.GetType().GetProperty("ApiBase")!.SetValue(settings, apiBase);
        Func<string, string?> env = name => name == "AWS_BEARER_TOKEN_BEDROCK" ? "test-bedrock-api-key" : null;
        var created = T("Strands.Models.ModelFactory").GetMethod("Create")!.Invoke(null, new object?[] { settings, env })!;
        var model = created.GetType().GetField("Item1")!.GetValue(created)!;

        var messageType = T("Strands.Types.Message");
        var messages = Array.CreateInstance(messageType, 1);
        messages.SetValue(messageType.GetMethod("UserText")!.Invoke(null, new object[] { "hello" }), 0);
        var request = Activator.CreateInstance(T("Strands.Models.ModelRequest"),
            messages, Array.CreateInstance(T("Strands.Types.ContentBlock"), 0), Array.CreateInstance(T("Strands.Types.ToolSpec"), 0), null, null)!;

        var stream = T("Strands.Models.IModel").GetMethod("StreamAsync")!.Invoke(model, new object[] { request, CancellationToken.None })!;
        var eventType = T("Strands.Types.ModelStreamEvent");
        var enumerator = typeof(IAsyncEnumerable<>).MakeGenericType(eventType).GetMethod("GetAsyncEnumerator")!
            .Invoke(stream, new object[] { CancellationToken.None })!;
        var moveNext = typeof(IAsyncEnumerator<>).MakeGenericType(eventType).GetMethod("MoveNextAsync")!;
        var count = 0;
        try
        {
            while (await (ValueTask<bool>)moveNext.Invoke(enumerator, null)!) count++;
        }
        finally
        {
            await ((IAsyncDisposable)enumerator).DisposeAsync();
        }
        return count;
    }
}
