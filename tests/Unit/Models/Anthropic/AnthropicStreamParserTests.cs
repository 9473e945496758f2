using System.Text;
using System.Text.Json;
using Strands.Models.Anthropic;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Anthropic;

/// <summary>Stream and response parsing cases the recordings do not cover: reasoning, stop reasons, errors, oddities.</summary>
public class AnthropicStreamParserTests
{
    private static string Sse(params string[] data) => string.Concat(data.Select(d => "data: " + d + "\n\n"));

    private const string Start = """{"type":"message_start","message":{"usage":{"input_tokens":10,"output_tokens":1}}}""";
    private const string Stop = """{"type":"message_stop"}""";

    private static string Delta(string stopReason) =>
        $$$"""{"type":"message_delta","delta":{"stop_reason":"{{{stopReason}}}"},"usage":{"output_tokens":4}}""";

    [Fact]
    public async Task Thinking_with_signature_and_redacted_thinking_become_reasoning_blocks()
    {
        var events = await AnthropicEvents.FromSseAsync(Sse(
            Start,
            """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Two plus "}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"two."}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAh"}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"EmwKAhgB"}}""",
            """{"type":"content_block_stop","index":1}""",
            """{"type":"content_block_start","index":2,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"4"}}""",
            """{"type":"content_block_stop","index":2}""",
            Delta("end_turn"),
            Stop));

        var (message, assembler) = AnthropicEvents.Assemble(events);

        Assert.Equal(
            new ContentBlock[] { new ReasoningBlock("Two plus two.", "EqQBCgIYAh"), new ReasoningBlock("", null, "EmwKAhgB"), new TextBlock("4") },
            message.Content);
        Assert.Equal(new Usage(10, 4), assembler.Usage);
    }

    [Theory]
    [InlineData("end_turn", StopReason.EndTurn)]
    [InlineData("tool_use", StopReason.ToolUse)]
    [InlineData("max_tokens", StopReason.MaxTokens)]
    [InlineData("model_context_window_exceeded", StopReason.MaxTokens)]
    [InlineData("stop_sequence", StopReason.StopSequence)]
    [InlineData("refusal", StopReason.ContentFiltered)]
    [InlineData("pause_turn", StopReason.EndTurn)]
    [InlineData("something_new", StopReason.EndTurn)]
    public async Task Stop_reasons_map(string wire, StopReason expected)
    {
        var events = await AnthropicEvents.FromSseAsync(Sse(Start, Delta(wire), Stop));

        var stop = Assert.Single(events.OfType<MessageStopEvent>());
        Assert.Equal(expected, stop.Reason);
        Assert.Equal(wire, stop.ProviderReason);
    }

    [Fact]
    public async Task Fields_are_read_whatever_their_order_and_unknown_events_are_ignored()
    {
        var events = await AnthropicEvents.FromSseAsync(
            "event: content_block_delta\n: a comment\n" + Sse(
                """{"message":{"id":"m","usage":{"cache_creation_input_tokens":5,"input_tokens":2}},"type":"message_start"}""",
                """{"index":0,"content_block":{"text":"Hel","type":"text"},"type":"content_block_start"}""",
                """{"delta":{"text":"lo","type":"text_delta"},"index":0,"type":"content_block_delta"}""",
                """{"delta":{"type":"citations_delta","citation":{"cited_text":"x"}},"index":0,"type":"content_block_delta"}""",
                """{"type":"some_future_event","payload":[1,2,3]}""",
                """{"type":"ping"}""",
                """{"type":"content_block_stop","index":0}""",
                """{"usage":{"output_tokens":3},"delta":{"stop_sequence":null,"stop_reason":"end_turn"},"type":"message_delta"}""",
                Stop));

        var (message, assembler) = AnthropicEvents.Assemble(events);

        Assert.Equal("Hello", message.Text);
        Assert.Equal(new Usage(2 + 5, 3, 0, 5), assembler.Usage);
    }

    [Fact]
    public async Task Server_tool_blocks_are_skipped_with_their_input()
    {
        var events = await AnthropicEvents.FromSseAsync(Sse(
            Start,
            """{"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"query\":\"x\"}"}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]}}""",
            """{"type":"content_block_stop","index":1}""",
            Delta("end_turn"),
            Stop));

        Assert.DoesNotContain(events, e => e is ToolUseStartEvent or ToolUseInputDeltaEvent or ContentBlockStopEvent);
        Assert.Empty(AnthropicEvents.Assemble(events).Message.Content);
    }

