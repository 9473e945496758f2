using System.Text.Json;
using Strands.Agent;
using Strands.Models;
using Strands.StructuredOutput;
using Strands.Types;
using Xunit;
using CoreAgent = Strands.Agent.Agent;

namespace Strands.Tests.Core;

public sealed class AgentLoopTests
{
    private static CoreAgent Agent(ScriptedModel model, params Strands.Tools.ITool[] tools) =>
        new(model, new AgentOptions { Tools = tools });

    private static IEnumerable<ToolResultBlock> ResultsSentIn(ModelRequest request) =>
        request.Messages.Last().ToolResults;

    [Fact]
    public async Task Two_tool_calls_in_one_reply_are_answered_in_one_message_in_order()
    {
        var model = new ScriptedModel().Tools(("a", "echo", """{"v":1}"""), ("b", "echo", """{"v":2}""")).Text("done");
        var echo = new DelegateTool("echo", args => args.GetProperty("v").GetRawText());
        var result = await Agent(model, echo).InvokeAsync("go");

        Assert.Equal("done", result.Text);
        var results = ResultsSentIn(model.Requests[1]).ToList();
        Assert.Equal(new[] { "a", "b" }, results.Select(r => r.ToolUseId));
        Assert.Equal(new[] { "1", "2" }, results.Select(r => r.ToText()));
        Assert.Equal(2, result.Metrics.Cycles);
        Assert.Equal(2, result.Metrics.Tools["echo"].SuccessCount);
    }

    [Fact]
    public async Task A_tool_the_model_was_not_offered_is_never_run()
    {
        var model = new ScriptedModel().Tools(("x", "rm_rf", "{}")).Text("ok");
        var echo = new DelegateTool("echo", _ => "ran");
        await Agent(model, echo).InvokeAsync("go");

        var result = ResultsSentIn(model.Requests[1]).Single();
        Assert.Equal(ToolResultStatus.Error, result.Status);
        Assert.Contains("unknown tool 'rm_rf'", result.ToText());
        Assert.Contains("echo", result.ToText());
        Assert.Empty(echo.Calls);
    }

    [Theory]
    [InlineData("""{"count": "three"}""", "expected integer")]
    [InlineData("""{}""", "'count' is required")]
    [InlineData("""{"count": 1, "force": true}""", "'force' is not a known parameter")]
    [InlineData("""{"count": 1""", "not valid JSON")]
    public async Task Invalid_arguments_become_an_error_result_and_nothing_runs(string arguments, string expected)
    {
        var tool = new DelegateTool("counter", """{"type":"object","properties":{"count":{"type":"integer"}},"required":["count"],"additionalProperties":false}""", (_, _) => Task.FromResult("ran"));
        var model = new ScriptedModel().Tools(("t1", "counter", arguments)).Text("ok");
        await Agent(model, tool).InvokeAsync("go");

        var result = ResultsSentIn(model.Requests[1]).Single();
        Assert.Equal(ToolResultStatus.Error, result.Status);
        Assert.Contains(expected, result.ToText());
        Assert.Empty(tool.Calls);
    }

    [Fact]
    public async Task A_reply_with_tool_calls_is_tool_use_even_if_the_provider_said_end_turn()
    {
        var model = new ScriptedModel()
            .Reply(new ToolUseStartEvent("t", "echo"), new ToolUseInputDeltaEvent("{}"), ContentBlockStopEvent.Instance, new MessageStopEvent(StopReason.EndTurn))
            .Text("after tool");
        var echo = new DelegateTool("echo", _ => "x");
        var result = await Agent(model, echo).InvokeAsync("go");
        Assert.Equal("after tool", result.Text);
        Assert.Single(echo.Calls);
    }

    [Fact]
    public async Task Max_cycles_ends_with_MaxCyclesExceeded_and_a_valid_history()
    {
        var model = new ScriptedModel();
        for (var i = 0; i < 5; i++) model.Tools(($"t{i}", "echo", "{}"));
        var agent = new CoreAgent(model, new AgentOptions { Tools = new[] { new DelegateTool("echo", _ => "again") }, MaxCycles = 3 });

        var ex = await Assert.ThrowsAsync<AgentInvocationException>(() => agent.InvokeAsync("loop forever"));
        Assert.Equal(ErrorIds.MaxCyclesExceeded, ex.ErrorId);
        Assert.Equal(3, model.Requests.Count);
        AssertValidHistory(agent.Messages);
    }

