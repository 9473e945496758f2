using System.Diagnostics;
using System.Text.Json;
using Strands.FakeProvider;
using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Reliability;

/// <summary>What a tool can and cannot do to an unattended run: hang it, fail it, or run something it was not given.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class ToolSafetyTests : IAsyncLifetime
{
    private readonly PowerShellSession _ps;
    private FakeProviderServer _fake = null!;

    public ToolSafetyTests(PowerShellFixture fixture) => _ps = fixture.Session;

    public async Task InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync();
        _ps.SetVariable("base", _fake.BaseUrl.ToString());
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public void A_hung_tool_is_stopped_after_ToolTimeoutSec_and_the_model_is_told()
    {
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("hang", "{}", "call_hang")), FakeReply.Text("I will try something else."));
        var clock = Stopwatch.StartNew();

        var result = _ps.Invoke("""
            $script:cleanedUp = $false
            $agent = New-StrandsAgent (New-LiteLlmModel 'litellm_proxy/gpt-4o' -ApiKey k -ApiBase $base) -ToolTimeoutSec 1 -Tool @{
                hang = { try { while ($true) { [Threading.Thread]::Sleep(50) } } finally { $script:cleanedUp = $true } }
            }
            Invoke-StrandsAgent $agent 'run the tool'
            $script:cleanedUp
            """).ThrowIfErrors();

        Assert.Equal("I will try something else.", result.Output[0].ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the call took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True((bool)result.Output[1].BaseObject, "the stopped script block's finally block did not run");
        var answer = ToolMessage(_fake.Requests[1]);
        Assert.Contains("did not finish within 1 s", answer);

        // The pipeline thread is free again: the same agent answers the next prompt.
        _fake.Enqueue(FakeReply.Text("next"));
        Assert.Equal("next", _ps.Invoke("Invoke-StrandsAgent $agent 'again'").ThrowIfErrors().Output.Single().ToString());
        Assert.Null(_fake.LastRequest.Rejection);
    }

    [Fact]
    public void A_tool_that_writes_errors_is_reported_to_the_model_and_the_call_succeeds()
    {
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("check_disk", "{}", "call_disk"), new FakeToolCall("only_errors", "{}", "call_err")),
            FakeReply.Text("Disk is nearly full."));

        var result = _ps.Invoke("""
            $agent = New-StrandsAgent (New-LiteLlmModel 'litellm_proxy/gpt-4o' -ApiKey k -ApiBase $base) -Tool @{
                check_disk = {
                    [CmdletBinding()] param()
                    $PSCmdlet.WriteError([Management.Automation.ErrorRecord]::new([Exception]::new('volume D: is 97% full'), 'DiskFull', 'ResourceUnavailable', 'D:'))
                    'C: is fine'
                }
                only_errors = {
                    [CmdletBinding()] param()
                    $PSCmdlet.WriteError([Management.Automation.ErrorRecord]::new([Exception]::new('no such share'), 'NoShare', 'ObjectNotFound', $null))
                }
            }
            Invoke-StrandsAgent $agent 'check the disks'
            """);

        result.ThrowIfErrors();
        Assert.Equal("Disk is nearly full.", result.Output.Single().ToString());
        var answers = ToolMessages(_fake.Requests[1]);
        Assert.Contains("C: is fine", answers["call_disk"]);
        Assert.Contains("volume D: is 97% full", answers["call_disk"]);
        Assert.Contains("no such share", answers["call_err"]);
    }

    [Fact]
    public void A_tool_name_that_is_a_real_command_but_was_not_offered_never_runs()
    {
        var victim = Path.Combine(Path.GetTempPath(), "strands-tool-safety-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(victim, "keep me");
        try
        {
            _fake.Enqueue(
                FakeReply.ToolCalls(new FakeToolCall("Remove-Item", JsonSerializer.Serialize(new { Path = victim, Force = true }), "call_rm")),
                FakeReply.Text("ok"));

            _ps.Invoke("""
                $agent = New-StrandsAgent (New-LiteLlmModel 'litellm_proxy/gpt-4o' -ApiKey k -ApiBase $base) -Tool @{ echo = { param([string] $text) $text } }
                Invoke-StrandsAgent $agent 'tidy up'
                """).ThrowIfErrors();

            Assert.True(File.Exists(victim), "a command the model was not offered ran");
            Assert.Contains("unknown tool 'Remove-Item'. Offered tools: echo", ToolMessage(_fake.Requests[1]));
        }
        finally
        {
            File.Delete(victim);
        }
    }

    private static Dictionary<string, string> ToolMessages(RecordedRequest request) =>
        request.Json.RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() == "tool")
            .ToDictionary(m => m.GetProperty("tool_call_id").GetString()!, m => m.GetProperty("content").GetString()!);

    private static string ToolMessage(RecordedRequest request) => ToolMessages(request).Values.Single();
}
