using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Strands.FakeProvider;
using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Cmdlets;

/// <summary>
/// -Confirm on a host that cannot ask (a runspace with the engine's default host, as in a
/// service or scheduled task) must not hang or fail the call: the tool counts as declined.
/// </summary>
public sealed class ConfirmationHostTests
{
    [Fact]
    public async Task A_host_that_cannot_prompt_declines_and_the_model_is_told()
    {
        await using var fake = await FakeProviderServer.StartAsync();
        fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("wipe", "{}", "c1")), FakeReply.Text("could not wipe"));
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault());
        runspace.Open();
        using var ps = PowerShell.Create(runspace);
        ps.AddScript("""
            param($base, $manifest)
            Import-Module $manifest -ErrorAction Stop
            $global:wiped = $false
            $agent = New-StrandsAgent (New-LiteLlmModel 'openai/gpt-4o' -ApiKey test-key -ApiBase $base) -Tool @{ wipe = { $global:wiped = $true; 'wiped' } } -ConfirmTool wipe
            "$(Invoke-StrandsAgent $agent 'wipe it' -Confirm 6>$null)"
            $global:wiped
            """).AddArgument(fake.BaseUrl.ToString()).AddArgument(RepoPaths.ModuleManifest);

        var invocation = Task.Run(() => ps.Invoke());
        var finished = await Task.WhenAny(invocation, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(invocation, finished);
        var output = await invocation;

        Assert.False(ps.HadErrors, string.Join("; ", ps.Streams.Error));
        Assert.Equal("could not wipe", output[0].ToString());
        Assert.False((bool)output[1].BaseObject);
        var toolMessage = fake.Requests[1].Json.RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Contains("no interactive input to ask the user", toolMessage.GetProperty("content").GetString());
    }
}
