using System.Text;
using System.Text.Json;
using Strands.EventLoop;
using Strands.FakeProvider;
using Strands.Models;
using Strands.Models.Bedrock;
using Strands.Models.Http;
using Strands.Models.Replay;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Replay;

/// <summary>Record against the loopback fake provider, then replay offline through the same adapter.</summary>
public sealed class RecordReplayTests : IAsyncLifetime
{
    private const string SecretKey = "sk-test-SECRET-abc123";
    private readonly string _dir = Directory.CreateTempSubdirectory("strands-replay-").FullName;
    private FakeProviderServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static readonly ToolSpec Calculator = new("calculator", "Evaluates an arithmetic expression.",
        JsonDocument.Parse("""{"type":"object","properties":{"expression":{"type":"string"}},"required":["expression"]}""").RootElement);

    private static ModelRequest Ask(string prompt, params Message[] more) =>
        new(new[] { Message.UserText(prompt) }.Concat(more).ToArray(), Array.Empty<ContentBlock>(), new[] { Calculator });

    private static async Task<MessageAssembler> Send(IModel model, ModelRequest request)
    {
        var reply = new MessageAssembler();
        await foreach (var e in model.StreamAsync(request, CancellationToken.None)) reply.Add(e);
        return reply;
    }

    private async Task<(string Path, Message ToolTurn)> RecordTwoCalls()
    {
        var path = Path.Combine(_dir, "session.json");
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("calculator", """{"expression":"2+2"}""", "call_1")));
        _fake.Enqueue(FakeReply.Text("2+2 = 4", new FakeUsage(20, 7), chunks: 3));
        var (model, _) = ModelFactory.Create(new ModelSettings("openai/gpt-4o")
        {
            ApiKey = ApiKey.FromPlainText(SecretKey),
            ApiBase = _fake.BaseUrl + "v1",
            RecordTo = path,
            Params = JsonDocument.Parse("""{"temperature":0.7}""").RootElement,
        }, _ => null);
        var first = await Send(model, Ask("What is 2+2"));
        var toolTurn = first.Build();
        var second = await Send(model, Ask("What is 2+2", toolTurn, new Message(Role.User, new ContentBlock[] { ToolResultBlock.FromText(toolTurn.ToolUses.Single().ToolUseId, ToolResultStatus.Success, "4") })));
        Assert.Equal("2+2 = 4", second.Build().Text);
        return (path, toolTurn);
    }

    [Theory]
    [InlineData("openai/gpt-4o")]
    [InlineData("anthropic/claude-3-7-sonnet-20250219")]
    [InlineData("bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0")]
    [InlineData("gemini/gemini-2.5-flash")]
    [InlineData("ollama_chat/llama3.1")]
    public async Task Every_wire_format_replays_a_tool_session_through_its_own_adapter(string modelId)
    {
        var path = Path.Combine(_dir, "session.json");
        // No tool-call id: Gemini and Ollama never send one, so their adapters generate it, and the
        // replayed second request carries a different generated id than the recorded one.
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("calculator", """{"expression":"2+2"}""")));
        _fake.Enqueue(FakeReply.Text("2+2 = 4", new FakeUsage(20, 7), chunks: 3));
        var (recorder, _) = ModelFactory.Create(new ModelSettings(modelId)
        {
            ApiKey = ApiKey.FromPlainText(SecretKey),
            ApiBase = _fake.BaseUrl.ToString(),
            RecordTo = path,
            Http = new HttpSettings { MaxRetries = 0 },
        }, _ => null);
        var recorded = await RunToolSession(recorder);
        Assert.DoesNotContain("SECRET", File.ReadAllText(path), StringComparison.Ordinal);

        await _fake.DisposeAsync();
        var (replayer, route) = ModelFactory.Create(new ModelSettings("replay/" + path));
        Assert.Equal(modelId.Split('/')[0], route.Provider.Name);
        var replayed = await RunToolSession(replayer);
        Assert.Equal(recorded, replayed);
    }

    private static async Task<(string Tool, string Text, Usage? Usage)> RunToolSession(IModel model)
    {
        var toolTurn = (await Send(model, Ask("What is 2+2"))).Build();
        var use = toolTurn.ToolUses.Single();
        var answer = await Send(model, Ask("What is 2+2", toolTurn, new Message(Role.User, new ContentBlock[] { ToolResultBlock.FromText(use.ToolUseId, ToolResultStatus.Success, "4") })));
        return (use.Name, answer.Build().Text, answer.Usage);
    }

    [Fact]
    public async Task Recording_holds_each_exchange_and_never_the_key()
    {
        var (path, _) = await RecordTwoCalls();
        var text = File.ReadAllText(path);
        Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", text, StringComparison.Ordinal);
        var recording = Recording.Load(path);
        Assert.Equal("openai", recording.Model.Provider);
        Assert.Equal(0.7, recording.Model.Params!.Value.GetProperty("temperature").GetDouble());
        Assert.Equal(2, recording.Exchanges.Count);
        Assert.All(recording.Exchanges, e => Assert.Equal("/v1/chat/completions", e.Path));
        Assert.Contains("data: [DONE]", Encoding.UTF8.GetString(recording.Exchanges[1].Chunks.SelectMany(c => c).ToArray()));
        Assert.Contains(recording.Exchanges[0].Headers, h => h.Key == "content-type" && h.Value.StartsWith("text/event-stream", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replay_answers_offline_through_the_adapter_with_the_recorded_model()
    {
        var (path, toolTurn) = await RecordTwoCalls();
        await _fake.DisposeAsync();
        var (model, route) = ModelFactory.Create(new ModelSettings("replay/" + path));
        Assert.Equal("openai", route.Provider.Name);
        Assert.Equal("replay", route.ApiKeySource);
        var first = (await Send(model, Ask("What is 2+2"))).Build();
        Assert.Equal("calculator", first.ToolUses.Single().Name);
        Assert.Equal("call_1", first.ToolUses.Single().ToolUseId);
        var second = await Send(model, Ask("What is 2+2", toolTurn, new Message(Role.User, new ContentBlock[] { ToolResultBlock.FromText("call_1", ToolResultStatus.Success, "4") })));
        Assert.Equal("2+2 = 4", second.Build().Text);
        Assert.Equal(new Usage(20, 7), second.Usage);
    }

    [Fact]
    public async Task A_changed_prompt_fails_with_the_first_difference()
    {
        var (path, _) = await RecordTwoCalls();
        var (model, _) = ModelFactory.Create(new ModelSettings("openai/gpt-4o") { ReplayFrom = path, Params = JsonDocument.Parse("""{"temperature":0.7}""").RootElement });
        var error = await Assert.ThrowsAsync<ReplayException>(() => Send(model, Ask("What is 3+3")));
        Assert.Equal(ErrorIds.ReplayMismatch, error.ErrorId);
        Assert.Equal(ErrorKind.InvalidData, error.Kind);
        Assert.Equal(new RequestDifference("$.messages[0].content[0].text", "\"What is 2+2\"", "\"What is 3+3\""), error.Difference);
        Assert.Contains("Request 1 of 2", error.Message);
        Assert.Contains("$.messages[0].content[0].text", error.Message);
    }

    [Fact]
    public async Task ReplayFrom_with_other_parameters_fails_at_the_parameter()
    {
        var (path, _) = await RecordTwoCalls();
        var (model, _) = ModelFactory.Create(new ModelSettings("openai/gpt-4o") { ReplayFrom = path });
        var error = await Assert.ThrowsAsync<ReplayException>(() => Send(model, Ask("What is 2+2")));
        Assert.Equal("$.temperature", error.Difference!.Location);
    }

    [Fact]
    public async Task ReplayFrom_with_another_provider_fails_when_the_model_is_created()
    {
        var (path, _) = await RecordTwoCalls();
        var error = Assert.Throws<ReplayException>(() => ModelFactory.Create(new ModelSettings("groq/llama-3.3-70b-versatile") { ReplayFrom = path }));
        Assert.Equal(new RequestDifference("model.provider", "openai", "groq"), error.Difference);
    }

    [Fact]
    public async Task More_calls_than_recorded_fail_with_ReplayExhausted()
    {
        var (path, toolTurn) = await RecordTwoCalls();
        var (model, _) = ModelFactory.Create(new ModelSettings("replay/" + path));
        await Send(model, Ask("What is 2+2"));
        await Send(model, Ask("What is 2+2", toolTurn, new Message(Role.User, new ContentBlock[] { ToolResultBlock.FromText("call_1", ToolResultStatus.Success, "4") })));
        var error = await Assert.ThrowsAsync<ReplayException>(() => Send(model, Ask("again")));
        Assert.Equal(ErrorIds.ReplayExhausted, error.ErrorId);
        Assert.Contains("request 3", error.Message);
        Assert.Contains("only 2", error.Message);
    }

    private sealed class StaticCredentials : IAwsCredentialsProvider
    {
        public Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new AwsCredentials("TESTKEYIDEXAMPLE0001", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "session-token-SECRET-0123456789"));
    }

    [Fact]
    public async Task SigV4_requests_leave_no_credential_and_the_binary_event_stream_replays_byte_exact()
    {
        var path = Path.Combine(_dir, "bedrock.json");
        _fake.Enqueue(FakeReply.Text("Hello from Bedrock", new FakeUsage(12, 4), chunks: 3));
        var recorder = new RecordingHandler(path);
        var model = new BedrockModel("us.anthropic.claude-3-7-sonnet-20250219-v1:0", _fake.BaseUrl.ToString(), "us-west-2", bearerToken: null, parameters: null,
            new HttpSettings { Handler = recorder, MaxRetries = 0 }, new StaticCredentials());
        recorder.Start(new RecordedModel("bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0", "bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "https://bedrock-runtime.us-west-2.amazonaws.com") { Region = "us-west-2" });
        var live = await Send(model, Ask("hi"));
        Assert.Contains("AWS4-HMAC-SHA256", _fake.LastRequest.Headers["Authorization"]);

        var text = File.ReadAllText(path);
        foreach (var secret in new[] { "TESTKEYIDEXAMPLE0001", "wJalrXUtnFEMI", "SECRET", "AWS4-HMAC", "Signature", "x-amz-security-token" })
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        var exchange = Recording.Load(path).Exchanges.Single();
        Assert.Contains("\"encoding\": \"base64\"", text);
        Assert.Equal("/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse-stream", exchange.Path);

        await _fake.DisposeAsync();
        var (replayer, _) = ModelFactory.Create(new ModelSettings("replay/" + path));
        var replayed = await Send(replayer, Ask("hi"));
        Assert.Equal(live.Build().Text, replayed.Build().Text);
        Assert.Equal(live.Usage, replayed.Usage);
    }

    [Fact]
    public async Task Recorded_errors_and_retries_replay_in_order()
    {
        var path = Path.Combine(_dir, "retry.json");
        _fake.Enqueue(FakeReply.RateLimited(TimeSpan.Zero));
        _fake.Enqueue(FakeReply.Text("after the retry"));
        var settings = new ModelSettings("openai/gpt-4o") { ApiKey = ApiKey.FromPlainText(SecretKey), ApiBase = _fake.BaseUrl.ToString(), RecordTo = path, Http = new HttpSettings { MaxRetries = 1 } };
        var (recorder, _) = ModelFactory.Create(settings, _ => null);
        Assert.Equal("after the retry", (await Send(recorder, Ask("hi"))).Build().Text);
        Assert.Equal(new[] { 429, 200 }, Recording.Load(path).Exchanges.Select(e => e.Status));

        var (replayer, _) = ModelFactory.Create(new ModelSettings("replay/" + path) { Http = new HttpSettings { MaxRetries = 1 } });
        Assert.Equal("after the retry", (await Send(replayer, Ask("hi"))).Build().Text);
    }

    [Fact]
    public async Task Replayed_bodies_arrive_in_the_recorded_chunks()
    {
        var recording = new Recording(new RecordedModel("openai/gpt-4o", "openai", "gpt-4o", "http://127.0.0.1:9"));
        var exchange = new RecordedExchange { Path = "/x", BodyText = "" };
        exchange.Chunks.Add(Encoding.ASCII.GetBytes("abc"));
        exchange.Chunks.Add(Encoding.ASCII.GetBytes("de"));
        recording.Exchanges.Add(exchange);
        var handler = new ReplayHandler(recording, "r.json");
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:9/x") { Content = new ByteArrayContent(Array.Empty<byte>()) };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[100];
        Assert.Equal(3, await body.ReadAsync(buffer));
        Assert.Equal(2, await body.ReadAsync(buffer));
        Assert.Equal(0, await body.ReadAsync(buffer));
        Assert.Equal(1, handler.Answered);
    }

    [Fact]
    public void Recording_to_an_unwritable_path_fails_when_the_model_is_created()
    {
        var error = Assert.Throws<StrandsException>(() => ModelFactory.Create(new ModelSettings("openai/gpt-4o")
        {
            ApiKey = ApiKey.FromPlainText(SecretKey),
            RecordTo = Path.Combine(_dir, "no-such-folder", "x.json"),
        }, _ => null));
        Assert.Contains("no-such-folder", error.Message);
        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
    }
}
