using System.Text.Json;
using Strands.Agent;
using Strands.Hooks;
using Strands.Types;
using Xunit;
using CoreAgent = Strands.Agent.Agent;

namespace Strands.Tests.Core;

public sealed class HookTests
{
    private sealed class RecordingHook(string name, List<string> log, Func<HookEvent, Task>? act = null) : IAgentHook
    {
        public async Task OnEventAsync(HookEvent hookEvent, CancellationToken cancellationToken)
        {
            log.Add($"{name}:{hookEvent.Kind}");
            if (act != null) await act(hookEvent);
        }
    }

    private static CoreAgent Agent(ScriptedModel model, IAgentHook[] hooks, params Strands.Tools.ITool[] tools) =>
        new(model, new AgentOptions { Tools = tools, Hooks = hooks });

    [Fact]
    public async Task After_events_run_hooks_in_reverse_order()
    {
        var log = new List<string>();
        var model = new ScriptedModel().Text("hi");
        await Agent(model, new IAgentHook[] { new RecordingHook("a", log), new RecordingHook("b", log) }).InvokeAsync("go");

        Assert.Equal(new[]
        {
            "a:BeforeInvocation", "b:BeforeInvocation", "a:MessageAdded", "b:MessageAdded",
            "a:BeforeModelCall", "b:BeforeModelCall", "b:AfterModelCall", "a:AfterModelCall",
            "a:MessageAdded", "b:MessageAdded", "b:AfterInvocation", "a:AfterInvocation",
        }, log);
    }

    [Fact]
    public async Task A_cancelled_call_never_runs_and_the_model_gets_the_message()
    {
        var echo = new DelegateTool("echo", _ => "ran");
        var model = new ScriptedModel().Tools(("t1", "echo", "{}")).Text("ok");
        var hook = new RecordingHook("g", new List<string>(), e =>
        {
            if (e is BeforeToolCallEvent before) before.CancelMessage = "blocked";
            return Task.CompletedTask;
        });
        await Agent(model, new IAgentHook[] { hook }, echo).InvokeAsync("go");

        Assert.Empty(echo.Calls);
        var result = model.Requests[1].Messages.Last().ToolResults.Single();
        Assert.Equal(ToolResultStatus.Error, result.Status);
        Assert.Equal("blocked", result.ToText());
    }

    [Fact]
    public async Task Replaced_input_is_validated_and_reaches_the_tool_and_the_result_can_be_rewritten()
    {
        var tool = new DelegateTool("count", """{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}""", (a, _) => Task.FromResult(a.GetProperty("n").GetRawText()));
        var model = new ScriptedModel().Tools(("t1", "count", """{"n":1}""")).Text("ok");
        var hook = new RecordingHook("g", new List<string>(), e =>
        {
            if (e is BeforeToolCallEvent before) before.Input = JsonDocument.Parse("""{"n":42}""").RootElement;
            if (e is AfterToolCallEvent after) after.Result = ToolResultBlock.FromText("other-id", ToolResultStatus.Success, "seen " + after.Result.ToText());
            return Task.CompletedTask;
        });
        var invocation = await Agent(model, new IAgentHook[] { hook }, tool).InvokeAsync("go");

        var result = model.Requests[1].Messages.Last().ToolResults.Single();
        Assert.Equal("t1", result.ToolUseId);
        Assert.Equal("seen 42", result.ToText());
        Assert.Equal(42, invocation.ToolCalls.Single().Input.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task A_throwing_hook_fails_the_invocation_with_HookFailed()
    {
        var model = new ScriptedModel().Text("never");
        var hook = new RecordingHook("g", new List<string>(), e => e.Kind == HookEventKind.BeforeModelCall ? throw new InvalidOperationException("nope") : Task.CompletedTask);
        var agent = Agent(model, new IAgentHook[] { hook });

        var ex = await Assert.ThrowsAsync<HookException>(() => agent.InvokeAsync("go"));
        Assert.Equal(ErrorIds.HookFailed, ex.ErrorId);
        Assert.Equal("The BeforeModelCall hook failed: nope", ex.Message);
        Assert.Empty(model.Requests);
    }
}
