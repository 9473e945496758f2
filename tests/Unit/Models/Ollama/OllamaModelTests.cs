using System.Text.Json;
using Strands.EventLoop;
using Strands.Models;
using Strands.Models.Http;
using Strands.Models.Ollama;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Ollama;

/// <summary>OllamaModel over a real socket: NDJSON streaming, tool calls, usage and errors.</summary>
public sealed class OllamaModelTests
{
    private static OllamaModel Model(LoopbackServer server, string? key = null, string? parameters = null) =>
        new("ollama_chat", "qwen3:8b", server.BaseUrl, key is null ? null : ApiKey.FromPlainText(key),
            parameters is null ? null : JsonDocument.Parse(parameters).RootElement.Clone(),
            new HttpSettings { MaxRetries = 0, Timeout = TimeSpan.FromSeconds(20) });

    private static ModelRequest Ask() => new(new[] { Message.UserText("Weather in Paris?") }, Array.Empty<ContentBlock>(), Array.Empty<ToolSpec>());

    private static async Task<MessageAssembler> Collect(IModel model)
    {
        var reply = new MessageAssembler();
        await foreach (var e in model.StreamAsync(Ask(), CancellationToken.None)) reply.Add(e);
        return reply;
    }

    private static LoopbackReply Ndjson(params string[] lines) => new(200, "application/x-ndjson", lines.Select(l => l + "\n").ToArray());

    private const string Done = """{"model":"qwen3:8b","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":123,"prompt_eval_count":26,"eval_count":31}""";

    [Fact]
    public async Task Streams_thinking_text_and_a_tool_call_with_final_usage()
    {
        await using var server = new LoopbackServer(Ndjson(
            """{"model":"qwen3:8b","message":{"role":"assistant","content":"","thinking":"User wants weather."},"done":false}""",
            """{"model":"qwen3:8b","message":{"role":"assistant","content":"Checking"},"done":false}""",
            """{"model":"qwen3:8b","message":{"role":"assistant","content":" now.","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris","days":2}}}]},"done":false}""",
            Done));

        var reply = await Collect(Model(server, key: "ollama-key"));

        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/chat", request.PathAndQuery);
        Assert.Equal("Bearer ollama-key", request.Headers["Authorization"]);
        Assert.Contains("\"stream\":true", request.Body);

        var message = reply.Build();
        Assert.Equal("User wants weather.", Assert.IsType<ReasoningBlock>(message.Content[0]).Text);
        Assert.Equal("Checking now.", Assert.IsType<TextBlock>(message.Content[1]).Text);
        var call = Assert.IsType<ToolUseBlock>(message.Content[2]);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("""{"city":"Paris","days":2}""", call.RawInput);
        Assert.StartsWith("call_1_", call.ToolUseId, StringComparison.Ordinal);
        Assert.Equal(StopReason.ToolUse, reply.StopReason); // done_reason "stop", but a call came
        Assert.Equal(new Usage(26, 31), reply.Usage); // prompt_eval_count 26, eval_count 31
    }

    [Fact]
    public async Task No_key_sends_no_authorization_and_length_means_max_tokens()
    {
        await using var server = new LoopbackServer(Ndjson(
            """{"message":{"role":"assistant","content":"Long"},"done":false}""",
            """{"message":{"role":"assistant","content":""},"done":true,"done_reason":"length","eval_count":1}"""));

        var reply = await Collect(Model(server));

        Assert.False(server.Requests[0].Headers.ContainsKey("Authorization"));
        Assert.Equal("Long", reply.Build().Text);
        Assert.Equal(StopReason.MaxTokens, reply.StopReason);
        Assert.Equal(new Usage(0, 1), reply.Usage); // prompt_eval_count absent: prompt fully from the KV cache
    }

    [Fact]
    public async Task Non_streamed_reply_is_one_object()
    {
        await using var server = new LoopbackServer(LoopbackReply.Json(200,
            """{"model":"qwen3:8b","message":{"role":"assistant","content":"Hi","tool_calls":[{"id":"call_abc","function":{"index":0,"name":"f","arguments":{}}}]},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":2}"""));

        var reply = await Collect(Model(server, parameters: """{"stream":false}"""));

        Assert.Contains("\"stream\":false", server.Requests[0].Body);
        var message = reply.Build();
        Assert.Equal("Hi", message.Text);
        var call = Assert.Single(message.ToolUses);
        Assert.Equal(("call_abc", "f", "{}"), (call.ToolUseId, call.Name, call.RawInput));
        Assert.Equal(new Usage(5, 2), reply.Usage);
    }

    [Fact]
    public async Task An_error_line_for_a_missing_model_is_model_not_found()
    {
        await using var server = new LoopbackServer(Ndjson("""{"error":"model \"qwen3:8b\" not found, try pulling it first"}"""));
        var error = await Assert.ThrowsAnyAsync<ModelException>(() => Collect(Model(server)));
        Assert.Equal(ErrorIds.ModelNotFound, error.ErrorId);
    }

    [Fact]
    public async Task An_error_line_about_context_length_is_an_overflow()
    {
        await using var server = new LoopbackServer(Ndjson(
            """{"message":{"role":"assistant","content":"a"},"done":false}""",
            """{"error":"the input length exceeds the context length"}"""));
        await Assert.ThrowsAsync<ContextWindowOverflowException>(() => Collect(Model(server)));
    }

    [Theory]
    [InlineData(404, """{"error":"model \"qwen3:8b\" not found, try pulling it first"}""", ErrorIds.ModelNotFound)]
    [InlineData(400, """{"error":"invalid options: num_ctx"}""", ErrorIds.InvalidRequest)]
    [InlineData(401, """{"error":"unauthorized"}""", ErrorIds.AuthenticationFailed)]
    [InlineData(500, """{"error":"the input length exceeds the context length"}""", ErrorIds.ContextWindowOverflow)]
    [InlineData(500, """{"error":"llama runner process has terminated"}""", ErrorIds.ProviderError)]
    public async Task Http_errors_map_to_stable_ids(int status, string body, string expected)
    {
        await using var server = new LoopbackServer(LoopbackReply.Json(status, body));
        var error = await Assert.ThrowsAnyAsync<ModelException>(() => Collect(Model(server)));
        Assert.Equal(expected, error.ErrorId);
        Assert.Equal(status, error.StatusCode);
    }

    [Fact]
    public async Task A_stream_cut_before_done_is_malformed()
    {
        await using var server = new LoopbackServer(Ndjson("""{"message":{"role":"assistant","content":"a"},"done":false}"""));
        await Assert.ThrowsAsync<StreamFormatException>(() => Collect(Model(server)));
    }

    [Theory]
    [InlineData("ollama/llama3.1")]
    [InlineData("ollama_chat/llama3.1")]
    public void Both_prefixes_route_to_api_chat(string id)
    {
        var (model, _) = ModelFactory.Create(new ModelSettings(id), _ => null);
        var ollama = Assert.IsType<OllamaModel>(model);
        Assert.Equal("http://localhost:11434/api/chat", ollama.Endpoint.ToString());
        Assert.Equal("llama3.1", ollama.ModelName);
    }
}
