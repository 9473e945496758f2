using System.Text.Json;
using Strands.Agent;
using Strands.FakeProvider;
using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Cmdlets;

/// <summary>-SessionPath through the cmdlets: saves after every invocation, and sessions that never mix.</summary>
public sealed class SessionCmdletTests : IAsyncLifetime
{
    private FakeProviderServer _fake = null!;
    private PowerShellSession _ps = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync();
        // Each reply names the prompt it answers, so a reply that lands in the wrong session shows.
        _fake.DefaultReply = FakeReply.Dynamic(request =>
        {
            var last = request.Json.RootElement.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user");
            var content = last.GetProperty("content");
            var text = content.ValueKind == JsonValueKind.String ? content.GetString() : content[0].GetProperty("text").GetString();
            return FakeReply.Text("echo:" + text);
        });
        _dir = Directory.CreateTempSubdirectory("strands-session-cmdlets-").FullName;
        _ps = PowerShellSession.Open();
        _ps.SetVariable("base", _fake.BaseUrl.ToString());
        _ps.SetVariable("dir", _dir);
        _ps.SetVariable("manifest", RepoPaths.ModuleManifest);
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        await _fake.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Two_agents_on_two_sessions_in_parallel_runspaces_never_mix()
    {
        var result = _ps.Invoke("""
            'A', 'B', 'C', 'D' | ForEach-Object -ThrottleLimit 4 -Parallel {
                Import-Module $using:manifest
                $name = $_
                $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $using:base
                $agent = New-StrandsAgent -Model $model -Name "agent-$name" -SessionPath ([System.IO.Path]::Combine($using:dir, "$name.json"))
                foreach ($i in 1..6) {
                    $agent.State['last'] = "$name-$i"
                    $answer = Invoke-StrandsAgent $agent "$name-$i" 6>$null
                    if ("$answer" -ne "echo:$name-$i") { throw "agent $name got '$answer' for $name-$i" }
                }
            }
            """);
        Assert.False(result.HadErrors, result.ErrorSummary);

        foreach (var name in new[] { "A", "B", "C", "D" })
        {
            var session = AgentSession.Load(Path.Combine(_dir, name + ".json"));
            Assert.Equal("agent-" + name, session.AgentName);
            Assert.Equal(12, session.Messages.Count);
            for (var i = 0; i < 6; i++)
            {
                Assert.Equal($"{name}-{i + 1}", session.Messages[2 * i].Text);
                Assert.Equal($"echo:{name}-{i + 1}", session.Messages[2 * i + 1].Text);
            }
            Assert.Equal(6, session.Usage.Invocations);
            Assert.Equal($"{name}-6", session.State!.Value.GetProperty("last").GetString());
        }
    }

    [Fact]
    public void A_restored_agent_sends_the_saved_conversation_and_keeps_name_usage_and_state()
    {
        _ps.Invoke("""
            $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $base
            $agent = New-StrandsAgent -Model $model -Name 'ops' -SessionPath ([System.IO.Path]::Combine($dir, 'ops.json'))
            $agent.State['ticket'] = @{ id = 42; tags = @('disk', 'sev2') }
            $null = Invoke-StrandsAgent $agent 'remember 42' 6>$null
            """).ThrowIfErrors();

        using var second = PowerShellSession.Open();
        second.SetVariable("base", _fake.BaseUrl.ToString());
        second.SetVariable("dir", _dir);
        var result = second.Invoke("""
            $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $base
            $agent = New-StrandsAgent -Model $model -SessionPath ([System.IO.Path]::Combine($dir, 'ops.json'))
            $agent.Name; $agent.State.ticket.id; $agent.State.ticket.tags -join ','; $agent.MessageCount
            (Get-StrandsUsage -Agent $agent).Invocations
            $null = Invoke-StrandsAgent $agent 'what did I say?' 6>$null
            (Get-StrandsUsage -Agent $agent).Invocations
            """).ThrowIfErrors();

        Assert.Equal(new object[] { "ops", 42, "disk,sev2", 2, 1, 2 }, result.Output.Select(o => o.BaseObject).ToArray());
        var sent = _fake.LastRequest.Json.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").ToString()).ToList();
        Assert.Contains(sent, c => c.Contains("remember 42"));
        Assert.Contains(sent, c => c.Contains("echo:remember 42"));
        Assert.Equal(4, AgentSession.Load(Path.Combine(_dir, "ops.json")).Messages.Count);
    }

