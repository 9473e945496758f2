using System.Net;
using System.Text;
using System.Text.Json;
using Strands.EventLoop;
using Strands.Models;
using Strands.Models.Http;
using Strands.Models.OpenAi;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.OpenAi;

/// <summary>The chat-completions adapter against real recorded responses, served from memory.</summary>
public sealed class OpenAiModelTests
{
    private static string Fixture(string name) => Strands.Tests.Streaming.Fixtures.Path(Path.Combine("openai", name));

    private sealed class FixtureHandler(byte[] body, string contentType) : HttpMessageHandler
    {
        public string? RequestBody { get; private set; }
        public HttpRequestMessage? Request { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            RequestBody = await request.Content!.ReadAsStringAsync(cancellationToken);
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            return response;
        }
    }

    private static Task<(MessageAssembler Reply, FixtureHandler Handler)> Run(string fixture, bool stream) =>
        RunBody(File.ReadAllBytes(Fixture(fixture)), stream);

    private static async Task<(MessageAssembler Reply, FixtureHandler Handler)> RunBody(byte[] responseBody, bool stream)
    {
        var handler = new FixtureHandler(responseBody, stream ? "text/event-stream" : "application/json");
        JsonElement? parameters = stream ? null : JsonDocument.Parse("""{"stream":false}""").RootElement.Clone();
        var model = new OpenAiModel("openai", "gpt-4o", new Uri("http://127.0.0.1:9/v1/chat/completions"), ApiKey.FromPlainText("test-key"),
            OpenAiAuthStyle.Bearer, parameters, new HttpSettings { Handler = handler, MaxRetries = 0 });
        var reply = new MessageAssembler();
        var request = new ModelRequest(new[] { Message.UserText("hi") }, Array.Empty<ContentBlock>(), Array.Empty<ToolSpec>());
        await foreach (var e in model.StreamAsync(request, CancellationToken.None)) reply.Add(e);
        return (reply, handler);
    }

    // The fixtures the tests below cover, one each.
    private static readonly string[] Covered =
    {
        "chat-cached_tokens.response.json",
        "chat-stream-cached_tokens-openrouter.response.sse",
        "chat-stream-fragmented-args.response.sse",
        "chat-stream-parallel-tool_calls.response.sse",
        "chat-tool_calls.response.json",
    };

