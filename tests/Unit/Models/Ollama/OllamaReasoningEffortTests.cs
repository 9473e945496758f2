using System.Text;
using System.Text.Json;
using Strands.Models;
using Strands.Models.Http;
using Strands.Models.Ollama;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Ollama;

/// <summary>reasoning_effort as Ollama's think, as LiteLLM's ollama_chat sends it (docs/wire-formats.md, Reasoning effort).</summary>
public sealed class OllamaReasoningEffortTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Write(string model, string parameters) =>
        Encoding.UTF8.GetString(OllamaRequestWriter.Write(model,
            new ModelRequest(new[] { Message.UserText("Hi") }, Array.Empty<ContentBlock>(), Array.Empty<ToolSpec>()), Json(parameters), stream: true));

    [Fact]
    public void Gpt_oss_takes_the_effort_string()
    {
        Assert.Equal(
            """{"model":"gpt-oss:20b","messages":[{"role":"user","content":"Hi"}],"stream":true,"think":"high"}""",
            Write("gpt-oss:20b", """{"reasoning_effort":"high"}"""));
    }

    [Theory]
    [InlineData("low", "true")]
    [InlineData("medium", "true")]
    [InlineData("high", "true")]
    [InlineData("minimal", "false")]
    [InlineData("none", "false")]
    public void Other_models_take_a_bool(string effort, string think)
    {
        Assert.Equal(
            $$"""{"model":"qwen3:8b","messages":[{"role":"user","content":"Hi"}],"stream":true,"options":{"temperature":0.2},"think":{{think}}}""",
            Write("qwen3:8b", $$"""{"temperature":0.2,"reasoning_effort":"{{effort}}"}"""));
    }

    [Fact]
    public void Explicit_think_wins_over_reasoning_effort()
    {
        Assert.Equal(
            """{"model":"qwen3:8b","messages":[{"role":"user","content":"Hi"}],"stream":true,"think":false}""",
            Write("qwen3:8b", """{"think":false,"reasoning_effort":"high"}"""));
    }

    [Fact]
    public void A_bad_effort_fails_when_the_model_is_created()
    {
        var ex = Assert.Throws<StrandsException>(() => new OllamaModel("ollama_chat", "qwen3:8b", "http://127.0.0.1:1", null,
            Json("""{"reasoning_effort":"extreme"}"""), new HttpSettings()));

        Assert.Equal(ErrorIds.InvalidArgument, ex.ErrorId);
        Assert.Contains("none, disable, minimal, low, medium, high, max", ex.Message);
    }
}