    [Fact]
    public async Task A_token_budget_stops_a_tool_loop_before_the_next_call_and_leaves_a_valid_history()
    {
        var model = new ScriptedModel();
        for (var i = 0; i < 5; i++) model.Tools(($"t{i}", "echo", "{}"));
        var echo = new DelegateTool("echo", _ => "again");
        var agent = new CoreAgent(model, new AgentOptions { Tools = new[] { echo }, Budget = new Budget { Tokens = 100 } });

        var ex = await Assert.ThrowsAsync<AgentInvocationException>(() => agent.InvokeAsync("loop", budget: new Budget { Tokens = 30 }));
        Assert.Equal(ErrorIds.BudgetExceeded, ex.ErrorId);
        Assert.Contains("invocation's token budget is reached: 30 tokens used of 30", ex.Message);
        Assert.Equal(2, model.Requests.Count);
        Assert.Single(echo.Calls);
        AssertValidHistory(agent.Messages);
        Assert.Equal(30, agent.AccumulatedMetrics.Usage.TotalTokens);
    }

    [Fact]
    public async Task Max_tokens_keeps_the_partial_text_reachable()
    {
        var model = new ScriptedModel().Reply(new TextDeltaEvent("The answer is "), new MessageStopEvent(StopReason.MaxTokens));
        var agent = Agent(model);
        var ex = await Assert.ThrowsAsync<AgentInvocationException>(() => agent.InvokeAsync("long question"));
        Assert.Equal(ErrorIds.MaxTokensReached, ex.ErrorId);
        Assert.Equal("The answer is ", ex.PartialText);
        Assert.Equal("The answer is ", agent.Messages.Last().Text);
    }

    [Fact]
    public async Task Context_overflow_truncates_the_oldest_large_tool_result_and_retries()
    {
        var big = new string('x', 5000);
        var model = new ScriptedModel()
            .Tools(("t1", "dump", "{}")).Text("first done")
            .Throw(new ContextWindowOverflowException("prompt is too long")).Text("fits now");
        var agent = Agent(model, new DelegateTool("dump", _ => big));
        await agent.InvokeAsync("dump it");
        var result = await agent.InvokeAsync("and now?");

        Assert.Equal("fits now", result.Text);
        var retried = model.Requests.Last();
        var truncated = retried.Messages.SelectMany(m => m.ToolResults).Single().ToText();
        Assert.Contains("[truncated:", truncated);
        Assert.True(truncated.Length < 1000);
    }

    [Fact]
    public async Task Overflow_that_cannot_be_reduced_surfaces_after_a_bounded_number_of_tries()
    {
        var model = new ScriptedModel();
        for (var i = 0; i < 10; i++) model.Throw(new ContextWindowOverflowException("too long"));
        var agent = Agent(model);
        await Assert.ThrowsAsync<ContextWindowOverflowException>(() => agent.InvokeAsync("hi"));
        Assert.True(model.Requests.Count <= 4);
    }