    [Fact]
    public async Task Tool_input_given_whole_at_the_start_is_kept()
    {
        var events = await AnthropicEvents.FromSseAsync(Sse(
            Start,
            """{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_9","name":"calc","input":{"expression":"2+2"}}}""",
            """{"type":"content_block_stop","index":0}""",
            Delta("tool_use"),
            Stop));

        var use = Assert.Single(AnthropicEvents.Assemble(events).Message.ToolUses);
        Assert.Equal("2+2", use.Input.GetProperty("expression").GetString());
    }

    [Fact]
    public async Task Missing_message_stop_after_a_stop_reason_still_completes()
    {
        var events = await AnthropicEvents.FromSseAsync(Sse(Start, Delta("max_tokens")));

        Assert.Equal(StopReason.MaxTokens, Assert.Single(events.OfType<MessageStopEvent>()).Reason);
        Assert.Single(events.OfType<MetadataEvent>());
    }

    [Fact]
    public async Task Stream_without_a_stop_reason_is_malformed()
    {
        await Assert.ThrowsAsync<StreamFormatException>(() => AnthropicEvents.FromSseAsync(Sse(
            Start,
            """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"cut"}}""")));
    }

    [Fact]
    public async Task Malformed_json_is_a_stream_format_error()
    {
        var error = await Assert.ThrowsAsync<StreamFormatException>(() => AnthropicEvents.FromSseAsync(Sse(Start, """{"type":"content_block_delta","index":0,""")));

        Assert.Equal(ErrorIds.StreamMalformed, error.ErrorId);
    }

    [Theory]
    [InlineData("overloaded_error", ErrorIds.ModelThrottled, 529)]
    [InlineData("rate_limit_error", ErrorIds.ModelThrottled, 429)]
    [InlineData("api_error", ErrorIds.ProviderError, 500)]
    [InlineData("authentication_error", ErrorIds.AuthenticationFailed, 401)]
    [InlineData("invalid_request_error", ErrorIds.InvalidRequest, 400)]
    public async Task Error_events_are_typed_by_their_error_type(string type, string errorId, int status)
    {
        var error = await Assert.ThrowsAsync<ModelException>(() => AnthropicEvents.FromSseAsync(Sse(
            Start,
            $$$"""{"type":"error","error":{"type":"{{{type}}}","message":"Something happened"}}""")));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains(type + ": Something happened", error.Message);
    }

    [Fact]
    public async Task Prompt_too_long_error_event_is_context_window_overflow()
    {
        await Assert.ThrowsAsync<ContextWindowOverflowException>(() => AnthropicEvents.FromSseAsync(Sse(
            """{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}""")));
    }

    [Theory]
    [InlineData(400, """{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"},"request_id":"req_1"}""", "invalid_request_error: prompt is too long: 210000 tokens > 200000 maximum", true)]
    [InlineData(429, """{"type":"error","error":{"type":"rate_limit_error","message":"too many tokens per minute"}}""", "rate_limit_error: too many tokens per minute", false)]
    [InlineData(502, "<html>Bad Gateway</html>", "<html>Bad Gateway</html>", false)]
    public void Error_bodies_are_described(int status, string body, string message, bool overflow)
    {
        Assert.Equal((message, overflow), AnthropicErrors.Describe(status, body));
    }

    [Fact]
    public void Non_streamed_response_with_thinking_and_unknown_blocks()
    {
        var json = Encoding.UTF8.GetBytes("""
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"thinking","thinking":"Plan.","signature":"sig"},
                        {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"q"}},
                        {"type":"text","text":"Answer.","citations":[{"type":"char_location"}]},
                        {"type":"tool_use","id":"toolu_1","name":"calc","input":{"a":[1,{"b":2}]}}],
             "stop_reason":"tool_use","usage":{"input_tokens":9,"cache_read_input_tokens":1,"output_tokens":2}}
            """);

        var (message, assembler) = AnthropicEvents.Assemble(AnthropicEvents.FromResponse(json));

        Assert.Equal(3, message.Content.Count);
        Assert.Equal(new ReasoningBlock("Plan.", "sig"), message.Content[0]);
        Assert.Equal(new TextBlock("Answer."), message.Content[1]);
        var use = Assert.IsType<ToolUseBlock>(message.Content[2]);
        Assert.Equal("""{"a":[1,{"b":2}]}""", JsonSerializer.Serialize(use.Input));
        Assert.Equal(StopReason.ToolUse, assembler.StopReason);
        Assert.Equal(new Usage(10, 2, 1, 0), assembler.Usage);
    }

    [Fact]
    public void Non_streamed_error_body_throws()
    {
        var json = Encoding.UTF8.GetBytes("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");

        var error = Assert.Throws<ModelException>(() => AnthropicEvents.FromResponse(json));

        Assert.Equal(ErrorIds.ModelThrottled, error.ErrorId);
    }
}
