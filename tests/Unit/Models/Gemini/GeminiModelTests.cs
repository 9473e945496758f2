using System.Text.Json;
using Strands.EventLoop;
using Strands.Models;
using Strands.Models.Gemini;
using Strands.Models.Http;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Gemini;

/// <summary>GeminiModel over a real socket: URL, key header, streaming, retries and error mapping.</summary>
public sealed class GeminiModelTests
{
    private const string Key = "AIza-test-key";

    private sealed class RecordingTrace : IModelTrace
    {
        public List<(int Attempt, TimeSpan Delay, ModelException Error)> Retries { get; } = new();
        public List<string> Messages { get; } = new();
        public void Debug(string message) => Messages.Add(message);
        public void Retrying(int attempt, TimeSpan delay, ModelException error) => Retries.Add((attempt, delay, error));
    }

    private static GeminiModel Model(LoopbackServer server, string? parameters = null, int retries = 0) =>
        new("gemini", "gemini-2.5-flash", server.BaseUrl, ApiKey.FromPlainText(Key),
            parameters is null ? null : JsonDocument.Parse(parameters).RootElement.Clone(),
            new HttpSettings { MaxRetries = retries, Timeout = TimeSpan.FromSeconds(20) });

    private static ModelRequest Ask(IModelTrace? trace = null) => new(
        new[] { Message.UserText("Weather in Paris?") }, Array.Empty<ContentBlock>(),
        new[] { new ToolSpec("get_weather", "Weather.", JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}""").RootElement.Clone()) },
        null, trace);

    private static async Task<MessageAssembler> Collect(IModel model, ModelRequest request)
    {
        var reply = new MessageAssembler();
        await foreach (var e in model.StreamAsync(request, CancellationToken.None)) reply.Add(e);
        return reply;
    }

    private static LoopbackReply Sse(params string[] events) =>
        new(200, "text/event-stream", events.Select(e => "data: " + e + "\r\n\r\n").ToArray());

    private static LoopbackReply Error(int status, string googleStatus, string message, Dictionary<string, string>? headers = null) =>
        LoopbackReply.Json(status, JsonSerializer.Serialize(new { error = new { code = status, message, status = googleStatus } }), headers);

    private const string Finish = """{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":7,"thoughtsTokenCount":3,"totalTokenCount":22}}""";

    [Fact]
    public async Task Streams_text_and_a_signed_call_with_the_key_in_a_header_only()
    {
        await using var server = new LoopbackServer(Sse(
            """{"candidates":[{"content":{"parts":[{"text":"Let me "}],"role":"model"}}]}""",
            """{"candidates":[{"content":{"parts":[{"text":"check."},{"thoughtSignature":"U2ln","functionCall":{"name":"get_weather","args":{"city":"Paris"}}}],"role":"model"}}]}""",
            Finish));

        var reply = await Collect(Model(server), Ask());

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", request.PathAndQuery);
        Assert.Equal(Key, request.Headers["x-goog-api-key"]);
        Assert.DoesNotContain(Key, request.PathAndQuery);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.StartsWith("""{"contents":[{"role":"user","parts":[{"text":"Weather in Paris?"}]}],"tools":""", request.Body);

        var message = reply.Build();
        Assert.Equal("Let me check.", message.Text);
        var call = Assert.Single(message.ToolUses);
        Assert.Equal(("get_weather", "U2ln", "Paris"), (call.Name, call.ReasoningSignature, call.Input.GetProperty("city").GetString()));
        Assert.Equal(StopReason.ToolUse, reply.StopReason);
        Assert.Equal(new Usage(12, 10), reply.Usage); // 7 candidates + 3 thoughts
    }

    [Fact]
    public async Task Thoughts_stream_as_reasoning_before_the_answer()
    {
        await using var server = new LoopbackServer(Sse(
            """{"candidates":[{"content":{"parts":[{"text":"Paris is in France.","thought":true}],"role":"model"}}]}""",
            """{"candidates":[{"content":{"parts":[{"text":"Sunny."}],"role":"model"},"finishReason":"STOP"}]}"""));

        var reply = await Collect(Model(server), Ask());
        var message = reply.Build();

        Assert.Equal("Paris is in France.", Assert.IsType<ReasoningBlock>(message.Content[0]).Text);
        Assert.Equal("Sunny.", Assert.IsType<TextBlock>(message.Content[1]).Text);
        Assert.Equal(StopReason.EndTurn, reply.StopReason);
        Assert.Null(reply.Usage);
    }

    [Fact]
    public async Task Resource_exhausted_is_retried_after_the_servers_wait()
    {
        await using var server = new LoopbackServer(
            Error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", new() { ["Retry-After"] = "1" }),
            Sse("""{"candidates":[{"content":{"parts":[{"text":"ok"}],"role":"model"},"finishReason":"STOP"}]}"""));
        var trace = new RecordingTrace();

        var reply = await Collect(Model(server, retries: 2), Ask(trace));

        Assert.Equal("ok", reply.Build().Text);
        Assert.Equal(2, server.Requests.Count);
        var retry = Assert.Single(trace.Retries);
        Assert.Equal(TimeSpan.FromSeconds(1), retry.Delay);
        Assert.Equal(ErrorIds.ModelThrottled, retry.Error.ErrorId);
        Assert.Contains("RESOURCE_EXHAUSTED", retry.Error.Message);
        Assert.DoesNotContain(trace.Messages, m => m.Contains(Key));
    }

    [Theory]
    [InlineData(400, "INVALID_ARGUMENT", "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).", ErrorIds.ContextWindowOverflow)]
    [InlineData(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", ErrorIds.AuthenticationFailed)]
    [InlineData(400, "INVALID_ARGUMENT", "Invalid JSON payload received.", ErrorIds.InvalidRequest)]
    [InlineData(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", ErrorIds.AuthenticationFailed)]
    [InlineData(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.", ErrorIds.AuthenticationFailed)]
    [InlineData(404, "NOT_FOUND", "models/gemini-9 is not found for API version v1beta.", ErrorIds.ModelNotFound)]
    [InlineData(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", ErrorIds.ModelThrottled)]
    [InlineData(500, "INTERNAL", "An internal error has occurred.", ErrorIds.ProviderError)]
    [InlineData(503, "UNAVAILABLE", "The model is overloaded.", ErrorIds.ProviderError)]
    public async Task Google_errors_map_to_stable_ids(int status, string googleStatus, string message, string expected)
    {
        await using var server = new LoopbackServer(Error(status, googleStatus, message));

        var error = await Assert.ThrowsAnyAsync<ModelException>(() => Collect(Model(server), Ask()));

        Assert.Equal(expected, error.ErrorId);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains(message, error.Message);
        Assert.Equal(expected == ErrorIds.ContextWindowOverflow, error is ContextWindowOverflowException);
    }

    [Fact]
    public async Task Non_streamed_calls_use_generate_content()
    {
        await using var server = new LoopbackServer(LoopbackReply.Json(200,
            """{"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"finishReason":"MAX_TOKENS"}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":1}}"""));

        var reply = await Collect(Model(server, """{"stream":false,"max_tokens":1}"""), Ask());

        Assert.Equal("/v1beta/models/gemini-2.5-flash:generateContent", Assert.Single(server.Requests).PathAndQuery);
        Assert.Contains("\"generationConfig\":{\"maxOutputTokens\":1}", server.Requests[0].Body);
        Assert.Equal("Hi", reply.Build().Text);
        Assert.Equal(StopReason.MaxTokens, reply.StopReason);
        Assert.Equal(new Usage(4, 1), reply.Usage);
    }

    [Fact]
    public async Task An_error_after_the_200_surfaces_as_a_model_error()
    {
        await using var server = new LoopbackServer(Sse(
            """{"candidates":[{"content":{"parts":[{"text":"Part"}],"role":"model"}}]}""",
            """{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}"""));

        var error = await Assert.ThrowsAnyAsync<ModelException>(() => Collect(Model(server), Ask()));
        Assert.Equal(ErrorIds.ProviderError, error.ErrorId);
        Assert.Contains("UNAVAILABLE: The model is overloaded.", error.Message);
    }

    [Fact]
    public async Task A_stream_cut_before_the_finish_reason_is_malformed()
    {
        await using var server = new LoopbackServer(Sse("""{"candidates":[{"content":{"parts":[{"text":"Part"}],"role":"model"}}]}"""));
        await Assert.ThrowsAsync<StreamFormatException>(() => Collect(Model(server), Ask()));
    }

    [Theory]
    [InlineData("""{"candidates":[{"content":{"parts":[{"text":"x"}]},"finishReason":"SAFETY"}]}""", StopReason.ContentFiltered)]
    [InlineData("""{"candidates":[{"finishReason":"RECITATION"}]}""", StopReason.ContentFiltered)]
    [InlineData("""{"candidates":[{"finishReason":"PROHIBITED_CONTENT"}]}""", StopReason.ContentFiltered)]
    [InlineData("""{"candidates":[{"finishReason":"SPII"}]}""", StopReason.ContentFiltered)]
    [InlineData("""{"candidates":[{"finishReason":"BLOCKLIST"}]}""", StopReason.ContentFiltered)]
    [InlineData("""{"promptFeedback":{"blockReason":"SAFETY"}}""", StopReason.ContentFiltered)]
    [InlineData("""{"candidates":[{"finishReason":"MALFORMED_FUNCTION_CALL"}]}""", StopReason.EndTurn)]
    [InlineData("""{"candidates":[{"finishReason":"OTHER"}]}""", StopReason.EndTurn)]
    public async Task Finish_reasons_map_to_stop_reasons(string chunk, StopReason expected)
    {
        await using var server = new LoopbackServer(Sse(chunk));
        var reply = await Collect(Model(server), Ask());
        Assert.Equal(expected, reply.StopReason);
    }

    [Theory]
    [InlineData("https://generativelanguage.googleapis.com", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    [InlineData("https://proxy.example/gemini/v1alpha/", "https://proxy.example/gemini/v1alpha/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    public void Endpoint_adds_the_api_version_unless_the_base_has_one(string apiBase, string expected)
    {
        var model = new GeminiModel("gemini", "models/gemini-2.5-flash", apiBase, null, null, new HttpSettings());
        Assert.Equal(expected, model.Endpoint.ToString());
        Assert.Equal("gemini-2.5-flash", model.ModelName);
    }

    [Fact]
    public void The_factory_routes_gemini_ids_here()
    {
        var (model, route) = ModelFactory.Create(new ModelSettings("gemini/gemini-2.5-flash") { ApiKey = ApiKey.FromPlainText(Key) }, _ => null);
        var gemini = Assert.IsType<GeminiModel>(model);
        Assert.Equal("gemini-2.5-flash", gemini.ModelName);
        Assert.StartsWith(route.ApiBase, gemini.Endpoint.ToString());
    }
}
