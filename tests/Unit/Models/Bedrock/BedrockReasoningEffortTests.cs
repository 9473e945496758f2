using System.Text;
using System.Text.Json;
using Strands.Models;
using Strands.Models.Bedrock;
using Strands.Models.Http;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Bedrock;

/// <summary>reasoning_effort on Converse, by model family, as LiteLLM's _handle_reasoning_effort_parameter sends it (docs/wire-formats.md, Reasoning effort).</summary>
public sealed class BedrockReasoningEffortTests
{
    private const string Claude37 = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Write(string model, string parameters) =>
        Encoding.UTF8.GetString(BedrockRequestWriter.Write(model,
            new ModelRequest(new[] { Message.UserText("Hello") }, Array.Empty<ContentBlock>(), Array.Empty<ToolSpec>()), Json(parameters)));

    [Fact]
    public void Claude_gets_a_thinking_budget_and_max_tokens_above_it()
    {
        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hello"}]}],"inferenceConfig":{"maxTokens":5120},"additionalModelRequestFields":{"thinking":{"type":"enabled","budget_tokens":1024}}}""",
            Write(Claude37, """{"reasoning_effort":"low"}"""));
    }

    [Fact]
    public void Claude_keeps_a_given_max_tokens_and_other_model_fields()
    {
        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hello"}]}],"inferenceConfig":{"maxTokens":9000},"additionalModelRequestFields":{"top_k":5,"thinking":{"type":"enabled","budget_tokens":4096}}}""",
            Write(Claude37, """{"reasoning_effort":"high","max_tokens":9000,"top_k":5}"""));
    }

    [Fact]
    public void Claude_4_6_thinks_adaptively()
    {
        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hello"}]}],"additionalModelRequestFields":{"thinking":{"type":"adaptive"},"output_config":{"effort":"medium"}}}""",
            Write("global.anthropic.claude-sonnet-4-6", """{"reasoning_effort":"medium"}"""));
    }

    [Fact]
    public void Explicit_thinking_wins_over_reasoning_effort()
    {
        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hello"}]}],"inferenceConfig":{"maxTokens":6096},"additionalModelRequestFields":{"thinking":{"type":"enabled","budget_tokens":2000}}}""",
            Write(Claude37, """{"thinking":{"type":"enabled","budget_tokens":2000},"reasoning_effort":"high"}"""));
        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hello"}]}],"additionalModelRequestFields":{"reasoningConfig":{"type":"disabled"}}}""",
            Write("us.amazon.nova-2-lite-v1:0", """{"additionalModelRequestFields":{"reasoningConfig":{"type":"disabled"}},"reasoning_effort":"high"}"""));
    }

    [Fact]
    public void None_sends_nothing()
    {
        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hello"}]}]}""",
            Write(Claude37, """{"reasoning_effort":"none"}"""));
    }

    [Theory]
    [InlineData("minimal", "low")]
    [InlineData("medium", "medium")]
    [InlineData("high", "high")]
    public void Nova_2_gets_a_reasoning_config(string effort, string level)
    {
        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hello"}]}],"additionalModelRequestFields":{"reasoningConfig":{"type":"enabled","maxReasoningEffort":""" + $"\"{level}\"}}}}}}",
            Write("us.amazon.nova-2-lite-v1:0", $$"""{"reasoning_effort":"{{effort}}"}"""));
    }

    [Fact]
    public void Gpt_oss_takes_reasoning_effort_as_it_is()
    {
        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hello"}]}],"additionalModelRequestFields":{"reasoning_effort":"high"}}""",
            Write("openai.gpt-oss-120b-1:0", """{"reasoning_effort":"high"}"""));
    }

    [Fact]
    public void A_bad_effort_fails_when_the_model_is_created()
    {
        var ex = Assert.Throws<StrandsException>(() => new BedrockModel(Claude37, "https://example.test", "us-east-1", ApiKey.FromPlainText("t"),
            Json("""{"reasoning_effort":"extreme"}"""), new HttpSettings()));

        Assert.Equal(ErrorIds.InvalidArgument, ex.ErrorId);
        Assert.Contains("minimal, low, medium, high", ex.Message);
    }
}
