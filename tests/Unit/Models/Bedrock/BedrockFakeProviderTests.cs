using System.Text.Json;
using Strands.EventLoop;
using Strands.FakeProvider;
using Strands.Models;
using Strands.Models.Bedrock;
using Strands.Models.Http;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Bedrock;

/// <summary>BedrockModel against the fake provider's Bedrock dialect, which enforces Converse's request rules.</summary>
public sealed class BedrockFakeProviderTests : IAsyncLifetime
{
    private FakeProviderServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private sealed class StaticCredentials : IAwsCredentialsProvider
    {
        public Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new AwsCredentials("TESTKEYID", "test-secret-key"));
    }

    private BedrockModel Model(int retries = 0) => new("us.anthropic.claude-sonnet-4-5-20250929-v1:0", _server.BaseUrl.ToString(), "us-east-1", null,
        JsonDocument.Parse("""{"max_tokens":512,"temperature":0}""").RootElement.Clone(),
        new HttpSettings { MaxRetries = retries, Timeout = TimeSpan.FromSeconds(20) }, new StaticCredentials());

    // A second cycle of an agent: the first answer asked for a tool, its result follows as a user turn.
    private static ModelRequest SecondCycle() => new(
        new[]
        {
            Message.UserText("What is 6*7? Use the tool."),
            new Message(Role.Assistant, new ContentBlock[]
            {
                new ReasoningBlock("Use the calculator.", "c2ln"),
                new TextBlock("Calculating."),
                new ToolUseBlock("tooluse_a", "calculator", JsonDocument.Parse("""{"expression":"6*7"}""").RootElement.Clone()),
            }),
            new Message(Role.User, new ContentBlock[] { ToolResultBlock.FromText("tooluse_a", ToolResultStatus.Success, "42") }),
            Message.UserText("And double it?"),
        },
        new ContentBlock[] { new TextBlock("You are a calculator."), new CachePointBlock() },
        new[] { new ToolSpec("calculator", "Evaluates arithmetic.", JsonDocument.Parse("""{"type":"object","properties":{"expression":{"type":"string"}},"required":["expression"]}""").RootElement.Clone()) },
        ToolChoice.Auto);

    private static async Task<MessageAssembler> RunAsync(BedrockModel model)
    {
        var assembler = new MessageAssembler();
        await foreach (var e in model.StreamAsync(SecondCycle(), CancellationToken.None)) assembler.Add(e);
        return assembler;
    }

    [Fact]
    public async Task A_signed_tool_round_trip_is_accepted_and_the_streamed_reply_assembled()
    {
        _server.Enqueue(FakeReply.ToolCalls("Doubling.", new FakeUsage(100, 20, cachedTokens: 60, cacheCreationTokens: 10),
            new FakeToolCall("calculator", """{"expression":"42*2"}""", id: "tooluse_b")));

        var reply = await RunAsync(Model());
        var message = reply.Build();

        Assert.Equal("Doubling.", message.Text);
        var use = Assert.Single(message.ToolUses);
        Assert.Equal(("tooluse_b", "calculator", "42*2"), (use.ToolUseId, use.Name, use.Input.GetProperty("expression").GetString()));
        Assert.Equal(StopReason.ToolUse, reply.StopReason);
        // The fake sends inputTokens 30 (uncached) + cacheRead 60 + cacheWrite 10: 100 prompt tokens in our convention.
        Assert.Equal(new Usage(100, 20, 60, 10), reply.Usage);
        Assert.EndsWith("/converse-stream", _server.LastRequest.Path);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=TESTKEYID/", _server.LastRequest.Headers["authorization"]);
    }

    [Fact]
    public async Task A_throttled_call_is_retried_and_then_answers()
    {
        _server.Enqueue(FakeReply.RateLimited(TimeSpan.Zero), FakeReply.Text("84"));

        var reply = await RunAsync(Model(retries: 1));

        Assert.Equal("84", reply.Build().Text);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Throttling_without_retries_left_is_model_throttled()
    {
        _server.Enqueue(FakeReply.RateLimited());

        var ex = await Assert.ThrowsAsync<ModelException>(() => RunAsync(Model()));

        Assert.Equal(ErrorIds.ModelThrottled, ex.ErrorId);
        Assert.True(ex.IsRetryable);
    }
}
