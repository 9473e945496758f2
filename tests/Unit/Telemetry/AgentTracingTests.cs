using System.Collections.Concurrent;
using System.Diagnostics;
using Strands.Agent;
using Strands.Telemetry;
using Strands.Tests.Core;
using Strands.Types;
using Xunit;
using CoreAgent = Strands.Agent.Agent;

namespace Strands.Tests.Telemetry;

/// <summary>The spans an agent emits, seen as any OpenTelemetry SDK would see them: through an ActivityListener.</summary>
public sealed class AgentTracingTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public AgentTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AgentTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    // Spans of one trace only: other tests run agents in parallel.
    private List<Activity> SpansOf(Activity root) => _stopped.Where(a => a.TraceId == root.TraceId).ToList();

    [Fact]
    public async Task An_invocation_with_a_tool_emits_invoke_agent_cycles_chat_and_execute_tool_under_the_callers_span()
    {
        var model = new ScriptedModel().Tools(("call-1", "echo", """{"v":1}""")).Text("done", input: 100, output: 7);
        var agent = new CoreAgent(model, new AgentOptions { Name = "ops", Tools = new[] { new DelegateTool("echo", _ => "1") } });
        using var root = new Activity("caller").Start();

        await agent.InvokeAsync("go");

        var spans = SpansOf(root);
        var invoke = Assert.Single(spans, s => s.OperationName == "invoke_agent ops");
        Assert.Equal(root.SpanId, invoke.ParentSpanId);
        Assert.Equal("invoke_agent", invoke.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("gpt-4o", invoke.GetTagItem("gen_ai.request.model"));
        Assert.Equal(110L, invoke.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(12L, invoke.GetTagItem("gen_ai.usage.output_tokens"));

        var cycles = spans.Where(s => s.OperationName == "execute_event_loop_cycle").ToList();
        Assert.Equal(2, cycles.Count);
        Assert.All(cycles, c => Assert.Equal(invoke.SpanId, c.ParentSpanId));

        var chats = spans.Where(s => s.OperationName == "chat").OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(2, chats.Count);
        Assert.Equal("openai", chats[1].GetTagItem("gen_ai.system"));
        Assert.Equal("gpt-4o", chats[1].GetTagItem("gen_ai.response.model"));
        Assert.Equal(100L, chats[1].GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(7L, chats[1].GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(0L, chats[1].GetTagItem("gen_ai.usage.cache_read_input_tokens"));
        Assert.Equal(new[] { "end_turn" }, (string[])chats[1].GetTagItem("gen_ai.response.finish_reasons")!);
        Assert.Equal(new[] { "tool_use" }, (string[])chats[0].GetTagItem("gen_ai.response.finish_reasons")!);
        Assert.Contains(chats[0].ParentSpanId, cycles.Select(c => c.SpanId));

        var tool = Assert.Single(spans, s => s.OperationName == "execute_tool echo");
        Assert.Equal("echo", tool.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("call-1", tool.GetTagItem("gen_ai.tool.call.id"));
        Assert.Equal("success", tool.GetTagItem("tool.status"));
        Assert.Equal(chats[0].ParentSpanId, tool.ParentSpanId);
        Assert.True(tool.Duration > TimeSpan.Zero);

        // Prompt and completion text only when the user opts in.
        Assert.All(spans, s => Assert.Null(s.GetTagItem("gen_ai.prompt")));
        Assert.All(spans, s => Assert.Null(s.GetTagItem("gen_ai.completion")));
    }

    [Fact]
    public async Task A_failed_model_call_sets_the_error_status_on_chat_and_invoke_agent()
    {
        var model = new ScriptedModel().Throw(new ModelException(ErrorIds.ModelThrottled, ErrorKind.LimitExceeded, "openai returned HTTP 429: slow down"));
        var agent = new CoreAgent(model);
        using var root = new Activity("caller").Start();

        await Assert.ThrowsAsync<ModelException>(() => agent.InvokeAsync("go"));

        var spans = SpansOf(root);
        var chat = Assert.Single(spans, s => s.OperationName == "chat");
        Assert.Equal(ActivityStatusCode.Error, chat.Status);
        Assert.Equal("ModelThrottled", chat.GetTagItem("error.type"));
        var invoke = Assert.Single(spans, s => s.OperationName.StartsWith("invoke_agent", StringComparison.Ordinal));
        Assert.Equal(ActivityStatusCode.Error, invoke.Status);
        Assert.Contains("429", invoke.StatusDescription);
    }

    [Fact]
    public async Task No_span_is_made_when_nothing_listens_to_the_source()
    {
        _listener.Dispose();
        Activity? seenByTool = null;
        var model = new ScriptedModel().Tools(("t", "probe", "{}")).Text("hi");
        var probe = new DelegateTool("probe", _ => { seenByTool = Activity.Current; return "ok"; });
        using var root = new Activity("caller").Start();
        await new CoreAgent(model, new AgentOptions { Tools = new[] { probe } }).InvokeAsync("go");
        // The tool still runs under the caller's activity: no span of ours came in between.
        Assert.Same(root, seenByTool);
    }
}
