using System.Text.Json;
using Strands.EventLoop;
using Strands.FakeProvider;
using Strands.Models;
using Strands.Models.Anthropic;
using Strands.Models.Http;
using Strands.Tests.Streaming;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Anthropic;

/// <summary>
/// <see cref="AnthropicModel"/> over HTTP against the loopback fake provider, whose Anthropic
/// dialect validates requests like the real API (unknown fields, turn order, tool pairing).
/// </summary>
public sealed class AnthropicModelEndToEndTests : IAsyncLifetime
{
    private const string Key = "sk-ant-test-key";
    private FakeProviderServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IModel Model(int maxRetries = 0, string? parameters = null)
    {
        var settings = new ModelSettings("anthropic/claude-haiku-4-5")
        {
            ApiKey = ApiKey.FromPlainText(Key),
            ApiBase = _server.BaseUrl.ToString(),
            Params = parameters is null ? null : JsonDocument.Parse(parameters).RootElement.Clone(),
            Http = new HttpSettings { MaxRetries = maxRetries, Timeout = TimeSpan.FromSeconds(20), Handler = new HttpClientHandler { UseProxy = false } },
        };
        return ModelFactory.Create(settings, _ => null).Model;
    }

    private static ModelRequest Ask(string text, params ToolSpec[] tools) =>
        new(new[] { Message.UserText(text) }, new ContentBlock[] { new TextBlock("Be brief.") }, tools);

    private static async Task<MessageAssembler> Run(IModel model, ModelRequest request)
    {
        var reply = new MessageAssembler();
        await foreach (var e in model.StreamAsync(request, CancellationToken.None)) reply.Add(e);
        return reply;
    }

