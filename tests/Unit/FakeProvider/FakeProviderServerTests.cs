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

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
