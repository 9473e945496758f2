using System.Net;
using System.Net.Http;
using Strands.EventLoop;
using Strands.FakeProvider.Wire;
using Strands.Models.Bedrock;
using Strands.Streaming;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Bedrock;

public class BedrockErrorsTests
{
    private static ModelException Http(int status, string? errorType, string body)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (errorType != null) response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorType);
        return BedrockErrors.FromResponse(response, body);
    }

    [Theory]
    [InlineData(429, "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/", ErrorIds.ModelThrottled, true)]
    [InlineData(400, "ThrottlingException", ErrorIds.ModelThrottled, true)]
    [InlineData(429, "ThrottlingException", ErrorIds.ModelThrottled, true, "Too many tokens, please wait before trying again.")]
    [InlineData(403, "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/", ErrorIds.AuthenticationFailed, false)]
    [InlineData(403, "UnrecognizedClientException", ErrorIds.AuthenticationFailed, false)]
    [InlineData(403, "ExpiredTokenException", ErrorIds.AuthenticationFailed, false)]
    [InlineData(404, "ResourceNotFoundException", ErrorIds.ModelNotFound, false)]
    [InlineData(400, "ValidationException", ErrorIds.InvalidRequest, false)]
    [InlineData(503, "ServiceUnavailableException", ErrorIds.ProviderError, true)]
    [InlineData(500, "InternalServerException", ErrorIds.ProviderError, true)]
    [InlineData(429, null, ErrorIds.ModelThrottled, true)]
    public void Http_errors_map_by_error_type_then_status(int status, string? errorType, string errorId, bool retryable, string message = "Something about the request.")
    {
        var ex = Http(status, errorType, $"{{\"message\":\"{message}\"}}");
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(retryable, ex.IsRetryable);
        Assert.Contains(message, ex.Message);
        Assert.DoesNotContain("http://internal", ex.Message);
    }

    [Theory]
    [InlineData("Input is too long for requested model.")]
    [InlineData("The prompt is too long: 250000 tokens > 200000 maximum")]
    public void Validation_messages_about_length_are_context_overflow(string message)
    {
        var ex = Http(400, "ValidationException", $"{{\"message\":\"{message}\"}}");
        Assert.IsType<ContextWindowOverflowException>(ex);
        Assert.Equal(ErrorIds.ContextWindowOverflow, ex.ErrorId);
    }

    [Fact]
    public void A_non_json_error_body_is_kept_as_the_message()
    {
        var ex = Http(502, null, "<html><body>Bad Gateway</body></html>");
        Assert.Equal(ErrorIds.ProviderError, ex.ErrorId);
        Assert.Contains("Bad Gateway", ex.Message);
    }

    private static void Throw(byte[] frame)
    {
        var parser = new BedrockResponseParser();
        using var decoder = new EventStreamDecoder(new MemoryStream(frame));
        Assert.True(decoder.MoveNextAsync().AsTask().GetAwaiter().GetResult());
        parser.Accept(decoder.Current);
    }

    [Theory]
    [InlineData("throttlingException", "Too many tokens, please wait before trying again.", ErrorIds.ModelThrottled, true)]
    [InlineData("validationException", "Input is too long for requested model.", ErrorIds.ContextWindowOverflow, false)]
    [InlineData("validationException", "messages.1: roles must alternate", ErrorIds.InvalidRequest, false)]
    [InlineData("serviceUnavailableException", "Bedrock is unable to process your request.", ErrorIds.ProviderError, true)]
    [InlineData("internalServerException", "Internal error.", ErrorIds.ProviderError, true)]
    public void Stream_exception_frames_map_by_exception_type(string type, string message, string errorId, bool retryable)
    {
        var ex = Assert.ThrowsAny<ModelException>(() => Throw(EventStreamEncoder.EncodeException(type, $"{{\"message\":\"{message}\"}}")));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(retryable, ex.IsRetryable);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Stream_error_frame_uses_its_error_headers()
    {
        var frame = EventStreamEncoder.Encode(new[]
        {
            new KeyValuePair<string, string>(":message-type", "error"),
            new KeyValuePair<string, string>(":error-code", "InternalFailure"),
            new KeyValuePair<string, string>(":error-message", "The stream broke."),
        }, Array.Empty<byte>());

        var ex = Assert.ThrowsAny<ModelException>(() => Throw(frame));
        Assert.Equal(ErrorIds.ProviderError, ex.ErrorId);
        Assert.Contains("InternalFailure", ex.Message);
        Assert.Contains("The stream broke.", ex.Message);
    }

    [Fact]
    public void Stop_reason_model_context_window_exceeded_is_context_overflow()
    {
        Assert.Throws<ContextWindowOverflowException>(() =>
            Throw(EventStreamEncoder.EncodeEvent("messageStop", "{\"stopReason\":\"model_context_window_exceeded\"}")));
    }

    [Theory]
    [InlineData("end_turn", StopReason.EndTurn)]
    [InlineData("tool_use", StopReason.ToolUse)]
    [InlineData("max_tokens", StopReason.MaxTokens)]
    [InlineData("stop_sequence", StopReason.StopSequence)]
    [InlineData("guardrail_intervened", StopReason.GuardrailIntervened)]
    [InlineData("content_filtered", StopReason.ContentFiltered)]
    [InlineData("malformed_model_output", StopReason.EndTurn)]
    public void Stop_reasons_map_to_strands_names(string wire, StopReason expected)
    {
        Assert.Equal(expected, BedrockResponseParser.MapStopReason(wire));
    }

    [Fact]
    public async Task Frames_without_event_type_headers_parse_by_their_keys()
    {
        static byte[] Bare(string json) => EventStreamEncoder.Encode(
            new[] { new KeyValuePair<string, string>(":message-type", "event") }, System.Text.Encoding.UTF8.GetBytes(json));
        var body = new[]
        {
            Bare("{\"role\":\"assistant\"}"),
            Bare("{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"lookup\"}}}"),
            Bare("{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"{\\\"q\\\":\"}}}"),
            Bare("{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"1}\"}}}"),
            Bare("{\"contentBlockIndex\":0}"),
            Bare("{\"contentBlockIndex\":1,\"delta\":{\"reasoningContent\":{\"redactedContent\":\"AAEC\"}},\"p\":\"xyz\"}"),
            Bare("{\"contentBlockIndex\":1}"),
            Bare("{\"stopReason\":\"tool_use\",\"additionalModelResponseFields\":{\"x\":[1,2]}}"),
            Bare("{\"usage\":{\"inputTokens\":5,\"outputTokens\":2,\"totalTokens\":7,\"cacheWriteInputTokens\":10},\"metrics\":{\"latencyMs\":1}}"),
        }.SelectMany(b => b).ToArray();

        var a = await BedrockFixtureTests.AssembleStreamAsync(body);
        var message = a.Build();

        var tool = Assert.IsType<ToolUseBlock>(message.Content[0]);
        Assert.Equal(1, tool.Input.GetProperty("q").GetInt32());
        Assert.Equal("AAEC", Assert.IsType<ReasoningBlock>(message.Content[1]).RedactedContent);
        Assert.Equal(StopReason.ToolUse, a.StopReason);
        Assert.Equal(new Usage(15, 2, 0, 10), a.Usage);
    }
}