    private static readonly ToolSpec Weather = new("get_weather", "Current weather for a city.",
        JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city"]}""").RootElement.Clone());

    [Fact]
    public async Task Streams_text_and_assembles_a_fragmented_tool_call()
    {
        _server.Enqueue(FakeReply.ToolCalls("Let me check.", new FakeUsage(100, 20, cachedTokens: 30),
            new FakeToolCall("get_weather", """{"city":"Paris","days":3}""", id: "toolu_e2e_1")).WithArgumentChunks(4));

        var model = Model();
        var reply = await Run(model, Ask("Weather in Paris?", Weather));

        Assert.IsType<AnthropicModel>(model);
        var sent = Assert.Single(_server.Requests);
        Assert.Null(sent.Rejection);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/v1/messages", sent.Path);
        Assert.Equal(Key, sent.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", sent.Headers["anthropic-version"]);
        Assert.StartsWith("application/json", sent.Headers["content-type"]);
        Assert.False(sent.Headers.ContainsKey("authorization"));
        var body = sent.Json.RootElement;
        Assert.Equal("claude-haiku-4-5", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.Equal(64000, body.GetProperty("max_tokens").GetInt32()); // model_prices.json: claude-haiku-4-5 max_output_tokens

        var message = reply.Build();
        Assert.Equal("Let me check.", message.Text);
        var use = Assert.Single(message.ToolUses);
        Assert.Equal("toolu_e2e_1", use.ToolUseId);
        Assert.Equal("get_weather", use.Name);
        Assert.Equal("""{"city":"Paris","days":3}""", JsonSerializer.Serialize(use.Input));
        Assert.Equal(StopReason.ToolUse, reply.StopReason);
        // FakeUsage counts the cache inside the prompt, as we do: 100 in (30 of them cache reads), 20 out.
        Assert.Equal(new Usage(100, 20, CacheReadInputTokens: 30), reply.Usage);
    }

    [Fact]
    public async Task Tool_result_and_signed_thinking_go_back_in_a_form_the_api_accepts()
    {
        _server.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("get_weather", """{"city":"Rome"}""", id: "toolu_e2e_2")).WithReasoning("Need the tool.", "sig-abc"),
            FakeReply.Text("It is sunny."));
        var model = Model();
        var first = Ask("Weather in Rome?", Weather);

        var assistant = (await Run(model, first)).Build();
        Assert.Equal(new ReasoningBlock("Need the tool.", "sig-abc"), assistant.Content[0]);

        var second = first with
        {
            Messages = new[]
            {
                first.Messages[0],
                assistant,
                new Message(Role.User, new ContentBlock[] { ToolResultBlock.FromText("toolu_e2e_2", ToolResultStatus.Success, "sunny, 24C") }),
            },
        };
        var reply = await Run(model, second);

        Assert.Equal("It is sunny.", reply.Build().Text);
        Assert.All(_server.Requests, r => Assert.Null(r.Rejection));
        var turns = _server.LastRequest.Json.RootElement.GetProperty("messages");
        var assistantTurn = turns[1].GetProperty("content");
        Assert.Equal("thinking", assistantTurn[0].GetProperty("type").GetString());
        Assert.Equal("sig-abc", assistantTurn[0].GetProperty("signature").GetString());
        Assert.Equal("tool_use", assistantTurn[1].GetProperty("type").GetString());
        var result = turns[2].GetProperty("content")[0];
        Assert.Equal("toolu_e2e_2", result.GetProperty("tool_use_id").GetString());
        Assert.Equal("sunny, 24C", result.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Recorded_stream_served_over_http_parses()
    {
        _server.Enqueue(FakeReply.Raw(200, "text/event-stream; charset=utf-8", Fixtures.Bytes("anthropic/messages-stream-tool_use-fragmented-args.response.sse")));

        var reply = await Run(Model(), Ask("USD to EUR?", Weather));

        var use = Assert.Single(reply.Build().ToolUses);
        Assert.Equal("get_exchange_rate", use.Name);
        Assert.Equal("EUR", use.Input.GetProperty("to_currency").GetString());
        Assert.Equal(new Usage(1591, 175), reply.Usage); // message_delta usage: input_tokens 1591, output_tokens 175
    }

    [Fact]
    public async Task Json_answer_to_a_streaming_request_is_read_as_a_whole_response()
    {
        _server.Enqueue(FakeReply.Raw(200, "application/json", Fixtures.Bytes("anthropic/messages-tool_use.response.json")));

        var reply = await Run(Model(), Ask("Weather in Paris?", Weather));

        Assert.Equal("get_weather", Assert.Single(reply.Build().ToolUses).Name);
        Assert.Equal(new Usage(572, 53), reply.Usage); // usage: input_tokens 572, output_tokens 53
    }

    [Fact]
    public async Task Non_streamed_reply_when_params_say_stream_false()
    {
        _server.Enqueue(FakeReply.Text("Plain answer.", new FakeUsage(50, 7, cacheCreationTokens: 40)));

        var reply = await Run(Model(parameters: """{"stream": false, "temperature": 0.1}"""), Ask("Hi"));

        var body = _server.LastRequest.Json.RootElement;
        Assert.False(body.GetProperty("stream").GetBoolean());
        Assert.Equal(0.1, body.GetProperty("temperature").GetDouble());
        Assert.Equal("Plain answer.", reply.Build().Text);
        Assert.Equal(StopReason.EndTurn, reply.StopReason);
        Assert.Equal(new Usage(50, 7, CacheWriteInputTokens: 40), reply.Usage);
    }

    [Fact]
    public async Task Unauthorized_is_authentication_failed()
    {
        _server.Enqueue(FakeReply.ProviderError(401, "invalid x-api-key"));

        var error = await Assert.ThrowsAsync<ModelException>(() => Run(Model(maxRetries: 2), Ask("Hi")));

        Assert.Equal(ErrorIds.AuthenticationFailed, error.ErrorId);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("authentication_error: invalid x-api-key", error.Message);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Rate_limit_with_retry_after_is_retried_then_succeeds()
    {
        _server.Enqueue(FakeReply.RateLimited(TimeSpan.Zero), FakeReply.Text("After the wait."));

        var reply = await Run(Model(maxRetries: 2), Ask("Hi"));

        Assert.Equal("After the wait.", reply.Build().Text);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Overloaded_is_throttled()
    {
        _server.Enqueue(FakeReply.ProviderError(529, "Overloaded"));

        var error = await Assert.ThrowsAsync<ModelException>(() => Run(Model(), Ask("Hi")));

        Assert.Equal(ErrorIds.ModelThrottled, error.ErrorId);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task Prompt_too_long_is_context_window_overflow()
    {
        _server.Enqueue(FakeReply.ProviderError(400, "prompt is too long: 215000 tokens > 200000 maximum"));

        var error = await Assert.ThrowsAsync<ContextWindowOverflowException>(() => Run(Model(maxRetries: 2), Ask("Hi")));

        Assert.Equal(ErrorIds.ContextWindowOverflow, error.ErrorId);
        Assert.Equal(400, error.StatusCode);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Other_bad_request_is_invalid_request()
    {
        _server.Enqueue(FakeReply.ProviderError(400, "messages.0.content: Field required"));

        var error = await Assert.ThrowsAsync<ModelException>(() => Run(Model(), Ask("Hi")));

        Assert.Equal(ErrorIds.InvalidRequest, error.ErrorId);
    }

    [Fact]
    public async Task Error_event_mid_stream_is_mapped_by_its_type()
    {
        _server.Enqueue(FakeReply.Text("Partial answer").WithMidStreamError(afterChunks: 2, status: 529, message: "Overloaded"));

        var events = new List<ModelStreamEvent>();
        var error = await Assert.ThrowsAsync<ModelException>(async () =>
        {
            await foreach (var e in Model().StreamAsync(Ask("Hi"), CancellationToken.None)) events.Add(e);
        });

        Assert.Equal(ErrorIds.ModelThrottled, error.ErrorId);
        Assert.Contains("overloaded_error", error.Message);
    }

    [Fact]
    public async Task Stream_cut_before_the_model_finished_is_malformed()
    {
        _server.Enqueue(FakeReply.Text("Never finished").WithFault(Fault.TruncatedLine));

        await Assert.ThrowsAsync<StreamFormatException>(() => Run(Model(), Ask("Hi")));
    }
}
