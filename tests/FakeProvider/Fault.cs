using System;

namespace Strands.FakeProvider;

/// <summary>
/// A transport-level misbehaviour injected while a reply is sent. A fault converts implicitly to a
/// default text reply, so <c>server.Enqueue(Fault.ResetBeforeHeaders)</c> works; attach one to a
/// specific reply with <see cref="FakeReply.WithFault"/>.
/// "Chunks" are the units the dialect streams: SSE events, NDJSON lines or event-stream frames.
/// A non-streamed body counts as a single chunk that the byte-level faults cut in half.
/// </summary>
public sealed class Fault
{
    internal enum FaultKind { ResetBeforeHeaders, DropMidStream, TruncatedLine, MalformedJsonChunk, NeverEnd, SlowHeaders, Oversized }

    private Fault(FaultKind kind, int count = 0, TimeSpan delay = default)
    {
        Kind = kind;
        Count = count;
        Delay = delay;
    }

    internal FaultKind Kind { get; }

    internal int Count { get; }

    internal TimeSpan Delay { get; }

    /// <summary>The connection is aborted before any response header: the client sees an <c>HttpRequestException</c>.</summary>
    public static Fault ResetBeforeHeaders { get; } = new(FaultKind.ResetBeforeHeaders);

    /// <summary>
    /// Headers and the first <paramref name="afterChunks"/> chunks are sent under a Content-Length promising all of them,
    /// then the connection closes: reading the body fails with an <c>IOException</c> ("response ended prematurely")
    /// after exactly those chunks. A non-streamed body is cut in half.
    /// </summary>
    public static Fault DropMidStream(int afterChunks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterChunks);
        return new Fault(FaultKind.DropMidStream, afterChunks);
    }

    /// <summary>The response ends cleanly in the middle of a chunk (half of the middle chunk is sent, nothing after it): the stream never reaches its terminal event.</summary>
    public static Fault TruncatedLine { get; } = new(FaultKind.TruncatedLine);

    /// <summary>The second chunk carries invalid JSON (a non-streamed body is replaced by its first half); everything else is sent normally.</summary>
    public static Fault MalformedJsonChunk { get; } = new(FaultKind.MalformedJsonChunk);

    /// <summary>The first half of the chunks is sent, then the response hangs until the client disconnects or the server is disposed.</summary>
    public static Fault NeverEnd { get; } = new(FaultKind.NeverEnd);

    /// <summary>The server waits <paramref name="delay"/> before sending headers (a client timeout shorter than this fires).</summary>
    public static Fault SlowHeaders(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new Fault(FaultKind.SlowHeaders, delay: delay);
    }

    /// <summary>The reply's content is replaced by a single text of <paramref name="bytes"/> ASCII characters sent as one chunk (one huge SSE line or JSON body).</summary>
    public static Fault Oversized(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        return new Fault(FaultKind.Oversized, bytes);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        FaultKind.DropMidStream or FaultKind.Oversized => $"{Kind}({Count})",
        FaultKind.SlowHeaders => $"{Kind}({Delay})",
        _ => Kind.ToString(),
    };
}
