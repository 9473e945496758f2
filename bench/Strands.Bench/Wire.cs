using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Strands.FakeProvider.Wire;

namespace Strands.Bench;

/// <summary>
/// The bytes every client reads: OpenAI chat-completion chunks shaped like the real API's (ids,
/// fingerprint, logprobs, a usage chunk), and the other providers' stream formats for the parsers.
/// </summary>
internal static class Wire
{
    public const string Model = "gpt-4o";
    public const string SystemPrompt = "You are a weather assistant. Use the lookup tool, then answer in one paragraph.";
    public const string Prompt = "What is the weather in Paris?";
    public const string ToolName = "lookup";
    public const string ToolDescription = "Looks up the current weather for a city.";
    public const string ToolSchema = """{"type":"object","properties":{"city":{"type":"string","description":"The city name."}},"required":["city"]}""";
    public const string ToolCallId = "call_Qm3bench0toolcall01";
    public const string ToolResult = "sunny, 21 C";
    public const int AnswerChunks = 200;

    private static readonly string[] Words =
    {
        " The", " weather", " in", " Paris", " is", " sunny", ",", " with", " a", " temperature", " of", " 21",
        " degrees", " Celsius", ".", " Expect", " light", " winds", " from", " the", " west", " this", " afternoon", " and",
    };

    private const string ChunkHead = """{"id":"chatcmpl-AbCdEfGhIjKlMnOpQrStUvWxYz01","object":"chat.completion.chunk","created":1732924800,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_831e067d82","choices":[""";

    /// <summary>The answer text the 200-chunk reply spells out; every client must reproduce it exactly.</summary>
    public static string AnswerText { get; } = BuildAnswerText();

    public static string Token(int i) => Words[i % Words.Length];

    private static string BuildAnswerText()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < AnswerChunks; i++) sb.Append(Token(i));
        return sb.ToString();
    }

    /// <summary>The data payloads of a streamed tool call (OpenAI splits the arguments over several chunks).</summary>
    public static IEnumerable<string> ToolCallEvents()
    {
        yield return ChunkHead + $$$"""{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"{{{ToolCallId}}}","type":"function","function":{"name":"{{{ToolName}}}","arguments":""}}],"refusal":null},"logprobs":null,"finish_reason":null}]}""";
        foreach (var part in new[] { "{\\\"", "city", "\\\":\\\"", "Paris", "\\\"}" })
            yield return ChunkHead + $$$"""{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{{{part}}}"}}]},"logprobs":null,"finish_reason":null}]}""";
        yield return ChunkHead + """{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}""";
        yield return ChunkHead + """],"usage":{"prompt_tokens":84,"completion_tokens":15,"total_tokens":99,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}""";
        yield return "[DONE]";
    }

    /// <summary>The data payloads of an answer streamed as <paramref name="chunks"/> content deltas.</summary>
    public static IEnumerable<string> AnswerEvents(int chunks = AnswerChunks)
    {
        yield return ChunkHead + """{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]}""";
        for (var i = 0; i < chunks; i++)
            yield return ChunkHead + $$$"""{"index":0,"delta":{"content":"{{{Token(i)}}}"},"logprobs":null,"finish_reason":null}]}""";
        yield return ChunkHead + """{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}""";
        yield return ChunkHead + """],"usage":{"prompt_tokens":112,"completion_tokens":200,"total_tokens":312,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}""";
        yield return "[DONE]";
    }

    /// <summary>A whole HTTP/1.1 response: one chunked-encoding chunk per SSE event, as the real API sends them.</summary>
    public static byte[] HttpSseResponse(IEnumerable<string> events)
    {
        var body = new MemoryStream();
        void Write(string s) { var b = Encoding.UTF8.GetBytes(s); body.Write(b, 0, b.Length); }
        Write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n");
        foreach (var e in events)
        {
            var payload = Encoding.UTF8.GetBytes("data: " + e + "\n\n");
            Write(payload.Length.ToString("x") + "\r\n");
            body.Write(payload, 0, payload.Length);
            Write("\r\n");
        }
        Write("0\r\n\r\n");
        return body.ToArray();
    }

    /// <summary>An OpenAI SSE body of about <paramref name="bytes"/> bytes of content chunks (no HTTP framing).</summary>
    public static byte[] OpenAiSse(int bytes, out int events) =>
        Repeat(bytes, i => "data: " + ChunkHead + $$$"""{"index":0,"delta":{"content":"{{{Token(i)}}}"},"logprobs":null,"finish_reason":null}]}""" + "\n\n", "data: [DONE]\n\n", out events);

    /// <summary>An Anthropic Messages SSE body of about <paramref name="bytes"/> bytes of text deltas.</summary>
    public static byte[] AnthropicSse(int bytes, out int events) =>
        Repeat(bytes, i => "event: content_block_delta\ndata: " + $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"{{{Token(i)}}}"}}""" + "\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", out events);

    /// <summary>An Ollama NDJSON body of about <paramref name="bytes"/> bytes of message chunks.</summary>
    public static byte[] OllamaNdjson(int bytes, out int events) =>
        Repeat(bytes, i => $$$"""{"model":"llama3.2","created_at":"2024-11-30T00:00:00.000000Z","message":{"role":"assistant","content":"{{{Token(i)}}}"},"done":false}""" + "\n",
            "{\"model\":\"llama3.2\",\"created_at\":\"2024-11-30T00:00:00.000000Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true}\n", out events);

    /// <summary>A Bedrock ConverseStream event-stream body of about <paramref name="bytes"/> bytes of contentBlockDelta frames.</summary>
    public static byte[] BedrockEventStream(int bytes, out int events)
    {
        var body = new MemoryStream(bytes + 4096);
        events = 0;
        for (var i = 0; body.Length < bytes; i++, events++)
        {
            var frame = EventStreamEncoder.EncodeEvent("contentBlockDelta", $$$"""{"contentBlockIndex":0,"delta":{"text":"{{{Token(i)}}}"},"p":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"}""");
            body.Write(frame, 0, frame.Length);
        }
        return body.ToArray();
    }

    private static byte[] Repeat(int bytes, Func<int, string> item, string last, out int events)
    {
        var body = new MemoryStream(bytes + 4096);
        events = 0;
        for (var i = 0; body.Length < bytes; i++, events++)
        {
            var b = Encoding.UTF8.GetBytes(item(i));
            body.Write(b, 0, b.Length);
        }
        var end = Encoding.UTF8.GetBytes(last);
        body.Write(end, 0, end.Length);
        return body.ToArray();
    }
}