    [Fact]
    public async Task Cancelling_during_a_tool_leaves_no_dangling_tool_use()
    {
        using var cts = new CancellationTokenSource();
        var model = new ScriptedModel().Tools(("slow", "wait", "{}")).Text("next call works");
        var wait = new DelegateTool("wait", """{"type":"object"}""", async (_, ct) => { cts.Cancel(); await Task.Delay(Timeout.Infinite, ct); return ""; });
        var agent = Agent(model, wait);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => agent.InvokeAsync("go", cancellationToken: cts.Token));
        AssertValidHistory(agent.Messages);
        Assert.Equal("next call works", (await agent.InvokeAsync("again")).Text);
    }

    [Fact]
    public async Task History_persists_across_invocations_and_usage_accumulates()
    {
        var model = new ScriptedModel().Text("one", 10, 1).Text("two", 20, 2);
        var agent = Agent(model);
        await agent.InvokeAsync("first");
        await agent.InvokeAsync("second");
        Assert.Equal(3, model.Requests[1].Messages.Count);
        Assert.Equal(30, agent.AccumulatedMetrics.Usage.InputTokens);
        Assert.Equal(2, agent.AccumulatedMetrics.Invocations);
    }

    [Fact]
    public async Task A_second_concurrent_invocation_is_refused_with_AgentBusy()
    {
        using var release = new SemaphoreSlim(0);
        var model = new ScriptedModel().Tools(("t", "block", "{}")).Text("ok");
        var agent = Agent(model, new DelegateTool("block", """{"type":"object"}""", async (_, ct) => { await release.WaitAsync(ct); return "x"; }));
        var first = agent.InvokeAsync("one");
        while (!agent.IsBusy || model.Requests.Count == 0) await Task.Delay(5);
        var ex = await Assert.ThrowsAsync<StrandsException>(() => agent.InvokeAsync("two"));
        Assert.Equal(ErrorIds.AgentBusy, ex.ErrorId);
        release.Release();
        await first;
    }

    [Fact]
    public async Task Structured_output_is_validated_and_invalid_output_is_asked_again()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"rating":{"type":"integer","minimum":1,"maximum":10}},"required":["rating"]}""").RootElement.Clone();
        var request = new StructuredOutputRequest(new ToolSpec("BookAnalysis", "d", schema));
        var model = new ScriptedModel().Tools(("s1", "BookAnalysis", """{"rating":11}""")).Tools(("s2", "BookAnalysis", """{"rating":9}"""));
        var result = await Agent(model).InvokeAsync("analyse", structuredOutput: request);

        Assert.Equal(9, result.StructuredOutput!.Value.GetProperty("rating").GetInt32());
        var feedback = ResultsSentIn(model.Requests[1]).Single();
        Assert.Equal(ToolResultStatus.Error, feedback.Status);
        Assert.Contains("Field 'rating' must be less than or equal to 10", feedback.ToText());
        Assert.Contains(model.Requests[0].Tools, t => t.Name == "BookAnalysis");
    }

    [Fact]
    public async Task Structured_output_gives_up_after_its_retries_with_StructuredOutputInvalid()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"rating":{"type":"integer","maximum":10}},"required":["rating"]}""").RootElement.Clone();
        var model = new ScriptedModel();
        for (var i = 0; i < 3; i++) model.Tools(($"s{i}", "Book", """{"rating":99}"""));
        var ex = await Assert.ThrowsAsync<AgentInvocationException>(() => Agent(model).InvokeAsync("x", structuredOutput: new StructuredOutputRequest(new ToolSpec("Book", "d", schema), maxRetries: 2)));
        Assert.Equal(ErrorIds.StructuredOutputInvalid, ex.ErrorId);
        Assert.Equal(3, model.Requests.Count);
    }

    [Fact]
    public async Task A_model_that_answers_without_the_output_tool_is_forced_to_call_it_once()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"title":{"type":"string"}}}""").RootElement.Clone();
        var model = new ScriptedModel().Text("plain prose").Tools(("s", "Book", """{"title":"Dune"}"""));
        var result = await Agent(model).InvokeAsync("x", structuredOutput: new StructuredOutputRequest(new ToolSpec("Book", "d", schema)));

        Assert.Equal("Dune", result.StructuredOutput!.Value.GetProperty("title").GetString());
        var forced = model.Requests[1];
        Assert.Equal(ToolChoice.Tool("Book"), forced.ToolChoice);
        Assert.Equal(StructuredOutputRequest.ForcePrompt, forced.Messages.Last().Text);
    }

    internal static void AssertValidHistory(IReadOnlyList<Message> messages)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var uses = messages[i].ToolUses.Select(u => u.ToolUseId).ToList();
            if (uses.Count == 0) continue;
            Assert.True(i + 1 < messages.Count, $"message {i} asks for tools but nothing answers it");
            Assert.Equal(uses, messages[i + 1].ToolResults.Select(r => r.ToolUseId).ToList());
        }
        foreach (var (m, i) in messages.Select((m, i) => (m, i)))
            foreach (var r in m.ToolResults)
                Assert.True(i > 0 && messages[i - 1].ToolUses.Any(u => u.ToolUseId == r.ToolUseId), $"orphan tool result {r.ToolUseId} at {i}");
    }
}