    [Fact]
    public void A_session_file_of_another_agent_is_refused()
    {
        var result = _ps.Invoke("""
            $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $base
            $a = New-StrandsAgent -Model $model -Name 'first' -SessionPath ([System.IO.Path]::Combine($dir, 'shared.json'))
            $null = Invoke-StrandsAgent $a 'hello' 6>$null
            New-StrandsAgent -Model $model -Name 'second' -SessionPath ([System.IO.Path]::Combine($dir, 'shared.json'))
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("SessionAgentMismatch,Strands.PowerShell.Commands.NewStrandsAgentCommand", error.FullyQualifiedErrorId);
        Assert.Contains("belongs to agent 'first'", error.Exception.Message);
        Assert.Equal("first", AgentSession.Load(Path.Combine(_dir, "shared.json")).AgentName);
    }

    [Fact]
    public void A_failed_invocation_is_saved_too()
    {
        _fake.Enqueue(FakeReply.ProviderError(400, "Invalid request: scripted."));
        var result = _ps.Invoke("""
            $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $base
            $agent = New-StrandsAgent -Model $model -SessionPath ([System.IO.Path]::Combine($dir, 'failed.json'))
            Invoke-StrandsAgent $agent 'this one fails' 6>$null
            """);

        Assert.Empty(result.Output);
        var session = AgentSession.Load(Path.Combine(_dir, "failed.json"));
        Assert.Equal("InvalidRequest,Strands.PowerShell.Commands.InvokeStrandsAgentCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(1, session.Usage.Invocations);
        Assert.Equal("this one fails", Assert.Single(session.Messages).Text);
    }

    [Fact]
    public void Ctrl_C_during_a_tool_saves_a_valid_session()
    {
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("wait", "{}", "w1")));
        var started = Path.Combine(_dir, "started");
        var path = Path.Combine(_dir, "stopped.json");
        using (var invocation = _ps.BeginInvoke("""
            $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $base
            $tools = @{ wait = { [System.IO.File]::WriteAllText($started, 'x'); while ($true) { [System.Threading.Thread]::Sleep(20) } } }
            $agent = New-StrandsAgent -Model $model -Tool $tools -SessionPath $path
            Invoke-StrandsAgent $agent 'wait for me' 6>$null
            """, new Dictionary<string, object?> { ["started"] = started, ["path"] = path }))
        {
            Assert.True(SpinWait.SpinUntil(() => File.Exists(started), TimeSpan.FromSeconds(30)), "the tool never started");
            invocation.Stop();
            invocation.Wait(TimeSpan.FromSeconds(10));
        }

        // Saved at once with the repaired conversation, then again with the usage once the loop has unwound.
        var session = AgentSession.Load(path);
        Assert.True(SpinWait.SpinUntil(() => (session = AgentSession.Load(path)).Usage.Invocations == 1, TimeSpan.FromSeconds(10)), "the usage of the stopped invocation was never saved");
        Assert.Equal(3, session.Messages.Count);
        Assert.Equal("wait for me", session.Messages[0].Text);
        Assert.Equal("w1", Assert.Single(session.Messages[1].ToolUses).ToolUseId);
        Assert.Equal("w1", Assert.Single(session.Messages[2].ToolResults).ToolUseId);
        Strands.Tests.Core.AgentLoopTests.AssertValidHistory(session.Messages);
    }
}
