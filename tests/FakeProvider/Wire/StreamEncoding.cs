using System.Text;

namespace Strands.FakeProvider.Wire;

/// <summary>Turns <see cref="WireEvent"/>s into the bytes of one streaming format.</summary>
internal abstract class StreamEncoding
{
    public abstract string ContentType { get; }

    /// <summary>Encodes the event at <paramref name="index"/>; <paramref name="last"/> lets array-framed formats close the array.</summary>
    public abstract byte[] Encode(WireEvent e, int index, bool last);

    /// <summary>OpenAI and Gemini SSE: <c>data:</c> lines only. Gemini terminates events with CRLF, as the real API does.</summary>
    public static StreamEncoding SseData(string newline = "\n") => new Sse(withEventNames: false, newline);

    /// <summary>Anthropic SSE: <c>event:</c> + <c>data:</c> lines.</summary>
    public static StreamEncoding SseNamed { get; } = new Sse(withEventNames: true, "\n");

    /// <summary>Ollama: one JSON object per line.</summary>
    public static StreamEncoding NdJson { get; } = new Lines();

    /// <summary>Gemini <c>streamGenerateContent</c> without <c>alt=sse</c>: a JSON array delivered piecewise.</summary>
    public static StreamEncoding JsonArray { get; } = new Array();

    /// <summary>Bedrock ConverseStream: AWS binary event-stream frames.</summary>
    public static StreamEncoding AwsEventStream { get; } = new EventStream();

    private sealed class Sse(bool withEventNames, string newline) : StreamEncoding
    {
        public override string ContentType => "text/event-stream";

        public override byte[] Encode(WireEvent e, int index, bool last)
        {
            var text = withEventNames && e.Name is not null
                ? $"event: {e.Name}{newline}data: {e.Data}{newline}{newline}"
                : $"data: {e.Data}{newline}{newline}";
            return Encoding.UTF8.GetBytes(text);
        }
    }

    private sealed class Lines : StreamEncoding
    {
        public override string ContentType => "application/x-ndjson";

        public override byte[] Encode(WireEvent e, int index, bool last) => Encoding.UTF8.GetBytes(e.Data + "\n");
    }

    private sealed class Array : StreamEncoding
    {
        public override string ContentType => "application/json";

        public override byte[] Encode(WireEvent e, int index, bool last) =>
            Encoding.UTF8.GetBytes((index == 0 ? "[" : ",\r\n") + e.Data + (last ? "]" : string.Empty));
    }

    private sealed class EventStream : StreamEncoding
    {
        public override string ContentType => "application/vnd.amazon.eventstream";

        public override byte[] Encode(WireEvent e, int index, bool last) => e.IsException
            ? EventStreamEncoder.EncodeException(e.Name ?? "internalServerException", Encoding.UTF8.GetBytes(e.Data))
            : EventStreamEncoder.EncodeEvent(e.Name ?? "unknown", Encoding.UTF8.GetBytes(e.Data));
    }
}
