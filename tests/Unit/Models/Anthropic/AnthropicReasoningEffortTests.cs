using System.Text;
using System.Text.Json;
using Strands.Models;
using Strands.Models.Anthropic;
using Strands.Models.Http;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Anthropic;

/// <summary>reasoning_effort on the Messages API, as LiteLLM's _map_reasoning_effort sends it (docs/wire-formats.md, Reasoning effort).</summary>
public class AnthropicReasoningEffortTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static ModelRequest Hi() => new(new[] { Message.UserText("Hi") }, Array.Empty<ContentBlock>(), Array.Empty<ToolSpec>());

    private static string Write(string parameters, string model = "claude-sonnet-4-5", ModelRequest? request = null) =>
        Encoding.UTF8.GetString(AnthropicRequestWriter.Write(model, request ?? Hi(), Json(parameters), true, 64000));

    [Fact]
    public void Low_is_a_1024_token_budget_and_max_tokens_leaves_4096_above_it()
    {
        Assert.Equal(
            """{"model":"claude-sonnet-4-5","max_tokens":5120,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],"stream":true,"thinking":{"type":"enabled","budget_tokens":1024}}""",
            Write("""{"reasoning_effort":"low"}"""));
    }

    [Theory]
    [InlineData("minimal", 128)]
    [InlineData("low", 1024)]
    [InlineData("medium", 2048)]
    [InlineData("high", 4096)]
    public void Each_effort_has_its_budget(string effort, int budget)
    {
        var body = Json(Write($$"""{"reasoning_effort":"{{effort}}"}"""));

        Assert.Equal(budget, body.GetProperty("thinking").GetProperty("budget_tokens").GetInt32());
        Assert.Equal(budget + 4096, body.GetProperty("max_tokens").GetInt32());
        Assert.False(body.TryGetProperty("reasoning_effort", out _));
    }

    [Fact]
    public void A_given_max_tokens_is_kept()
    {
        var body = Json(Write("""{"reasoning_effort":"high","max_tokens":20000}"""));

        Assert.Equal(20000, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(4096, body.GetProperty("thinking").GetProperty("budget_tokens").GetInt32());
    }

    [Theory]
    [InlineData("none")]
    [InlineData("disable")]
    public void None_sends_no_thinking_and_keeps_the_default_max_tokens(string effort)
    {
        Assert.Equal(
            """{"model":"claude-sonnet-4-5","max_tokens":64000,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],"stream":true}""",
            Write($$"""{"reasoning_effort":"{{effort}}"}"""));
    }

    [Fact]
    public void Explicit_thinking_wins_over_reasoning_effort_and_its_budget_sets_max_tokens()
    {
        Assert.Equal(
            """{"model":"claude-sonnet-4-5","max_tokens":7096,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],"stream":true,"thinking":{"type":"enabled","budget_tokens":3000}}""",
            Write("""{"thinking":{"type":"enabled","budget_tokens":3000},"reasoning_effort":"low"}"""));
    }

    [Theory]
    [InlineData("claude-sonnet-4-6", "medium", "medium")]
    [InlineData("claude-opus-4-6", "minimal", "low")]
    [InlineData("claude-opus-4-6", "max", "max")]
    [InlineData("claude-opus-4.6", "high", "high")]
    public void Claude_4_6_thinks_adaptively_with_an_output_effort(string model, string effort, string level)
    {
        Assert.Equal(
            $$$"""{"model":"{{{model}}}","max_tokens":64000,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],"stream":true,"thinking":{"type":"adaptive"},"output_config":{"effort":"{{{level}}}"}}""",
            Write($$"""{"reasoning_effort":"{{effort}}"}""", model));
    }

    [Fact]
    public void Claude_4_6_with_none_does_not_think()
    {
        var body = Json(Write("""{"reasoning_effort":"none"}""", "claude-opus-4-6"));

        Assert.False(body.TryGetProperty("thinking", out _));
        Assert.False(body.TryGetProperty("output_config", out _));
    }

    [Fact]
    public void Effort_thinking_turns_a_forced_tool_choice_into_auto()
    {
        var request = new ModelRequest(new[] { Message.UserText("Hi") }, Array.Empty<ContentBlock>(),
            new[] { new ToolSpec("answer", "Answer.", Json("""{"type":"object"}""")) }, ToolChoice.Any);

        var body = Json(Write("""{"reasoning_effort":"low"}""", request: request));

        Assert.Equal("auto", body.GetProperty("tool_choice").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("claude-sonnet-4-5", "extreme", "none, disable, minimal, low, medium, high, max")]
    [InlineData("claude-sonnet-4-5", "max", "only for Claude Opus 4.6")]
    [InlineData("claude-sonnet-4-6", "max", "only for Claude Opus 4.6")]
    public void A_bad_effort_fails_when_the_model_is_created(string model, string effort, string message)
    {
        var ex = Assert.Throws<StrandsException>(() => new AnthropicModel("anthropic", model, AnthropicModel.MessagesUrl("http://127.0.0.1:1"), null,
            Json($$"""{"reasoning_effort":"{{effort}}"}"""), new HttpSettings()));

        Assert.Equal(ErrorIds.InvalidArgument, ex.ErrorId);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Explicit_thinking_without_max_tokens_leaves_4096_above_its_budget()
    {
        // A price-table default below the budget would be rejected; LiteLLM sends budget + 4096.
        var body = Json(Encoding.UTF8.GetString(AnthropicRequestWriter.Write("claude-x", Hi(),
            Json("""{"thinking":{"type":"enabled","budget_tokens":8000}}"""), true, 4096)));
        Assert.Equal(12096, body.GetProperty("max_tokens").GetInt32());
    }
}
