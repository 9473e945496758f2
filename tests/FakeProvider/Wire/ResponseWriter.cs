using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Strands.FakeProvider.Wire;

/// <summary>Writes a <see cref="WireResponse"/>, flushing per chunk like a real streaming server, and applies the reply's fault.</summary>
internal static class ResponseWriter
{
    public static async Task WriteAsync(HttpContext http, WireResponse response, Fault? fault, CancellationToken cancel)
    {
        if (fault?.Kind == Fault.FaultKind.SlowHeaders)
        {
            await Task.Delay(fault.Delay, cancel);
        }

        if (fault?.Kind == Fault.FaultKind.ResetBeforeHeaders)
        {
            http.Abort();
            return;
        }

        http.Response.StatusCode = response.Status;
        http.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers)
        {
            http.Response.Headers.Append(name, value);
        }

        var chunks = Encode(response, fault);
        var faultKind = fault?.Kind;
        if (faultKind is Fault.FaultKind.DropMidStream)
        {
            // Promising every byte and then returning early makes Kestrel close the connection right after the
            // bytes already written: a drop the client sees at exactly that point. (Aborting instead races the
            // socket and can discard those bytes.)
            http.Response.ContentLength = chunks.Sum(c => c.Length);
        }
        else if (response.Body is not null && faultKind is not Fault.FaultKind.TruncatedLine)
        {
            // Real APIs size JSON bodies; under NeverEnd the full length with half the bytes sent is how a stalled body looks.
            http.Response.ContentLength = faultKind is Fault.FaultKind.NeverEnd ? response.Body.Length : chunks.Sum(c => c.Length);
        }

        var stopAfter = faultKind switch
        {
            Fault.FaultKind.DropMidStream => response.Body is null ? Math.Min(fault!.Count, chunks.Count) : 1,
            Fault.FaultKind.NeverEnd => Math.Max(1, chunks.Count / 2),
            _ => chunks.Count,
        };

        await http.Response.StartAsync(cancel);
        for (var i = 0; i < stopAfter; i++)
        {
            await http.Response.Body.WriteAsync(chunks[i], cancel);
            await http.Response.Body.FlushAsync(cancel);
        }

        if (faultKind is Fault.FaultKind.NeverEnd)
        {
            await Task.Delay(Timeout.Infinite, cancel);
        }
    }

    /// <summary>Encodes the body into the chunks to send, with byte-level faults already applied.</summary>
    private static List<byte[]> Encode(WireResponse response, Fault? fault)
    {
        var kind = fault?.Kind;
        if (response.Body is { } body)
        {
            return kind switch
            {
                Fault.FaultKind.TruncatedLine or Fault.FaultKind.MalformedJsonChunk => new List<byte[]> { body[..(body.Length / 2)] },
                Fault.FaultKind.DropMidStream or Fault.FaultKind.NeverEnd => new List<byte[]> { body[..(body.Length / 2)], body[(body.Length / 2)..] },
                _ => new List<byte[]> { body },
            };
        }

        var events = response.Events!;
        var encoding = response.Encoding!;
        var chunks = new List<byte[]>(events.Count);
        var malformedAt = kind == Fault.FaultKind.MalformedJsonChunk ? Math.Min(1, events.Count - 1) : -1;
        var truncateAt = kind == Fault.FaultKind.TruncatedLine ? events.Count / 2 : -1;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var last = i == events.Count - 1;
            if (i == malformedAt)
            {
                e = e with { Data = e.Data[..(e.Data.Length / 2)] };
            }

            var bytes = encoding.Encode(e, i, last);
            if (i == truncateAt)
            {
                chunks.Add(bytes[..(bytes.Length / 2)]);
                break;
            }

            chunks.Add(bytes);
        }

        return chunks;
    }
}