    [Fact]
    public void Every_recorded_response_has_a_test()
    {
        var recorded = Directory.EnumerateFiles(Path.GetDirectoryName(Fixture("x"))!, "*.response.*").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(recorded, Covered.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Non_streamed_tool_call_fixture()
    {
        var (reply, handler) = await Run("chat-tool_calls.response.json", stream: false);
        var message = reply.Build();
        var use = Assert.Single(message.ToolUses);
        Assert.Equal("call_aDdJTteHrpMdhdkEkyxjxEHH", use.ToolUseId);
        Assert.Equal("get_weather", use.Name);
        Assert.Equal("Paris", use.Input.GetProperty("city").GetString());
        Assert.Equal(StopReason.ToolUse, reply.StopReason);
        Assert.Equal(new Usage(132, 23), reply.Usage); // usage: prompt_tokens 132, completion_tokens 23, cached 0
        Assert.Equal("Bearer test-key", handler.Request!.Headers.Authorization!.ToString());
        var body = JsonDocument.Parse(handler.RequestBody!).RootElement;
        Assert.False(body.GetProperty("stream").GetBoolean());
        Assert.False(body.TryGetProperty("stream_options", out _), "stream_options must not go with stream=false (Strands #477)");
    }

    [Fact]
    public async Task Cached_tokens_are_a_subset_of_input_tokens()
    {
        var (reply, _) = await Run("chat-cached_tokens.response.json", stream: false);
        Assert.Equal("OK", reply.Build().Text);
        Assert.Equal(StopReason.EndTurn, reply.StopReason);
        Assert.Equal(new Usage(4020, 4, CacheReadInputTokens: 4012), reply.Usage); // prompt 4020 incl. cached_tokens 4012
    }

    [Fact]
    public async Task Streamed_parallel_tool_calls_are_assembled_in_index_order()
    {
        var (reply, handler) = await Run("chat-stream-parallel-tool_calls.response.sse", stream: true);
        var uses = reply.Build().ToolUses.ToList();
        Assert.Equal(new[] { "get_country", "get_product_name" }, uses.Select(u => u.Name));
        Assert.Equal(new[] { "call_3rqTYrA6H21AYUaRGP4F66oq", "call_Xw9XMKBJU48kAAd78WgIswDx" }, uses.Select(u => u.ToolUseId));
        Assert.Equal(new Usage(364, 40), reply.Usage);
        var body = JsonDocument.Parse(handler.RequestBody!).RootElement;
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task Arguments_split_across_chunks_are_joined()
    {
        var (reply, _) = await Run("chat-stream-fragmented-args.response.sse", stream: true);
        var uses = reply.Build().ToolUses.ToList();
        Assert.Equal("Mexico City", uses[0].Input.GetProperty("city").GetString());
        Assert.Equal("get_product_name", uses[1].Name);
        Assert.Equal(StopReason.ToolUse, reply.StopReason);
        Assert.Equal(new Usage(417, 44), reply.Usage);
    }

    [Fact]
    public async Task OpenRouter_stream_with_reasoning_and_cached_tokens()
    {
        var (reply, _) = await Run("chat-stream-cached_tokens-openrouter.response.sse", stream: true);
        var message = reply.Build();
        Assert.StartsWith("I'm Grok, an AI built by xAI.", message.Text);
        Assert.Equal(StopReason.EndTurn, reply.StopReason);
        Assert.Equal(new Usage(687, 187, CacheReadInputTokens: 679), reply.Usage);
    }

    [Theory]
    [InlineData("""{"prompt_tokens":1200,"completion_tokens":30,"prompt_tokens_details":{"cached_tokens":1000,"cache_write_tokens":150}}""")]
    [InlineData("""{"prompt_tokens":1200,"completion_tokens":30,"cache_creation_input_tokens":150,"prompt_tokens_details":{"cached_tokens":1000,"cache_write_tokens":150}}""")]
    [InlineData("""{"prompt_tokens":1200,"completion_tokens":30,"prompt_tokens_details":{"cached_tokens":1000,"cache_write_tokens":0},"cache_creation_input_tokens":150}""")]
    public async Task Cache_writes_are_read_from_either_spelling_without_double_counting(string usage)
    {
        // OpenRouter: prompt_tokens_details.cache_write_tokens; LiteLLM proxy: top-level cache_creation_input_tokens.
        var body = Encoding.UTF8.GetBytes($$"""{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{{usage}}}""");
        var (reply, _) = await RunBody(body, stream: false);
        Assert.Equal(new Usage(1200, 30, CacheReadInputTokens: 1000, CacheWriteInputTokens: 150), reply.Usage);
    }

    [Fact]
    public void Request_puts_cache_control_on_the_system_block_before_a_cache_point()
    {
        var request = new ModelRequest(
            new[] { Message.UserText("hi") },
            new ContentBlock[] { new TextBlock("long instructions"), new CachePointBlock(), new TextBlock("not cached") },
            Array.Empty<ToolSpec>());
        var body = JsonDocument.Parse(OpenAiRequestWriter.Write("m", request, null, stream: true)).RootElement;
        var system = body.GetProperty("messages")[0];
        Assert.Equal("system", system.GetProperty("role").GetString());
        var parts = system.GetProperty("content").EnumerateArray().ToList();
        Assert.Equal("ephemeral", parts[0].GetProperty("cache_control").GetProperty("type").GetString());
        Assert.False(parts[1].TryGetProperty("cache_control", out _));
        Assert.False(body.TryGetProperty("tools", out _), "an empty tools array is rejected by OpenAI");
    }

    [Fact]
    public void Params_override_what_we_would_send_and_null_removes_it()
    {
        var parameters = JsonDocument.Parse("""{"stream_options":null,"temperature":0.2,"model":"alias"}""").RootElement;
        var request = new ModelRequest(new[] { Message.UserText("hi") }, Array.Empty<ContentBlock>(), Array.Empty<ToolSpec>());
        var body = JsonDocument.Parse(OpenAiRequestWriter.Write("m", request, parameters, stream: true)).RootElement;
        Assert.False(body.TryGetProperty("stream_options", out _));
        Assert.Equal("alias", body.GetProperty("model").GetString());
        Assert.Equal(0.2, body.GetProperty("temperature").GetDouble());
    }

    [Theory]
    [InlineData("openai/o3-mini", "max_completion_tokens")]
    [InlineData("openai/gpt-5", "max_completion_tokens")]
    [InlineData("azure/o4-mini", "max_completion_tokens")]
    [InlineData("openai/gpt-4o", "max_tokens")]
    [InlineData("groq/openai/gpt-oss-120b", "max_tokens")]
    [InlineData("litellm_proxy/o3-mini", "max_tokens")]
    public async Task Reasoning_models_on_OpenAI_and_Azure_get_max_tokens_as_max_completion_tokens(string modelId, string sentName)
    {
        var handler = new FixtureHandler(File.ReadAllBytes(Fixture("chat-tool_calls.response.json")), "application/json");
        var (model, _) = ModelFactory.Create(new ModelSettings(modelId)
        {
            ApiKey = ApiKey.FromPlainText("test-key"),
            ApiBase = "http://127.0.0.1:9/v1",
            ApiVersion = "2024-10-21",
            Params = JsonDocument.Parse("""{"max_tokens":300,"stream":false}""").RootElement.Clone(),
            Http = new HttpSettings { Handler = handler, MaxRetries = 0 },
        });
        var request = new ModelRequest(new[] { Message.UserText("hi") }, Array.Empty<ContentBlock>(), Array.Empty<ToolSpec>());
        await foreach (var _ in model.StreamAsync(request, CancellationToken.None)) { }

        using var body = JsonDocument.Parse(handler.RequestBody!);
        Assert.Equal(300, body.RootElement.GetProperty(sentName).GetInt32());
        var otherName = sentName == "max_tokens" ? "max_completion_tokens" : "max_tokens";
        Assert.False(body.RootElement.TryGetProperty(otherName, out _), $"{modelId} sent {otherName} too");
    }

    [Fact]
    public void Both_limits_given_are_sent_as_given()
    {
        var both = JsonDocument.Parse("""{"max_tokens":1,"max_completion_tokens":2}""").RootElement.Clone();
        var sent = TokenLimitParameter.ForModel("o3", both)!.Value;
        Assert.Equal(1, sent.GetProperty("max_tokens").GetInt32());
        Assert.Equal(2, sent.GetProperty("max_completion_tokens").GetInt32());
    }
}
