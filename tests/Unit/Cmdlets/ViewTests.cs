using Strands.FakeProvider;
using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Cmdlets;

/// <summary>
/// The format views as a user sees them: Out-Default through the in-process test host, whose
/// width and output the tests control.
/// </summary>
public sealed class ViewTests : IAsyncLifetime
{
    private const string Secret = "sk-VIEW-5e1f0c8a2b7d9364";
    private FakeProviderServer _fake = null!;
    private PowerShellSession _ps = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync();
        _ps = PowerShellSession.Open();
        _ps.SetVariable("base", _fake.BaseUrl.ToString());
        _ps.SetVariable("secret", Secret);
        _ps.Invoke("$model = New-LiteLlmModel 'openai/gpt-4o' -ApiKey $secret -ApiBase $base -Params @{ max_tokens = 100 }; $agent = New-StrandsAgent $model -Name 'viewer' -Tool 'calculator'").ThrowIfErrors();
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public void A_result_shows_its_text_first()
    {
        _fake.Enqueue(FakeReply.Text("The answer is 42."));
        var host = _ps.Invoke("Invoke-StrandsAgent $agent 'q' 6>$null | Out-Default").ThrowIfErrors().HostOutput;
        var lines = NonEmptyLines(host);
        Assert.StartsWith("Text", lines[0]);
        Assert.Contains("The answer is 42.", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("Tokens") && l.Contains("10 in / 5 out"));
    }

    [Fact]
    public void Usage_is_a_table()
    {
        _fake.Enqueue(FakeReply.Text("ok"));
        var host = _ps.Invoke("$null = Invoke-StrandsAgent $agent 'q' 6>$null; Get-StrandsUsage $agent | Out-Default").ThrowIfErrors().HostOutput;
        var lines = NonEmptyLines(host);
        Assert.Matches(@"^Scope\s+Agent\s+Model\s+InputTokens\s+OutputTokens\s+CacheRead\s+Cycles\s+ToolCalls\s+CostUsd", lines[0]);
        Assert.Matches(@"^agent\s+viewer", lines[2]);
    }

    [Fact]
    public void Model_and_agent_views_show_where_the_key_came_from_and_never_the_key()
    {
        var host = _ps.Invoke("$model | Out-Default; $agent | Out-Default; $model.ToString(); $agent.ToString()").ThrowIfErrors().HostOutput;
        Assert.Contains("ApiKeySource : -ApiKey", host);
        Assert.Contains("Params       : max_tokens=100", host);
        Assert.Contains("Tools        : calculator", host);
        Assert.DoesNotContain(Secret, host);
    }

    [Fact]
    public void Stream_events_are_a_table_of_type_tool_and_text()
    {
        _fake.Enqueue(FakeReply.Text("streamed", chunks: 1));
        var host = _ps.Invoke("Invoke-StrandsAgent $agent 'q' -Stream | Where-Object { $_.PSObject.TypeNames[0] -eq 'Strands.StreamEvent' } | Out-Default").ThrowIfErrors().HostOutput;
        var lines = NonEmptyLines(host);
        Assert.Matches(@"^Type\s+ToolName\s+Text", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("TextDelta") && l.EndsWith("streamed"));
        Assert.Contains(lines, l => l.StartsWith("Metadata") && l.Contains("10 in / 5 out"));
        Assert.DoesNotContain(Secret, host);
    }

    private static List<string> NonEmptyLines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r', ' ')).Where(l => l.Length > 0).ToList();
}
