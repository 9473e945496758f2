using System.Management.Automation;
using Strands.FakeProvider;
using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Cmdlets;

/// <summary>Write-Progress of Invoke-StrandsAgent (the progress stream cannot be redirected in a Pester file).</summary>
public sealed class ProgressTests : IAsyncLifetime
{
    private FakeProviderServer _fake = null!;
    private PowerShellSession _ps = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync();
        _ps = PowerShellSession.Open();
        _ps.SetVariable("base", _fake.BaseUrl.ToString());
        _ps.Invoke("$model = New-LiteLlmModel 'openai/gpt-4o' -ApiKey test-key -ApiBase $base").ThrowIfErrors();
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public void Progress_shows_the_cycle_and_the_running_tool_then_completes()
    {
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("echo", """{"text":"x"}""", "p1")), FakeReply.Text("done"));
        var result = _ps.Invoke("Invoke-StrandsAgent (New-StrandsAgent $model -Name worker -Tool @{ echo = { param($text) $text } }) 'go' 6>$null").ThrowIfErrors();

        var statuses = result.Progress.Select(p => p.StatusDescription).ToList();
        Assert.Contains("Cycle 1: waiting for the model", statuses);
        Assert.Contains("Cycle 1: running tool echo", statuses);
        Assert.Contains("Cycle 2: waiting for the model", statuses);
        Assert.All(result.Progress, p => Assert.Equal("Strands agent 'worker'", p.Activity));
        Assert.Equal(ProgressRecordType.Completed, result.Progress.Last().RecordType);
    }

    [Fact]
    public void Progress_completes_when_the_call_fails()
    {
        _fake.Enqueue(FakeReply.ProviderError(400, "bad request"));
        var result = _ps.Invoke("Invoke-StrandsAgent (New-StrandsAgent $model) 'go' 6>$null");

        Assert.NotEmpty(result.Errors);
        Assert.Equal(ProgressRecordType.Completed, result.Progress.Last().RecordType);
    }
}
