using System.Collections.Generic;

namespace Strands.FakeProvider.Wire;

/// <summary>One streamed unit before encoding: an SSE event, an NDJSON line or an event-stream frame.</summary>
/// <param name="Name">SSE <c>event:</c> name or event-stream <c>:event-type</c>; null where the format has none.</param>
/// <param name="Data">The JSON text (or the OpenAI <c>[DONE]</c> sentinel).</param>
/// <param name="IsException">An event-stream <c>:message-type=exception</c> frame, <see cref="Name"/> being the exception type.</param>
internal sealed record WireEvent(string? Name, string Data, bool IsException = false);

/// <summary>
/// A rendered response, kept structured (events rather than bytes) until it is written so that faults
/// can cut or corrupt it at chunk boundaries in every format alike.
/// </summary>
internal sealed class WireResponse
{
    private WireResponse(int status, string contentType)
    {
        Status = status;
        ContentType = contentType;
    }

    public int Status { get; }

    public string ContentType { get; }

    public List<KeyValuePair<string, string>> Headers { get; } = new();

    /// <summary>The whole body of a non-streamed response.</summary>
    public byte[]? Body { get; private init; }

    /// <summary>The events of a streamed response, encoded by <see cref="Encoding"/>.</summary>
    public IReadOnlyList<WireEvent>? Events { get; private init; }

    public StreamEncoding? Encoding { get; private init; }

    public static WireResponse Json(int status, string json) =>
        new(status, "application/json") { Body = System.Text.Encoding.UTF8.GetBytes(json) };

    public static WireResponse Bytes(int status, string contentType, byte[] body) =>
        new(status, contentType) { Body = body };

    public static WireResponse Stream(StreamEncoding encoding, IReadOnlyList<WireEvent> events) =>
        new(200, encoding.ContentType) { Events = events, Encoding = encoding };

    public WireResponse WithHeader(string name, string value)
    {
        Headers.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }
}
