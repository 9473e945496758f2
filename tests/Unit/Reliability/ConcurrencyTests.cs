using System.Text.Json;
using System.Text.RegularExpressions;
using Strands.FakeProvider;
using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Reliability;

/// <summary>
/// Agents under ForEach-Object -Parallel: one agent per runspace built from one shared model object,
/// all on the process-wide HTTP handler, each call a two-cycle tool round trip.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private const int Runspaces = 8;
    private const int CallsEach = 10;
    private readonly PowerShellSession _ps;
    private FakeProviderServer _fake = null!;

    public ConcurrencyTests(PowerShellFixture fixture) => _ps = fixture.Session;

    public async Task InitializeAsync() => _fake = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public void Parallel_runspaces_with_a_shared_model_get_their_own_correct_answers_over_reused_connections()
    {
        // Answers depend only on each request's content, so arrival order across runspaces does not matter:
        // a prompt "add A B" asks for the tool; its result comes back as "A+B=result".
        _fake.DefaultReply = FakeReply.Dynamic(request =>
        {
            var messages = request.Json.RootElement.GetProperty("messages").EnumerateArray().ToList();
            var prompt = Text(messages.Last(m => m.GetProperty("role").GetString() == "user").GetProperty("content"));
            var numbers = Regex.Match(prompt, @"^add (\d+) (\d+)$");
            var last = messages[^1];
            return last.GetProperty("role").GetString() == "tool"
                ? FakeReply.Text($"{numbers.Groups[1].Value}+{numbers.Groups[2].Value}={Text(last.GetProperty("content"))}")
                : FakeReply.ToolCalls(new FakeToolCall("add", JsonSerializer.Serialize(new { a = int.Parse(numbers.Groups[1].Value), b = int.Parse(numbers.Groups[2].Value) })));
        });

        var result = _ps.Invoke($$"""
            $model = New-LiteLlmModel 'litellm_proxy/gpt-4o' -ApiKey 'test-key' -ApiBase $base -MaxRetries 0 -TimeoutSec 60
            1..{{Runspaces}} | ForEach-Object -ThrottleLimit {{Runspaces}} -Parallel {
                Import-Module $using:manifest
                $runspace = $_
                $agent = New-StrandsAgent $using:model -Tool @{ add = { param([int] $a, [int] $b) $a + $b } }
                foreach ($call in 1..{{CallsEach}}) {
                    $answer = Invoke-StrandsAgent $agent "add $runspace $call" 6>$null
                    [pscustomobject]@{ Runspace = $runspace; Call = $call; Answer = "$answer"; Messages = $agent.MessageCount }
                }
            }
            """, new Dictionary<string, object?> { ["base"] = _fake.BaseUrl.ToString(), ["manifest"] = RepoPaths.ModuleManifest });

        result.ThrowIfErrors();
        Assert.Equal(Runspaces * CallsEach, result.Output.Count);
        foreach (var row in result.Output)
        {
            var runspace = Int(row, "Runspace");
            var call = Int(row, "Call");
            Assert.Equal($"{runspace}+{call}={runspace + call}", row.Properties["Answer"].Value);
            // Each agent kept only its own conversation: user, tool call, tool result, answer per call.
            Assert.Equal(call * 4, Int(row, "Messages"));
        }

        var requests = _fake.Requests;
        Assert.Equal(Runspaces * CallsEach * 2, requests.Count);
        Assert.All(requests, r => Assert.Null(r.Rejection));
        // Keep-alive through the shared handler: about one connection per concurrent runspace, not one per request.
        Assert.InRange(_fake.DistinctConnections, 1, Runspaces * 2);
    }

    private static int Int(System.Management.Automation.PSObject row, string name) =>
        System.Management.Automation.LanguagePrimitives.ConvertTo<int>(row.Properties[name].Value);

    // OpenAI content is a string or a list of parts.
    private static string Text(JsonElement content) => content.ValueKind == JsonValueKind.String
        ? content.GetString()!
        : string.Concat(content.EnumerateArray().Select(p => p.GetProperty("text").GetString()));
}
