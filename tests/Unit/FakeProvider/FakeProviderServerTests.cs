using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Strands.FakeProvider;
using Xunit;

namespace Strands.Tests.FakeProvider;

/// <summary>The fake provider itself, driven by a plain HttpClient so its wire output is checked independently of the clients it will test.</summary>
public sealed class FakeProviderServerTests : IAsyncLifetime
{
    private FakeProviderServer _server = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync() => _server = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    // ---------- OpenAI ----------

    private const string OpenAiUser = """{"model":"gpt-4o","messages":[{"role":"user","content":"2+2?"}]}""";

    [Fact]
    public async Task OpenAi_NonStreamText_RendersChatCompletion()
    {
        _server.Enqueue(FakeReply.Text("4", usage: new FakeUsage(prompt: 10, completion: 2, cachedTokens: 3, cacheCreationTokens: 1)));

        var (status, body) = await PostAsync("/v1/chat/completions", OpenAiUser);

        Assert.Equal(200, status);
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.Equal("gpt-4o", root.GetProperty("model").GetString());
        var choice = root.GetProperty("choices")[0];
        Assert.Equal("4", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var usage = root.GetProperty("usage");
        Assert.Equal(10, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(2, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(12, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(3, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(1, usage.GetProperty("cache_creation_input_tokens").GetInt32());
    }

    [Fact]
    public async Task OpenAi_NonStreamToolCalls_RendersToolCallsWithStringArguments()
    {
        _server.Enqueue(FakeReply.ToolCalls(new FakeToolCall("calculator", """{"expression":"2+2"}""", id: "call_1")));

        var (_, body) = await PostAsync("/chat/completions", OpenAiUser);

        using var doc = JsonDocument.Parse(body);
        var choice = doc.RootElement.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("message").GetProperty("content").ValueKind);
        var call = choice.GetProperty("message").GetProperty("tool_calls")[0];
        Assert.Equal("call_1", call.GetProperty("id").GetString());
        Assert.Equal("function", call.GetProperty("type").GetString());
        Assert.Equal("calculator", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("""{"expression":"2+2"}""", call.GetProperty("function").GetProperty("arguments").GetString());
    }

    [Fact]
    public async Task OpenAi_StreamText_SendsRoleChunkDeltasFinishUsageAndDone()
    {
        _server.Enqueue(FakeReply.Text("Hello world", usage: new FakeUsage(7, 3, cachedTokens: 2), chunks: 3));

        var (status, body) = await PostAsync("/v1/chat/completions",
            """{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(200, status);
        var data = SseData(body);
        Assert.Equal("[DONE]", data[^1]);
        var chunks = data.SkipLast(1).Select(d => JsonDocument.Parse(d).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var text = string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("content", out var t) && t.ValueKind == JsonValueKind.String)
            .Select(d => d.GetProperty("content").GetString()));
        Assert.Equal("Hello world", text);
        Assert.Equal(3, chunks.Count(c => c.GetProperty("choices").GetArrayLength() > 0 && c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) && t.GetString() is { Length: > 0 }));
        Assert.Equal("stop", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var usageChunk = chunks[^1];
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        Assert.Equal(7, usageChunk.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(2, usageChunk.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
    }

    [Fact]
    public async Task OpenAi_StreamWithoutIncludeUsage_HasNoUsageChunk()
    {
        _server.Enqueue(FakeReply.Text("ok"));

        var (_, body) = await PostAsync("/v1/chat/completions", """{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        var chunks = SseData(body).SkipLast(1).Select(d => JsonDocument.Parse(d).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal(1, c.GetProperty("choices").GetArrayLength()));
        Assert.All(chunks, c => Assert.False(c.TryGetProperty("usage", out _)));
    }

    [Fact]
    public async Task OpenAi_StreamToolCalls_SplitsArgumentsAfterIdAndNameDelta()
    {
        _server.Enqueue(FakeReply.ToolCalls(
                new FakeToolCall("calculator", """{"expression":"2+2"}""", id: "call_1"),
                new FakeToolCall("clock", "{}", id: "call_2"))
            .WithArgumentChunks(4));

        var (_, body) = await PostAsync("/v1/chat/completions", """{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        var deltas = SseData(body).SkipLast(1)
            .Select(d => JsonDocument.Parse(d).RootElement.GetProperty("choices")[0])
            .ToList();
        var toolDeltas = deltas.Where(c => c.GetProperty("delta").TryGetProperty("tool_calls", out _))
            .Select(c => c.GetProperty("delta").GetProperty("tool_calls")[0]).ToList();
        var first = toolDeltas.Where(t => t.GetProperty("index").GetInt32() == 0).ToList();
        Assert.Equal("call_1", first[0].GetProperty("id").GetString());
        Assert.Equal("calculator", first[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(4, first.Count(t => !t.TryGetProperty("id", out _)));
        Assert.Equal("""{"expression":"2+2"}""", string.Concat(first.Select(t => t.GetProperty("function").GetProperty("arguments").GetString())));
        Assert.Equal("call_2", toolDeltas.First(t => t.GetProperty("index").GetInt32() == 1).GetProperty("id").GetString());
        Assert.Equal("tool_calls", deltas[^1].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task OpenAi_AzureDeploymentPath_NeedsApiVersion()
    {
        _server.Enqueue(FakeReply.Text("hi"));
        var (missing, _) = await PostAsync("/openai/deployments/gpt4/chat/completions", """{"messages":[{"role":"user","content":"hi"}]}""");
        var (ok, _) = await PostAsync("/openai/deployments/gpt4/chat/completions?api-version=2024-10-21", """{"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(404, missing);
        Assert.Equal(200, ok);
        Assert.Equal("/openai/deployments/gpt4/chat/completions?api-version=2024-10-21", _server.LastRequest.Path);
    }

    [Theory]
    [InlineData("""not json""", "could not parse the JSON body", null)]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", "you must provide a model parameter", null)]
    [InlineData("""{"model":"m","messages":[]}""", "empty array", "messages")]
    [InlineData("""{"model":"m"}""", "Missing required parameter: 'messages'", "messages")]
    [InlineData("""{"model":"m","messages":[{"role":"bot","content":"x"}]}""", "Invalid value: 'bot'", "messages[0].role")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","content":"4"}]}""", "tool_call_id", "messages[1].tool_call_id")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"call_9","content":"4"}]}""", "must be a response to a preceeding message with 'tool_calls'", "messages.[1].role")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"calc","arguments":"{}"}}]},{"role":"tool","tool_call_id":"call_2","content":"4"}]}""", "must be a response to a preceeding message", "messages.[2].role")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"calc","arguments":"{}"}},{"id":"call_2","type":"function","function":{"name":"calc","arguments":"{}"}}]},{"role":"tool","tool_call_id":"call_1","content":"4"},{"role":"user","content":"and?"}]}""", "did not have response messages: call_2", "messages.[1].role")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"calc","arguments":{"a":1}}}]},{"role":"tool","tool_call_id":"call_1","content":"4"}]}""", "expected a string, but got an object", "messages[1].tool_calls[0].function.arguments")]
    [InlineData("""{"model":"m","stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]}""", "only allowed when 'stream' is enabled", "stream_options")]
    public async Task OpenAi_InvalidRequests_AreRejectedLikeOpenAi(string body, string message, string? param)
    {
        _server.Enqueue(FakeReply.Text("never sent"));

        var (status, response) = await PostAsync("/v1/chat/completions", body);

        Assert.Equal(400, status);
        using var doc = JsonDocument.Parse(response);
        var error = doc.RootElement.GetProperty("error");
        Assert.Contains(message, error.GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(1, _server.PendingReplies);
        Assert.NotNull(_server.LastRequest.Rejection);
    }

    [Fact]
    public async Task OpenAi_ValidToolExchange_IsAccepted()
    {
        _server.Enqueue(FakeReply.Text("4"));

        var (status, _) = await PostAsync("/v1/chat/completions", """
            {"model":"m","messages":[
              {"role":"system","content":"be brief"},
              {"role":"user","content":"2+2?"},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"call_1","type":"function","function":{"name":"calc","arguments":"{\"e\":\"2+2\"}"}},
                {"id":"call_2","type":"function","function":{"name":"calc","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"call_2","content":"x"},
              {"role":"tool","tool_call_id":"call_1","content":"4"},
              {"role":"assistant","content":"4"},
              {"role":"user","content":"thanks"}]}
            """);

        Assert.Equal(200, status);
        Assert.Null(_server.LastRequest.Rejection);
    }

    [Fact]
    public async Task NonStrict_AcceptsAnything()
    {
        _server.Strict = false;
        _server.Enqueue(FakeReply.Text("ok"));

        var (status, _) = await PostAsync("/v1/chat/completions", """{"messages":[]}""");

        Assert.Equal(200, status);
    }

    // ---------- Anthropic ----------

    private static readonly (string, string)[] AnthropicHeaders = { ("x-api-key", "sk-ant-test"), ("anthropic-version", "2023-06-01") };

    private const string AnthropicUser = """{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"2+2?"}]}""";

    [Fact]
    public async Task Anthropic_NonStream_RendersTextToolUseAndUncachedInputTokens()
    {
        _server.Enqueue(FakeReply.ToolCalls("Let me compute.", new FakeUsage(100, 20, cachedTokens: 60, cacheCreationTokens: 30),
            new FakeToolCall("calculator", """{"expression":"2+2"}""", id: "toolu_1")));

        var (status, body) = await PostAsync("/v1/messages", AnthropicUser, AnthropicHeaders);

        Assert.Equal(200, status);
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        Assert.Equal("message", root.GetProperty("type").GetString());
        Assert.Equal("claude-sonnet-4-5", root.GetProperty("model").GetString());
        Assert.Equal("tool_use", root.GetProperty("stop_reason").GetString());
        var content = root.GetProperty("content");
        Assert.Equal("Let me compute.", content[0].GetProperty("text").GetString());
        Assert.Equal("toolu_1", content[1].GetProperty("id").GetString());
        Assert.Equal("2+2", content[1].GetProperty("input").GetProperty("expression").GetString());
        var usage = root.GetProperty("usage");
        Assert.Equal(10, usage.GetProperty("input_tokens").GetInt32());
        Assert.Equal(60, usage.GetProperty("cache_read_input_tokens").GetInt32());
        Assert.Equal(30, usage.GetProperty("cache_creation_input_tokens").GetInt32());
        Assert.Equal(20, usage.GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task Anthropic_Stream_SendsEventSequenceWithSplitInputJson()
    {
        _server.Enqueue(FakeReply.ToolCalls("Hi there", null, new FakeToolCall("calculator", """{"expression":"2+2"}""", id: "toolu_1")).WithArgumentChunks(3));

        var (_, body) = await PostAsync("/v1/messages",
            """{"model":"claude","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"2+2?"}]}""", AnthropicHeaders);

        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => (Name: e.Split('\n')[0]["event: ".Length..], Data: JsonDocument.Parse(e.Split('\n')[1]["data: ".Length..]).RootElement))
            .ToList();
        Assert.All(events, e => Assert.Equal(e.Name, e.Data.GetProperty("type").GetString()));
        Assert.Equal("message_start", events[0].Name);
        Assert.Equal("message_stop", events[^1].Name);
        Assert.Contains(events, e => e.Name == "ping");
        var names = events.Select(e => e.Name).Where(n => n != "ping").ToList();
        Assert.Equal(
            new[] { "message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                    "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop",
                    "message_delta", "message_stop" },
            names);
        var deltas = events.Where(e => e.Name == "content_block_delta").Select(e => e.Data.GetProperty("delta")).ToList();
        Assert.Equal("Hi there", string.Concat(deltas.Where(d => d.GetProperty("type").GetString() == "text_delta").Select(d => d.GetProperty("text").GetString())));
        Assert.Equal("""{"expression":"2+2"}""", string.Concat(deltas.Where(d => d.GetProperty("type").GetString() == "input_json_delta").Select(d => d.GetProperty("partial_json").GetString())));
        var toolStart = events.Where(e => e.Name == "content_block_start").Last().Data;
        Assert.Equal(1, toolStart.GetProperty("index").GetInt32());
        Assert.Equal("toolu_1", toolStart.GetProperty("content_block").GetProperty("id").GetString());
        var messageDelta = events.Single(e => e.Name == "message_delta").Data;
        Assert.Equal("tool_use", messageDelta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(5, messageDelta.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Theory]
    [InlineData("""{"model":"c","messages":[{"role":"user","content":"x"}]}""", "max_tokens: Field required")]
    [InlineData("""{"max_tokens":5,"messages":[{"role":"user","content":"x"}]}""", "model: Field required")]
    [InlineData("""{"model":"c","max_tokens":5,"temprature":1,"messages":[{"role":"user","content":"x"}]}""", "temprature: Extra inputs are not permitted")]
    [InlineData("""{"model":"c","max_tokens":5,"messages":[{"role":"assistant","content":"x"}]}""", "first message must use the \"user\" role")]
    [InlineData("""{"model":"c","max_tokens":5,"tools":[{"type":"function","function":{"name":"calc","parameters":{}}}],"messages":[{"role":"user","content":"x"}]}""", "tools.0: Input tag 'function'")]
    [InlineData("""{"model":"c","max_tokens":5,"tools":[{"name":"calc","parameters":{}}],"messages":[{"role":"user","content":"x"}]}""", "tools.0.custom.input_schema: Field required")]
    [InlineData("""{"model":"c","max_tokens":5,"messages":[{"role":"user","content":"x"},{"role":"user","content":"y"}]}""", "roles must alternate")]
    [InlineData("""{"model":"c","max_tokens":5,"messages":[{"role":"system","content":"x"}]}""", "messages.0.role")]
    [InlineData("""{"model":"c","max_tokens":5,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"calc","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_2","content":"4"}]}]}""", "unexpected `tool_use_id` found in `tool_result` blocks: toolu_2")]
    [InlineData("""{"model":"c","max_tokens":5,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"calc","input":{}}]},{"role":"user","content":"what?"}]}""", "`tool_use` ids were found without `tool_result` blocks immediately after: toolu_1")]
    public async Task Anthropic_InvalidRequests_AreRejectedWithInvalidRequestError(string body, string message)
    {
        var (status, response) = await PostAsync("/v1/messages", body, AnthropicHeaders);

        Assert.Equal(400, status);
        using var doc = JsonDocument.Parse(response);
        Assert.Equal("error", doc.RootElement.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", doc.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains(message, doc.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Anthropic_MissingHeaders_Are401And400()
    {
        var (noKey, noKeyBody) = await PostAsync("/v1/messages", AnthropicUser, ("anthropic-version", "2023-06-01"));
        var (noVersion, _) = await PostAsync("/v1/messages", AnthropicUser, ("x-api-key", "k"));

        Assert.Equal(401, noKey);
        Assert.Contains("authentication_error", noKeyBody);
        Assert.Equal(400, noVersion);
    }

    [Fact]
    public async Task Anthropic_ValidToolResultTurn_IsAccepted()
    {
        _server.Enqueue(FakeReply.Text("4"));

        var (status, _) = await PostAsync("/v1/messages", """
            {"model":"c","max_tokens":5,"system":"be brief",
             "tools":[{"name":"calc","input_schema":{"type":"object"}},{"type":"web_search_20250305","name":"web_search"}],
             "messages":[
              {"role":"user","content":"2+2?"},
              {"role":"assistant","content":[{"type":"text","text":"calc"},{"type":"tool_use","id":"toolu_1","name":"calc","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"4"}]}]}
            """, AnthropicHeaders);

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Anthropic_RateLimited_UsesAnthropicErrorShape()
    {
        _server.Enqueue(FakeReply.RateLimited(TimeSpan.FromSeconds(1)));

        using var response = await SendAsync("/v1/messages", AnthropicUser, HttpCompletionOption.ResponseContentRead, AnthropicHeaders);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("rate_limit_error", doc.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    // ---------- Bedrock ----------

    private const string BedrockPath = "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse";
    private const string BedrockUser = """{"messages":[{"role":"user","content":[{"text":"2+2?"}]}],"inferenceConfig":{"maxTokens":100}}""";
    private static readonly (string, string)[] BedrockBearer = { ("Authorization", "Bearer bedrock-api-key-test") };

    [Fact]
    public async Task Bedrock_Converse_RendersOutputMessageUsageAndStopReason()
    {
        _server.Enqueue(FakeReply.ToolCalls("Checking.", new FakeUsage(100, 20, cachedTokens: 60, cacheCreationTokens: 30),
            new FakeToolCall("calculator", """{"expression":"2+2"}""", id: "tooluse_1")));

        var (status, body) = await PostAsync(BedrockPath, BedrockUser, BedrockBearer);

        Assert.Equal(200, status);
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        Assert.Equal("tool_use", root.GetProperty("stopReason").GetString());
        var content = root.GetProperty("output").GetProperty("message").GetProperty("content");
        Assert.Equal("Checking.", content[0].GetProperty("text").GetString());
        var toolUse = content[1].GetProperty("toolUse");
        Assert.Equal("tooluse_1", toolUse.GetProperty("toolUseId").GetString());
        Assert.Equal("2+2", toolUse.GetProperty("input").GetProperty("expression").GetString());
        var usage = root.GetProperty("usage");
        Assert.Equal(10, usage.GetProperty("inputTokens").GetInt32());
        Assert.Equal(60, usage.GetProperty("cacheReadInputTokens").GetInt32());
        Assert.Equal(30, usage.GetProperty("cacheWriteInputTokens").GetInt32());
        Assert.Equal(120, usage.GetProperty("totalTokens").GetInt32());
        Assert.Equal("/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse", _server.LastRequest.Path);
    }

    [Fact]
    public async Task Bedrock_ConverseStream_SendsValidEventStreamFrames()
    {
        _server.Enqueue(FakeReply.ToolCalls("Hi", new FakeUsage(50, 5, cachedTokens: 40),
            new FakeToolCall("calculator", """{"expression":"2+2"}""", id: "tooluse_1")).WithArgumentChunks(3));

        using var response = await SendAsync(BedrockPath + "-stream", BedrockUser, HttpCompletionOption.ResponseContentRead, BedrockBearer);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("application/vnd.amazon.eventstream", response.Content.Headers.ContentType?.MediaType);
        var frames = EventStreamFrames(bytes);
        Assert.All(frames, f => Assert.Equal("event", f.Headers[":message-type"]));
        Assert.Equal(
            new[] { "messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "contentBlockStart",
                    "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata" },
            frames.Select(f => f.Headers[":event-type"]));
        var payloads = frames.Select(f => JsonDocument.Parse(f.Payload).RootElement).ToList();
        Assert.Equal("assistant", payloads[0].GetProperty("role").GetString());
        Assert.Equal("Hi", string.Concat(payloads.Skip(1).Take(2).Select(p => p.GetProperty("delta").GetProperty("text").GetString())));
        Assert.Equal("tooluse_1", payloads[4].GetProperty("start").GetProperty("toolUse").GetProperty("toolUseId").GetString());
        Assert.Equal(1, payloads[4].GetProperty("contentBlockIndex").GetInt32());
        Assert.Equal("""{"expression":"2+2"}""", string.Concat(payloads.Skip(5).Take(3).Select(p => p.GetProperty("delta").GetProperty("toolUse").GetProperty("input").GetString())));
        Assert.Equal("tool_use", payloads[9].GetProperty("stopReason").GetString());
        Assert.Equal(40, payloads[10].GetProperty("usage").GetProperty("cacheReadInputTokens").GetInt32());
        Assert.Equal(10, payloads[10].GetProperty("usage").GetProperty("inputTokens").GetInt32());
    }

    [Fact]
    public void EventStreamTestDecoder_ReadsARealRecordedFrame()
    {
        // First frame of fixtures/bedrock/converse-stream-tooluse.response.eventstream: proves the decoder the stream test relies on.
        var frame = Convert.FromBase64String("AAAAkAAAAFIxQcihCzpldmVudC10eXBlBwAMbWVzc2FnZVN0YXJ0DTpjb250ZW50LXR5cGUHABBhcHBsaWNhdGlvbi9qc29uDTptZXNzYWdlLXR5cGUHAAVldmVudHsicCI6ImFiY2RlZmdoaWprbG1ub3BxcnMiLCJyb2xlIjoiYXNzaXN0YW50In0Rduqw");

        var decoded = Assert.Single(EventStreamFrames(frame));

        Assert.Equal("messageStart", decoded.Headers[":event-type"]);
        Assert.Contains("\"role\":\"assistant\"", decoded.Payload);
    }

    [Theory]
    [InlineData(null, null, 403, "MissingAuthenticationTokenException")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/us-east-1/bedrock/aws4_request", "20261130T230000Z", 403, "IncompleteSignatureException")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", null, 403, "IncompleteSignatureException")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "20261130T230000Z", 403, "InvalidSignatureException")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "20261130T230000Z", 200, null)]
    [InlineData("Bearer abc", null, 200, null)]
    public async Task Bedrock_AuthorizationHeader_IsCheckedForShape(string? authorization, string? amzDate, int expectedStatus, string? errorType)
    {
        _server.Enqueue(FakeReply.Text("ok"));
        var headers = new List<(string, string)>();
        if (authorization is not null)
        {
            headers.Add(("Authorization", authorization));
        }

        if (amzDate is not null)
        {
            headers.Add(("x-amz-date", amzDate));
        }

        using var response = await SendAsync(BedrockPath, BedrockUser, HttpCompletionOption.ResponseContentRead, headers.ToArray());

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        if (errorType is not null)
        {
            Assert.StartsWith(errorType + ":", response.Headers.GetValues("x-amzn-ErrorType").Single());
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(JsonValueKind.String, doc.RootElement.GetProperty("message").ValueKind);
        }
    }

    [Fact]
    public async Task Bedrock_UnencodedSlashInModelId_IsNotARoute()
    {
        var (status, _) = await PostAsync("/model/arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude/converse", BedrockUser, BedrockBearer);

        Assert.Equal(404, status);
        Assert.Equal(FakeDialect.Unknown, _server.LastRequest.Dialect);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"x"}]}],"temperature":0.5}""", "extraneous key [temperature]")]
    [InlineData("""{"messages":[{"role":"assistant","content":[{"text":"x"}]}]}""", "must start with a user message")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"x"}]}],"toolConfig":{"tools":[{"toolSpec":{"name":"calc","inputSchema":{"type":"object"}}}]}}""", "toolSpec.inputSchema.json")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"x"}]},{"role":"user","content":[{"text":"y"}]}]}""", "must alternate between user and assistant")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"x"}]},{"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"calc","input":{}}}]},{"role":"user","content":[{"toolResult":{"toolUseId":"t2","content":[{"text":"4"}]}}]}]}""", "t2")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"x"}]},{"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"calc","input":{}}}]},{"role":"user","content":[{"text":"what"}]}]}""", "Expected toolResult blocks at messages.2.content for the following Ids: t1")]
    public async Task Bedrock_InvalidRequests_AreValidationExceptions(string body, string message)
    {
        using var response = await SendAsync(BedrockPath, body, HttpCompletionOption.ResponseContentRead, BedrockBearer);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("ValidationException:", response.Headers.GetValues("x-amzn-ErrorType").Single());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, doc.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Bedrock_RateLimited_IsThrottlingException()
    {
        _server.Enqueue(FakeReply.RateLimited());

        using var response = await SendAsync(BedrockPath, BedrockUser, HttpCompletionOption.ResponseContentRead, BedrockBearer);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.StartsWith("ThrottlingException:", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    // ---------- Gemini ----------

    private const string GeminiUser = """{"contents":[{"role":"user","parts":[{"text":"2+2?"}]}]}""";
    private static readonly (string, string)[] GeminiKey = { ("x-goog-api-key", "AIza-test") };

    [Fact]
    public async Task Gemini_GenerateContent_RendersPartsFinishReasonAndUsage()
    {
        _server.Enqueue(FakeReply.ToolCalls("Sure.", new FakeUsage(100, 20, cachedTokens: 60),
            new FakeToolCall("calculator", """{"expression":"2+2"}""", thoughtSignature: "c2ln")));

        var (status, body) = await PostAsync("/v1beta/models/gemini-2.5-flash:generateContent", GeminiUser, GeminiKey);

        Assert.Equal(200, status);
        using var doc = JsonDocument.Parse(body);
        var candidate = doc.RootElement.GetProperty("candidates")[0];
        Assert.Equal("STOP", candidate.GetProperty("finishReason").GetString());
        Assert.Equal("model", candidate.GetProperty("content").GetProperty("role").GetString());
        var parts = candidate.GetProperty("content").GetProperty("parts");
        Assert.Equal("Sure.", parts[0].GetProperty("text").GetString());
        Assert.Equal("calculator", parts[1].GetProperty("functionCall").GetProperty("name").GetString());
        Assert.Equal("2+2", parts[1].GetProperty("functionCall").GetProperty("args").GetProperty("expression").GetString());
        Assert.Equal("c2ln", parts[1].GetProperty("thoughtSignature").GetString());
        var usage = doc.RootElement.GetProperty("usageMetadata");
        Assert.Equal(100, usage.GetProperty("promptTokenCount").GetInt32());
        Assert.Equal(20, usage.GetProperty("candidatesTokenCount").GetInt32());
        Assert.Equal(120, usage.GetProperty("totalTokenCount").GetInt32());
        Assert.Equal(60, usage.GetProperty("cachedContentTokenCount").GetInt32());
        Assert.Equal("gemini-2.5-flash", doc.RootElement.GetProperty("modelVersion").GetString());
    }

    [Fact]
    public async Task Gemini_StreamSse_SendsChunksWithFinishReasonLast()
    {
        _server.Enqueue(FakeReply.ToolCalls("Hello", null, new FakeToolCall("calculator", """{"expression":"2+2"}""")));

        var (_, body) = await PostAsync("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=AIza-test", GeminiUser);

        Assert.Contains("\r\n\r\n", body);
        var chunks = SseData(body).Select(d => JsonDocument.Parse(d).RootElement.GetProperty("candidates")[0]).ToList();
        Assert.Equal(3, chunks.Count);
        Assert.Equal("Hello", string.Concat(chunks.Take(2).Select(c => c.GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString())));
        Assert.Equal("calculator", chunks[2].GetProperty("content").GetProperty("parts")[0].GetProperty("functionCall").GetProperty("name").GetString());
        Assert.False(chunks[0].TryGetProperty("finishReason", out _));
        Assert.Equal("STOP", chunks[2].GetProperty("finishReason").GetString());
    }

    [Fact]
    public async Task Gemini_StreamWithoutAltSse_IsAJsonArray()
    {
        _server.Enqueue(FakeReply.Text("Hello"));

        var (_, body) = await PostAsync("/v1beta/models/gemini-2.5-flash:streamGenerateContent", GeminiUser, GeminiKey);

        using var doc = JsonDocument.Parse(body);
        Assert.Equal(2, doc.RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("""{"contents":[]}""", 400, "contents is not specified")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"x"}]}],"generation_config":{},"foo":1}""", 400, "Unknown name \"foo\"")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"functionResponse":{"name":"calc","response":{}}}]}]}""", 400, "function response turn comes immediately after a function call turn")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"x"}]},{"role":"model","parts":[{"functionCall":{"name":"calc","args":{}}}]},{"role":"user","parts":[{"functionResponse":{"name":"calc","response":{}}},{"functionResponse":{"name":"calc","response":{}}}]}]}""", 400, "number of function response parts")]
    public async Task Gemini_InvalidRequests_AreInvalidArgument(string body, int expectedStatus, string message)
    {
        var (status, response) = await PostAsync("/v1beta/models/gemini-2.5-flash:generateContent", body, GeminiKey);

        Assert.Equal(expectedStatus, status);
        using var doc = JsonDocument.Parse(response);
        Assert.Equal("INVALID_ARGUMENT", doc.RootElement.GetProperty("error").GetProperty("status").GetString());
        Assert.Contains(message, doc.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Gemini_MissingKey_IsPermissionDenied()
    {
        var (status, body) = await PostAsync("/v1beta/models/gemini-2.5-flash:generateContent", GeminiUser);

        Assert.Equal(403, status);
        Assert.Contains("PERMISSION_DENIED", body);
    }

    // ---------- Ollama ----------

    [Fact]
    public async Task Ollama_StreamsNdJsonByDefault_WithToolCallsAndFinalCounts()
    {
        _server.Enqueue(FakeReply.ToolCalls("Hi", new FakeUsage(30, 4), new FakeToolCall("calculator", """{"expression":"2+2"}""")));

        using var response = await SendAsync("/api/chat", """{"model":"llama3.2","messages":[{"role":"user","content":"2+2?"}]}""");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.All(lines, l => Assert.Equal("llama3.2", l.GetProperty("model").GetString()));
        Assert.Equal("Hi", string.Concat(lines.Select(l => l.GetProperty("message").GetProperty("content").GetString())));
        var call = lines.Single(l => l.GetProperty("message").TryGetProperty("tool_calls", out _)).GetProperty("message").GetProperty("tool_calls")[0];
        Assert.Equal("2+2", call.GetProperty("function").GetProperty("arguments").GetProperty("expression").GetString());
        Assert.All(lines.SkipLast(1), l => Assert.False(l.GetProperty("done").GetBoolean()));
        var last = lines[^1];
        Assert.True(last.GetProperty("done").GetBoolean());
        Assert.Equal("stop", last.GetProperty("done_reason").GetString());
        Assert.Equal(30, last.GetProperty("prompt_eval_count").GetInt32());
        Assert.Equal(4, last.GetProperty("eval_count").GetInt32());
    }

    [Fact]
    public async Task Ollama_NonStream_IsOneObject()
    {
        _server.Enqueue(FakeReply.Text("Hello"));

        var (_, body) = await PostAsync("/api/chat", """{"model":"llama3.2","stream":false,"messages":[{"role":"user","content":"hi"}]}""");

        using var doc = JsonDocument.Parse(body);
        Assert.Equal("Hello", doc.RootElement.GetProperty("message").GetProperty("content").GetString());
        Assert.True(doc.RootElement.GetProperty("done").GetBoolean());
    }

    [Fact]
    public async Task Ollama_StringToolArguments_AreRejected()
    {
        var (status, body) = await PostAsync("/api/chat", """{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","content":"","tool_calls":[{"function":{"name":"calc","arguments":"{}"}}]},{"role":"tool","content":"4"}]}""");

        Assert.Equal(400, status);
        using var doc = JsonDocument.Parse(body);
        Assert.Contains("cannot unmarshal string", doc.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task SameReply_RendersInEveryDialect()
    {
        _server.DefaultReply = FakeReply.Text("same");

        var openAi = await PostAsync("/v1/chat/completions", OpenAiUser);
        var anthropic = await PostAsync("/v1/messages", AnthropicUser, AnthropicHeaders);
        var bedrock = await PostAsync(BedrockPath, BedrockUser, BedrockBearer);
        var gemini = await PostAsync("/v1beta/models/g:generateContent", GeminiUser, GeminiKey);
        var ollama = await PostAsync("/api/chat", """{"model":"m","stream":false,"messages":[{"role":"user","content":"x"}]}""");

        Assert.All(new[] { openAi, anthropic, bedrock, gemini, ollama }, r => Assert.Equal(200, r.Status));
        Assert.All(new[] { openAi, anthropic, bedrock, gemini, ollama }, r => Assert.Contains("\"same\"", r.Body));
        Assert.Equal(
            new[] { FakeDialect.OpenAi, FakeDialect.Anthropic, FakeDialect.Bedrock, FakeDialect.Gemini, FakeDialect.Ollama },
            _server.Requests.Select(r => r.Dialect));
    }

    [Fact]
    public async Task Reasoning_RendersInEveryDialect_NonStream()
    {
        _server.DefaultReply = FakeReply.Text("4").WithReasoning("2+2 is 4", signature: "sig1");

        var openAi = Json((await PostAsync("/v1/chat/completions", OpenAiUser)).Body).GetProperty("choices")[0].GetProperty("message");
        var anthropic = Json((await PostAsync("/v1/messages", AnthropicUser, AnthropicHeaders)).Body).GetProperty("content")[0];
        var bedrock = Json((await PostAsync(BedrockPath, BedrockUser, BedrockBearer)).Body).GetProperty("output").GetProperty("message").GetProperty("content")[0];
        var gemini = Json((await PostAsync("/v1beta/models/g:generateContent", GeminiUser, GeminiKey)).Body).GetProperty("candidates")[0].GetProperty("content").GetProperty("parts")[0];
        var ollama = Json((await PostAsync("/api/chat", """{"model":"m","stream":false,"messages":[{"role":"user","content":"x"}]}""")).Body).GetProperty("message");

        Assert.Equal("2+2 is 4", openAi.GetProperty("reasoning_content").GetString());
        Assert.Equal("sig1", openAi.GetProperty("thinking_blocks")[0].GetProperty("signature").GetString());
        Assert.Equal("thinking", anthropic.GetProperty("type").GetString());
        Assert.Equal("sig1", anthropic.GetProperty("signature").GetString());
        Assert.Equal("2+2 is 4", bedrock.GetProperty("reasoningContent").GetProperty("reasoningText").GetProperty("text").GetString());
        Assert.Equal("sig1", bedrock.GetProperty("reasoningContent").GetProperty("reasoningText").GetProperty("signature").GetString());
        Assert.True(gemini.GetProperty("thought").GetBoolean());
        Assert.Equal("2+2 is 4", gemini.GetProperty("text").GetString());
        Assert.Equal("2+2 is 4", ollama.GetProperty("thinking").GetString());
        Assert.Equal("4", ollama.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Reasoning_Anthropic_StreamsThinkingThenSignatureThenText()
    {
        _server.Enqueue(FakeReply.Text("4").WithReasoning("2+2 is 4"));

        var (_, body) = await PostAsync("/v1/messages", """{"model":"c","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"x"}]}""", AnthropicHeaders);

        var deltas = SseData(body).Select(d => Json(d)).Where(e => e.GetProperty("type").GetString() == "content_block_delta")
            .Select(e => e.GetProperty("delta").GetProperty("type").GetString()).ToList();
        Assert.Equal(new[] { "thinking_delta", "thinking_delta", "signature_delta", "text_delta" }, deltas);
    }

    [Fact]
    public async Task Reasoning_BedrockStream_SendsReasoningDeltasAndSignatureInFirstBlock()
    {
        _server.Enqueue(FakeReply.Text("4").WithReasoning("2+2 is 4", "sig1"));

        using var response = await SendAsync(BedrockPath + "-stream", BedrockUser, HttpCompletionOption.ResponseContentRead, BedrockBearer);
        var payloads = EventStreamFrames(await response.Content.ReadAsByteArrayAsync()).Select(f => Json(f.Payload)).ToList();

        var reasoning = payloads.Where(p => p.TryGetProperty("delta", out var d) && d.TryGetProperty("reasoningContent", out _)).ToList();
        Assert.All(reasoning, p => Assert.Equal(0, p.GetProperty("contentBlockIndex").GetInt32()));
        Assert.Equal("2+2 is 4", string.Concat(reasoning.Select(p => p.GetProperty("delta").GetProperty("reasoningContent")).Where(r => r.TryGetProperty("text", out _)).Select(r => r.GetProperty("text").GetString())));
        Assert.Equal("sig1", reasoning[^1].GetProperty("delta").GetProperty("reasoningContent").GetProperty("signature").GetString());
        Assert.Equal(1, payloads.First(p => p.TryGetProperty("delta", out var d) && d.TryGetProperty("text", out _)).GetProperty("contentBlockIndex").GetInt32());
    }

    // ---------- scripting, errors, recording ----------

    [Fact]
    public async Task Replies_AreConsumedInOrder_ThenDefaultReply_ThenClear500()
    {
        _server.Enqueue(FakeReply.Text("one"), FakeReply.Text("two"));

        var first = await PostAsync("/v1/chat/completions", OpenAiUser);
        var second = await PostAsync("/v1/chat/completions", OpenAiUser);
        var none = await PostAsync("/v1/chat/completions", OpenAiUser);
        _server.DefaultReply = FakeReply.Text("fallback");
        var fallback = await PostAsync("/v1/chat/completions", OpenAiUser);

        Assert.Contains("\"one\"", first.Body);
        Assert.Contains("\"two\"", second.Body);
        Assert.Equal(500, none.Status);
        Assert.Contains("no scripted reply", none.Body);
        Assert.Contains("\"fallback\"", fallback.Body);
    }

    [Fact]
    public async Task DynamicReply_IsBuiltFromTheRequest_AndFactoryFailuresAre500()
    {
        _server.DefaultReply = FakeReply.Dynamic(r =>
            FakeReply.Text("echo:" + r.Json.RootElement.GetProperty("messages")[0].GetProperty("content").GetString()));
        var echoed = await PostAsync("/v1/chat/completions", OpenAiUser);
        _server.DefaultReply = FakeReply.Dynamic(_ => throw new InvalidOperationException("boom"));
        var failed = await PostAsync("/v1/chat/completions", OpenAiUser);

        Assert.Contains("\"echo:2+2?\"", echoed.Body);
        Assert.Equal(500, failed.Status);
        Assert.Contains("boom", failed.Body);
    }

    [Fact]
    public async Task InvalidToolArguments_PassThroughOpenAi_ButAreA500WhereObjectsAreNeeded()
    {
        var reply = FakeReply.ToolCalls(new FakeToolCall("calc", "{\"e\":", id: "call_1"));
        _server.Enqueue(reply, reply);

        var openAi = await PostAsync("/v1/chat/completions", OpenAiUser);
        var anthropic = await PostAsync("/v1/messages", AnthropicUser, AnthropicHeaders);

        Assert.Equal(200, openAi.Status);
        Assert.Equal(500, anthropic.Status);
        Assert.Contains("not valid JSON", anthropic.Body);
    }

    [Fact]
    public async Task ConcurrentRequests_EachConsumeOneReply_AndAreAllRecorded()
    {
        _server.Enqueue(Enumerable.Range(0, 20).Select(i => FakeReply.Text("r" + i)).ToArray());

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostAsync("/v1/chat/completions", OpenAiUser)));

        Assert.All(results, r => Assert.Equal(200, r.Status));
        var texts = results.Select(r => Json(r.Body).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()).ToHashSet();
        Assert.Equal(20, texts.Count);
        Assert.Equal(20, _server.Requests.Count);
        Assert.Equal(0, _server.PendingReplies);
    }

    [Fact]
    public async Task StopReason_MaxTokens_IsSpelledPerDialect()
    {
        _server.DefaultReply = FakeReply.Text("cut").WithStopReason(FakeStopReason.MaxTokens);

        var openAi = Json((await PostAsync("/v1/chat/completions", OpenAiUser)).Body);
        var anthropic = Json((await PostAsync("/v1/messages", AnthropicUser, AnthropicHeaders)).Body);
        var bedrock = Json((await PostAsync(BedrockPath, BedrockUser, BedrockBearer)).Body);
        var gemini = Json((await PostAsync("/v1beta/models/g:generateContent", GeminiUser, GeminiKey)).Body);
        var ollama = Json((await PostAsync("/api/chat", """{"model":"m","stream":false,"messages":[{"role":"user","content":"x"}]}""")).Body);

        Assert.Equal("length", openAi.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal("max_tokens", anthropic.GetProperty("stop_reason").GetString());
        Assert.Equal("max_tokens", bedrock.GetProperty("stopReason").GetString());
        Assert.Equal("MAX_TOKENS", gemini.GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Assert.Equal("length", ollama.GetProperty("done_reason").GetString());
    }

    [Fact]
    public async Task Requests_AreRecordedWithPathHeadersBodyAndJson()
    {
        _server.Enqueue(FakeReply.Text("ok"));
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseUrl, "/v1/chat/completions?trace=1"))
        {
            Content = new StringContent(OpenAiUser, Encoding.UTF8, "application/json"),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-test");

        using var response = await _http.SendAsync(message);

        var recorded = Assert.Single(_server.Requests);
        Assert.Equal("POST", recorded.Method);
        Assert.Equal("/v1/chat/completions?trace=1", recorded.Path);
        Assert.Equal("Bearer sk-test", recorded.Headers["authorization"]);
        Assert.Equal(OpenAiUser, recorded.Body);
        Assert.Equal("gpt-4o", recorded.Json.RootElement.GetProperty("model").GetString());
        Assert.Equal(FakeDialect.OpenAi, recorded.Dialect);
        Assert.Null(recorded.Rejection);
    }

    [Fact]
    public async Task UnknownPath_Is404AndRecorded()
    {
        var (status, body) = await PostAsync("/v2/unknown", "{}");

        Assert.Equal(404, status);
        Assert.Contains("no endpoint", body);
        Assert.Equal(FakeDialect.Unknown, _server.LastRequest.Dialect);
    }

    [Fact]
    public async Task ReplyHeaders_AreSent()
    {
        _server.Enqueue(FakeReply.Text("ok").WithHeader("x-litellm-response-cost", "0.00012"));

        using var response = await SendAsync("/v1/chat/completions", OpenAiUser);

        Assert.Equal("0.00012", response.Headers.GetValues("x-litellm-response-cost").Single());
    }

    [Fact]
    public async Task RateLimited_WithAndWithoutRetryAfter()
    {
        _server.Enqueue(FakeReply.RateLimited(TimeSpan.FromSeconds(2)), FakeReply.RateLimited());

        using var first = await SendAsync("/v1/chat/completions", OpenAiUser);
        using var second = await SendAsync("/v1/chat/completions", OpenAiUser);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Null(second.Headers.RetryAfter);
        using var doc = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal("429", doc.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task BadGatewayHtml_And_ExactErrorBody()
    {
        _server.Enqueue(FakeReply.BadGatewayHtml(), FakeReply.Error(418, """{"odd":true}""", ("x-extra", "1")));

        using var html = await SendAsync("/v1/chat/completions", OpenAiUser);
        using var exact = await SendAsync("/v1/chat/completions", OpenAiUser);

        Assert.Equal(HttpStatusCode.BadGateway, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>502 Bad Gateway</h1>", await html.Content.ReadAsStringAsync());
        Assert.Equal(418, (int)exact.StatusCode);
        Assert.Equal("""{"odd":true}""", await exact.Content.ReadAsStringAsync());
        Assert.Equal("1", exact.Headers.GetValues("x-extra").Single());
    }

    [Fact]
    public async Task ServerError_UsesDialectShape()
    {
        _server.Enqueue(FakeReply.ServerError(503));

        var (status, body) = await PostAsync("/v1/chat/completions", OpenAiUser);

        Assert.Equal(503, status);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("server_error", doc.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Raw_SendsExactBytes()
    {
        _server.Enqueue(FakeReply.Raw("data: {\"weird\":1}\n\n", "text/event-stream"));

        using var response = await SendAsync("/v1/chat/completions", OpenAiUser);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("data: {\"weird\":1}\n\n", await response.Content.ReadAsStringAsync());
    }

    // ---------- faults ----------

    private const string OpenAiStream = """{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    [Fact]
    public async Task Fault_ResetBeforeHeaders_ThrowsHttpRequestException()
    {
        _server.Enqueue(Fault.ResetBeforeHeaders);

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync("/v1/chat/completions", OpenAiUser));
    }

    [Fact]
    public async Task Fault_DropMidStream_SendsSomeChunksThenFails()
    {
        _server.Enqueue(FakeReply.Text("abcdef", chunks: 6).WithFault(Fault.DropMidStream(afterChunks: 2)));

        using var response = await SendAsync("/v1/chat/completions", OpenAiStream, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        var error = await Record.ExceptionAsync(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Add(line);
            }
        });

        Assert.IsAssignableFrom<IOException>(error);
        Assert.Equal(2, lines.Count(l => l.StartsWith("data: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Fault_DropMidStream_NonStreamBody_FailsTheRead()
    {
        _server.Enqueue(FakeReply.Text("a body long enough to be cut").WithFault(Fault.DropMidStream(afterChunks: 0)));

        var error = await Record.ExceptionAsync(() => PostAsync("/v1/chat/completions", OpenAiUser));

        Assert.True(error is HttpRequestException or IOException, error?.ToString());
    }

    [Fact]
    public async Task Fault_TruncatedLine_EndsCleanlyWithoutDone()
    {
        _server.Enqueue(FakeReply.Text("abcdef", chunks: 6).WithFault(Fault.TruncatedLine));

        var (status, body) = await PostAsync("/v1/chat/completions", OpenAiStream);

        Assert.Equal(200, status);
        Assert.DoesNotContain("[DONE]", body);
        Assert.False(body.EndsWith("\n\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fault_MalformedJsonChunk_CorruptsSecondChunk()
    {
        _server.Enqueue(FakeReply.Text("abcdef").WithFault(Fault.MalformedJsonChunk));

        var (_, body) = await PostAsync("/v1/chat/completions", OpenAiStream);

        var data = SseData(body);
        Assert.Equal("[DONE]", data[^1]);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(data[1]));
        JsonDocument.Parse(data[0]).Dispose();
    }

    [Fact]
    public async Task Fault_NeverEnd_HangsUntilClientCancels()
    {
        _server.Enqueue(Fault.NeverEnd);
        using var cts = new CancellationTokenSource();

        using var response = await SendAsync("/v1/chat/completions", OpenAiStream, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        Assert.StartsWith("data: ", await reader.ReadLineAsync());
        var pending = reader.ReadToEndAsync(cts.Token);
        await Task.Delay(300);
        Assert.False(pending.IsCompleted);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        response.Dispose();
        await WaitUntilAsync(() => _server.LastRequest.ClientAborted);
    }

    [Fact]
    public async Task Fault_SlowHeaders_TripsClientTimeout()
    {
        _server.Enqueue(FakeReply.Text("late").WithFault(Fault.SlowHeaders(TimeSpan.FromSeconds(5))));
        using var client = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };

        await Assert.ThrowsAsync<TaskCanceledException>(() =>
            client.PostAsync(new Uri(_server.BaseUrl, "/v1/chat/completions"), new StringContent(OpenAiUser, Encoding.UTF8, "application/json")));
    }

    [Fact]
    public async Task Fault_Oversized_SendsOneHugeChunk()
    {
        _server.Enqueue(Fault.Oversized(1_000_000));

        var (_, body) = await PostAsync("/v1/chat/completions", OpenAiStream);

        Assert.Contains(SseData(body), d => d.Length > 1_000_000);
    }

    [Fact]
    public async Task MidStreamError_OpenAi_SendsErrorDataEventAfterChunks()
    {
        _server.Enqueue(FakeReply.Text("abcdef", chunks: 3).WithMidStreamError(afterChunks: 2, status: 500, message: "upstream died"));

        var (status, body) = await PostAsync("/v1/chat/completions", OpenAiStream);

        Assert.Equal(200, status);
        var data = SseData(body);
        Assert.Equal(3, data.Count);
        Assert.Equal("upstream died", JsonDocument.Parse(data[2]).RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.DoesNotContain("[DONE]", body);
    }

    [Fact]
    public async Task MidStreamError_Anthropic_SendsErrorEvent_AndNonStreamGetsStatus()
    {
        var reply = FakeReply.Text("abcdef").WithMidStreamError(afterChunks: 1, status: 529, message: "Overloaded");
        _server.Enqueue(reply, reply);

        var (_, body) = await PostAsync("/v1/messages", """{"model":"c","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"x"}]}""", AnthropicHeaders);
        var (status, _) = await PostAsync("/v1/messages", AnthropicUser, AnthropicHeaders);

        Assert.StartsWith("event: message_start", body);
        Assert.Contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", body);
        Assert.Equal(529, status);
    }

    [Fact]
    public async Task MidStreamError_Bedrock_SendsExceptionFrame()
    {
        _server.Enqueue(FakeReply.Text("abcdef").WithMidStreamError(afterChunks: 2, status: 429, message: "Too many tokens"));

        using var response = await SendAsync(BedrockPath + "-stream", BedrockUser, HttpCompletionOption.ResponseContentRead, BedrockBearer);
        var frames = EventStreamFrames(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(3, frames.Count);
        Assert.Equal("exception", frames[2].Headers[":message-type"]);
        Assert.Equal("throttlingException", frames[2].Headers[":exception-type"]);
        Assert.Contains("Too many tokens", frames[2].Payload);
    }

    // ---------- helpers ----------

    private async Task<HttpResponseMessage> SendAsync(string path, string body, HttpCompletionOption option = HttpCompletionOption.ResponseContentRead, params (string Name, string Value)[] headers)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseUrl, path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return await _http.SendAsync(message, option);
    }

    private async Task<(int Status, string Body)> PostAsync(string path, string body, params (string Name, string Value)[] headers)
    {
        using var response = await SendAsync(path, body, HttpCompletionOption.ResponseContentRead, headers);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static List<string> SseData(string body) =>
        body.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.StartsWith("data:", StringComparison.Ordinal))
            .Select(l => l[5..].Trim())
            .ToList();

    /// <summary>Decodes AWS event-stream frames, checking both CRCs with a bitwise CRC-32 independent of the fake's table-driven one.</summary>
    private static List<(Dictionary<string, string> Headers, string Payload)> EventStreamFrames(byte[] bytes)
    {
        var frames = new List<(Dictionary<string, string>, string)>();
        var offset = 0;
        while (offset < bytes.Length)
        {
            var total = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));
            var headersLength = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 4));
            Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 8)), BitwiseCrc32(bytes.AsSpan(offset, 8)));
            Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + total - 4)), BitwiseCrc32(bytes.AsSpan(offset, total - 4)));
            var headers = new Dictionary<string, string>();
            var h = offset + 12;
            while (h < offset + 12 + headersLength)
            {
                var nameLength = bytes[h++];
                var name = Encoding.UTF8.GetString(bytes, h, nameLength);
                h += nameLength;
                Assert.Equal(7, bytes[h++]);
                var valueLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(h));
                headers[name] = Encoding.UTF8.GetString(bytes, h + 2, valueLength);
                h += 2 + valueLength;
            }

            frames.Add((headers, Encoding.UTF8.GetString(bytes, offset + 12 + headersLength, total - 16 - headersLength)));
            offset += total;
        }

        return frames;
    }

    private static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
