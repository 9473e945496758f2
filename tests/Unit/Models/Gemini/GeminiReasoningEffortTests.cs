using System.Text;
using System.Text.Json;
using Strands.Models;
using Strands.Models.Gemini;
using Strands.Models.Http;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Gemini;

/// <summary>reasoning_effort as generationConfig.thinkingConfig, as LiteLLM maps it for Gemini 2.5 and 3 (docs/wire-formats.md, Reasoning effort).</summary>
public sealed class GeminiReasoningEffortTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Write(string model, string parameters, List<string>? ignored = null) =>
        Encoding.UTF8.GetString(GeminiRequestWriter.Write(model,
            new ModelRequest(new[] { Message.UserText("Hi") }, Array.Empty<ContentBlock>(), Array.Empty<ToolSpec>()), Json(parameters), ignored));

    private static string ThinkingConfig(string model, string effort) =>
        Json(Write(model, $$"""{"reasoning_effort":"{{effort}}"}""")).GetProperty("generationConfig").GetProperty("thinkingConfig").GetRawText();

    [Fact]
    public void Gemini_2_5_gets_a_budget_and_the_effort_is_not_reported_as_ignored()
    {
        var ignored = new List<string>();

        Assert.Equal(
            """{"contents":[{"role":"user","parts":[{"text":"Hi"}]}],"generationConfig":{"maxOutputTokens":500,"thinkingConfig":{"thinkingBudget":2048,"includeThoughts":true}}}""",
            Write("gemini-2.5-pro", """{"max_tokens":500,"reasoning_effort":"medium"}""", ignored));
        Assert.Empty(ignored);
    }

    [Theory]
    [InlineData("gemini-2.5-flash", "minimal", """{"thinkingBudget":1,"includeThoughts":true}""")]
    [InlineData("gemini-2.5-pro", "minimal", """{"thinkingBudget":128,"includeThoughts":true}""")]
    [InlineData("gemini-2.5-flash-lite", "minimal", """{"thinkingBudget":512,"includeThoughts":true}""")]
    [InlineData("gemini-2.0-flash-thinking-exp", "minimal", """{"thinkingBudget":128,"includeThoughts":true}""")]
    [InlineData("gemini-2.5-flash", "low", """{"thinkingBudget":1024,"includeThoughts":true}""")]
    [InlineData("gemini-2.5-flash", "high", """{"thinkingBudget":4096,"includeThoughts":true}""")]
    [InlineData("gemini-2.5-flash", "disable", """{"thinkingBudget":0,"includeThoughts":false}""")]
    [InlineData("gemini-2.5-flash", "none", """{"thinkingBudget":0}""")]
    public void Gemini_2_5_budgets(string model, string effort, string expected) =>
        Assert.Equal(expected, ThinkingConfig(model, effort));

    [Theory]
    [InlineData("gemini-3-pro-preview", "low", """{"thinkingLevel":"low","includeThoughts":true}""")]
    [InlineData("gemini-3-pro-preview", "medium", """{"thinkingLevel":"high","includeThoughts":true}""")]
    [InlineData("gemini-3-pro-preview", "minimal", """{"thinkingLevel":"low","includeThoughts":true}""")]
    [InlineData("gemini-3-flash-preview", "medium", """{"thinkingLevel":"medium","includeThoughts":true}""")]
    [InlineData("gemini-3-flash-preview", "minimal", """{"thinkingLevel":"minimal","includeThoughts":true}""")]
    [InlineData("gemini-3.1-pro-preview", "medium", """{"thinkingLevel":"medium","includeThoughts":true}""")]
    [InlineData("gemini-3-pro-preview", "high", """{"thinkingLevel":"high","includeThoughts":true}""")]
    [InlineData("gemini-3-pro-preview", "none", """{"thinkingLevel":"low","includeThoughts":false}""")]
    public void Gemini_3_levels(string model, string effort, string expected) =>
        Assert.Equal(expected, ThinkingConfig(model, effort));

    [Fact]
    public void Explicit_thinking_config_wins_over_reasoning_effort()
    {
        Assert.Equal(
            """{"contents":[{"role":"user","parts":[{"text":"Hi"}]}],"generationConfig":{"thinkingConfig":{"thinkingBudget":300}}}""",
            Write("gemini-2.5-flash", """{"generationConfig":{"thinkingConfig":{"thinkingBudget":300}},"reasoning_effort":"high"}"""));
        Assert.Equal(
            """{"contents":[{"role":"user","parts":[{"text":"Hi"}]}],"generationConfig":{"thinkingConfig":{"thinkingLevel":"high"}}}""",
            Write("gemini-3-pro-preview", """{"reasoning_effort":"low","thinkingConfig":{"thinkingLevel":"high"}}"""));
    }

    [Fact]
    public void A_bad_effort_fails_when_the_model_is_created()
    {
        var ex = Assert.Throws<StrandsException>(() => new GeminiModel("gemini", "gemini-2.5-flash", "https://example.test", ApiKey.FromPlainText("k"),
            Json("""{"reasoning_effort":"max"}"""), new HttpSettings()));

        Assert.Equal(ErrorIds.InvalidArgument, ex.ErrorId);
        Assert.Contains("only for Claude Opus 4.6", ex.Message);
    }
}
