using System.Net;
using System.Text.Json;
using Strands.EventLoop;
using Strands.Models;
using Strands.Models.Gemini;
using Strands.Models.Http;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Gemini;

/// <summary>Every recorded Gemini response in tests/fixtures/gemini, parsed by the adapter.</summary>
public sealed class GeminiFixtureTests
{
    private static string FixtureDirectory() => Strands.Tests.Streaming.Fixtures.Path("gemini");

    private sealed class FixtureHandler(byte[] body, string contentType) : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            return Task.FromResult(response);
        }
    }

    private static async Task<(MessageAssembler Reply, HttpRequestMessage Request)> Run(string fixture)
    {
        var stream = fixture.EndsWith(".sse", StringComparison.Ordinal);
        var handler = new FixtureHandler(File.ReadAllBytes(Path.Combine(FixtureDirectory(), fixture)), stream ? "text/event-stream" : "application/json");
        JsonElement? parameters = stream ? null : JsonDocument.Parse("""{"stream":false}""").RootElement.Clone();
        var model = new GeminiModel("gemini", "gemini-2.5-flash", "https://generativelanguage.googleapis.com", ApiKey.FromPlainText("k"),
            parameters, new HttpSettings { Handler = handler, MaxRetries = 0 });
        var reply = new MessageAssembler();
        var request = new ModelRequest(new[] { Message.UserText("hi") }, Array.Empty<ContentBlock>(), Array.Empty<ToolSpec>());
        await foreach (var e in model.StreamAsync(request, CancellationToken.None)) reply.Add(e);
        return (reply, handler.Request!);
    }

    // The fixtures the tests below cover, one each.
    private static readonly string[] Covered =
    {
        "generateContent-functionCall.response.json",
        "generateContent-cachedContent.response.json",
        "streamGenerateContent-functionCall.response.sse",
        "streamGenerateContent-functionCall-thoughtSignature.response.sse",
    };

    [Fact]
    public void Every_recorded_response_has_a_test()
    {
        var recorded = Directory.EnumerateFiles(FixtureDirectory(), "*.response.*").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal);
        var tested = Covered.OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(recorded, tested);
    }

    [Fact]
    public async Task Non_streamed_function_call_keeps_its_thought_signature()
    {
        var (reply, request) = await Run("generateContent-functionCall.response.json");
        var message = reply.Build();
        var use = Assert.Single(message.ToolUses);
        Assert.Equal("get_weather", use.Name);
        Assert.Equal("""{"city": "Paris"}""", use.RawInput);
        Assert.Equal("Paris", use.Input.GetProperty("city").GetString());
        Assert.StartsWith("call_1_", use.ToolUseId, StringComparison.Ordinal);
        Assert.StartsWith("CusBAXLI2nxjqlNFmkZhFvBKYO2Qbvj3E+G7N6", use.ReasoningSignature, StringComparison.Ordinal);
        Assert.EndsWith("ZgxWdDs/9ptuRUOag==", use.ReasoningSignature, StringComparison.Ordinal);
        Assert.Empty(message.Text);
        Assert.Equal(StopReason.ToolUse, reply.StopReason); // finishReason STOP, but a function call came
        Assert.Equal("STOP", reply.ProviderStopReason);
        // promptTokenCount 49; candidatesTokenCount 15 + thoughtsTokenCount 48 = 63 output.
        Assert.Equal(new Usage(49, 63), reply.Usage);
        Assert.Equal("/v1beta/models/gemini-2.5-flash:generateContent", request.RequestUri!.PathAndQuery);
    }

    [Fact]
    public async Task Cached_content_tokens_are_part_of_the_input()
    {
        var (reply, _) = await Run("generateContent-cachedContent.response.json");
        Assert.Equal("Paris.", reply.Build().Text);
        Assert.Equal(StopReason.EndTurn, reply.StopReason);
        // promptTokenCount 3520 already includes cachedContentTokenCount 3512; output 2 + 42 thoughts.
        Assert.Equal(new Usage(3520, 44, CacheReadInputTokens: 3512), reply.Usage);
        Assert.Equal(8, reply.Usage!.UncachedInputTokens);
    }

    [Fact]
    public async Task Streamed_function_call()
    {
        var (reply, request) = await Run("streamGenerateContent-functionCall.response.sse");
        var use = Assert.Single(reply.Build().ToolUses);
        Assert.Equal("get_capital", use.Name);
        Assert.Equal("""{"country": "France"}""", use.RawInput);
        Assert.Null(use.ReasoningSignature);
        Assert.Equal(StopReason.ToolUse, reply.StopReason);
        // promptTokenCount 52, candidatesTokenCount 5, no thoughts.
        Assert.Equal(new Usage(52, 5), reply.Usage);
        Assert.Equal("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", request.RequestUri!.PathAndQuery);
    }

    [Fact]
    public async Task Streamed_gemini_3_call_with_signature_then_empty_text_and_finish()
    {
        var (reply, _) = await Run("streamGenerateContent-functionCall-thoughtSignature.response.sse");
        var message = reply.Build();
        var use = Assert.Single(message.Content); // the trailing empty text part adds no block
        var call = Assert.IsType<ToolUseBlock>(use);
        Assert.Equal("get_country", call.Name);
        Assert.Equal("{}", call.RawInput);
        Assert.StartsWith("EpwICpkIAXLI2nxlU6gsWZaZHRYkX1orzuM8vSUF", call.ReasoningSignature, StringComparison.Ordinal);
        Assert.EndsWith("DAXOk15QuFyU=", call.ReasoningSignature, StringComparison.Ordinal);
        Assert.Equal(StopReason.ToolUse, reply.StopReason);
        // promptTokenCount 29; candidatesTokenCount 10 + thoughtsTokenCount 202 = 212 (totalTokenCount 241).
        Assert.Equal(new Usage(29, 212), reply.Usage);
    }
}
