using System.Text;
using System.Text.Json;
using Strands.EventLoop;
using Strands.FakeProvider.Wire;
using Strands.Models;
using Strands.Models.Bedrock;
using Strands.Models.Http;
using Strands.Streaming;
using Strands.Tests.Streaming;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Bedrock;

/// <summary>BedrockModel end to end against a loopback server speaking the event-stream wire format.</summary>
public class BedrockModelTests
{
    private const string ModelId = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";

    private sealed class StaticCredentials(AwsCredentials credentials) : IAwsCredentialsProvider
    {
        public int Calls;

        public Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult(credentials);
        }
    }

    private sealed class RecordingTrace : IModelTrace
    {
        public readonly List<(int Attempt, ModelException Error)> Retries = new();
        public void Debug(string message) { }
        public void Retrying(int attempt, TimeSpan delay, ModelException error) => Retries.Add((attempt, error));
    }

    private static readonly AwsCredentials TestCredentials = new("TESTKEYID", "test-secret-key", "test-session-token");

    private static BedrockModel Model(LoopbackServer server, ApiKey? bearer = null, string? parameters = null, IAwsCredentialsProvider? credentials = null, int retries = 0) =>
        new(ModelId, server.BaseUrl, "us-east-1", bearer, parameters is null ? null : JsonDocument.Parse(parameters).RootElement.Clone(),
            new HttpSettings { MaxRetries = retries, Timeout = TimeSpan.FromSeconds(20) }, credentials ?? new StaticCredentials(TestCredentials));

    private static ModelRequest Request(IModelTrace? trace = null) => new(
        new[] { Message.UserText("Weather in Paris?") },
        new ContentBlock[] { new TextBlock("Be brief.") },
        new[] { new ToolSpec("get_weather", "Weather of a city.", JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}""").RootElement.Clone()) },
        Trace: trace);

    private static async Task<MessageAssembler> RunAsync(BedrockModel model, ModelRequest? request = null)
    {
        var assembler = new MessageAssembler();
        await foreach (var e in model.StreamAsync(request ?? Request(), CancellationToken.None)) assembler.Add(e);
        return assembler;
    }

    private static byte[][] TextAndToolFrames() => new[]
    {
        EventStreamEncoder.EncodeEvent("messageStart", """{"p":"abc","role":"assistant"}"""),
        EventStreamEncoder.EncodeEvent("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Let me "},"p":"abcdef"}"""),
        EventStreamEncoder.EncodeEvent("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"check."},"p":"a"}"""),
        EventStreamEncoder.EncodeEvent("contentBlockStop", """{"contentBlockIndex":0,"p":"ab"}"""),
        EventStreamEncoder.EncodeEvent("contentBlockStart", """{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"tooluse_42","name":"get_weather"}},"p":"x"}"""),
        EventStreamEncoder.EncodeEvent("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"ci"}},"p":"x"}"""),
        EventStreamEncoder.EncodeEvent("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"ty\":\"Paris\"}"}},"p":"x"}"""),
        EventStreamEncoder.EncodeEvent("contentBlockStop", """{"contentBlockIndex":1,"p":"abc"}"""),
        EventStreamEncoder.EncodeEvent("messageStop", """{"p":"abcd","stopReason":"tool_use"}"""),
        EventStreamEncoder.EncodeEvent("metadata", """{"metrics":{"latencyMs":12},"p":"a","usage":{"inputTokens":20,"outputTokens":9,"totalTokens":129,"cacheReadInputTokens":100}}"""),
    };

    [Fact]
    public async Task Streams_text_and_a_tool_call_over_a_sigv4_signed_request()
    {
        await using var server = new LoopbackServer().ThenEventStream(TextAndToolFrames());
        var credentials = new StaticCredentials(TestCredentials);

        var reply = await RunAsync(Model(server, credentials: credentials));
        var message = reply.Build();

        Assert.Equal("Let me check.", Assert.IsType<TextBlock>(message.Content[0]).Text);
        var tool = Assert.IsType<ToolUseBlock>(message.Content[1]);
        Assert.Equal(("tooluse_42", "get_weather", "Paris"), (tool.ToolUseId, tool.Name, tool.Input.GetProperty("city").GetString()));
        Assert.Equal(StopReason.ToolUse, reply.StopReason);
        // inputTokens 20 + cacheReadInputTokens 100 = 120; outputTokens 9.
        Assert.Equal(new Usage(120, 9, 100, 0), reply.Usage);
        Assert.Equal(1, credentials.Calls);

        var received = Assert.Single(server.Requests);
        Assert.Equal("POST", received.Method);
        Assert.Equal("/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse-stream", received.RawUrl);
        Assert.Equal("test-session-token", received.Headers["x-amz-security-token"]);
        var authorization = received.Headers["Authorization"];
        Assert.Matches(@"^AWS4-HMAC-SHA256 Credential=TESTKEYID/\d{8}/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$", authorization);

        // The server's view of the request must verify: same headers, same body hash, same signature.
        var signed = new[] { "content-type", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token" }
            .Select(h => new KeyValuePair<string, string>(h, received.Headers[h]));
        var date = DateTime.ParseExact(received.Headers["x-amz-date"], "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        var bodyHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(received.Body)).ToLowerInvariant();
        Assert.Equal(bodyHash, received.Headers["x-amz-content-sha256"]);
        Assert.Equal(authorization, SigV4Signer.Authorization("POST", new Uri(server.BaseUrl + received.RawUrl), signed, bodyHash, TestCredentials, "us-east-1", "bedrock", date));

        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal("Be brief.", body.RootElement.GetProperty("system")[0].GetProperty("text").GetString());
        Assert.Equal("get_weather", body.RootElement.GetProperty("toolConfig").GetProperty("tools")[0].GetProperty("toolSpec").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_frame_with_a_bad_crc_is_stream_malformed_after_the_good_frames()
    {
        var frames = TextAndToolFrames();
        frames[2] = (byte[])frames[2].Clone();
        frames[2][^1] ^= 0xFF;
        await using var server = new LoopbackServer().ThenEventStream(frames);

        var seen = new List<ModelStreamEvent>();
        var ex = await Assert.ThrowsAsync<StreamFormatException>(async () =>
        {
            await foreach (var e in Model(server).StreamAsync(Request(), CancellationToken.None)) seen.Add(e);
        });

        Assert.Equal(ErrorIds.StreamMalformed, ex.ErrorId);
        Assert.Contains("CRC", ex.Message);
        Assert.Equal("Let me ", Assert.IsType<TextDeltaEvent>(Assert.Single(seen)).Text);
    }

    [Fact]
    public async Task A_stream_cut_before_message_stop_is_stream_malformed()
    {
        await using var server = new LoopbackServer().ThenEventStream(TextAndToolFrames().Take(4).ToArray());

        var ex = await Assert.ThrowsAsync<StreamFormatException>(() => RunAsync(Model(server)));
        Assert.Contains("messageStop", ex.Message);
    }

    [Fact]
    public async Task Throttling_429_is_retried_with_a_fresh_signature_then_succeeds()
    {
        await using var server = new LoopbackServer()
            .ThenStatus(429, """{"message":"Too many requests, please wait before trying again."}""",
                ("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"), ("Retry-After", "0"))
            .ThenEventStream(TextAndToolFrames());
        var trace = new RecordingTrace();

        var reply = await RunAsync(Model(server, retries: 2), Request(trace));

        Assert.Equal("Let me check.", reply.Build().Text);
        var retry = Assert.Single(trace.Retries);
        Assert.Equal(ErrorIds.ModelThrottled, retry.Error.ErrorId);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.StartsWith("AWS4-HMAC-SHA256 ", r.Headers["Authorization"]));
    }

    [Fact]
    public async Task Throttling_beyond_the_retries_surfaces_as_model_throttled()
    {
        await using var server = new LoopbackServer()
            .ThenStatus(429, """{"message":"Too many tokens, please wait before trying again."}""", ("x-amzn-ErrorType", "ThrottlingException"));

        var ex = await Assert.ThrowsAsync<ModelException>(() => RunAsync(Model(server)));
        Assert.Equal(ErrorIds.ModelThrottled, ex.ErrorId);
        Assert.Equal(429, ex.StatusCode);
    }

    [Fact]
    public async Task Input_too_long_validation_error_is_context_overflow_and_not_retried()
    {
        await using var server = new LoopbackServer()
            .ThenStatus(400, """{"message":"Input is too long for requested model."}""", ("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"));

        await Assert.ThrowsAsync<ContextWindowOverflowException>(() => RunAsync(Model(server, retries: 3)));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_bearer_token_is_sent_instead_of_a_signature()
    {
        await using var server = new LoopbackServer().ThenEventStream(TextAndToolFrames());
        var credentials = new StaticCredentials(TestCredentials);

        await RunAsync(Model(server, bearer: ApiKey.FromPlainText("test-bedrock-api-key"), credentials: credentials));

        var received = Assert.Single(server.Requests);
        Assert.Equal("Bearer test-bedrock-api-key", received.Headers["Authorization"]);
        Assert.False(received.Headers.ContainsKey("x-amz-date"));
        Assert.Equal(0, credentials.Calls);
    }

    [Fact]
    public async Task Stream_false_calls_converse_and_parses_the_json_reply()
    {
        await using var server = new LoopbackServer().Then(async response =>
        {
            response.StatusCode = 200;
            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(Fixtures.Bytes("bedrock/converse-tooluse-cacheread.response.json"));
        });

        var reply = await RunAsync(Model(server, parameters: """{"stream":false,"max_tokens":256}"""));

        Assert.Equal("catalog_lookup", Assert.Single(reply.Build().ToolUses).Name);
        Assert.Equal(new Usage(3185, 16, 2752, 0), reply.Usage); // 433 input + 2752 cache read
        var received = Assert.Single(server.Requests);
        Assert.Equal("/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse", received.RawUrl);
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal(256, body.RootElement.GetProperty("inferenceConfig").GetProperty("maxTokens").GetInt32());
        Assert.False(body.RootElement.TryGetProperty("stream", out _));
    }

    [Fact]
    public void The_factory_routes_bedrock_ids_to_this_adapter()
    {
        var env = new Dictionary<string, string> { ["AWS_REGION"] = "eu-central-1", ["AWS_BEARER_TOKEN_BEDROCK"] = "test-token" };
        var (model, route) = ModelFactory.Create(new ModelSettings("bedrock/converse/eu.amazon.nova-lite-v1:0"), n => env.GetValueOrDefault(n));

        var bedrock = Assert.IsType<BedrockModel>(model);
        Assert.Equal("eu.amazon.nova-lite-v1:0", bedrock.ModelName);
        Assert.Equal("https://bedrock-runtime.eu-central-1.amazonaws.com/model/eu.amazon.nova-lite-v1%3A0/converse-stream", bedrock.Endpoint.AbsoluteUri);
        Assert.Equal("eu-central-1", route.Region);
    }
}
