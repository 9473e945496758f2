using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Strands.FakeProvider.Wire;

/// <summary>
/// Minimal encoder for AWS <c>application/vnd.amazon.eventstream</c> frames:
/// <c>[total u32][headers u32][prelude CRC][headers][payload][message CRC]</c>, big-endian, CRC-32 (IEEE),
/// with string-typed (7) headers only — all ConverseStream uses.
/// Kept independent of the client decoder in src so the two cannot share a bug.
/// </summary>
public static class EventStreamEncoder
{
    private const byte StringHeaderType = 7;

    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>A <c>:message-type=event</c> frame, headers in the order the real service sends them.</summary>
    public static byte[] EncodeEvent(string eventType, byte[] jsonPayload) => Encode(
        new[]
        {
            new KeyValuePair<string, string>(":event-type", eventType),
            new KeyValuePair<string, string>(":content-type", "application/json"),
            new KeyValuePair<string, string>(":message-type", "event"),
        },
        jsonPayload);

    /// <summary>A <c>:message-type=event</c> frame whose payload is <paramref name="json"/> in UTF-8.</summary>
    public static byte[] EncodeEvent(string eventType, string json) => EncodeEvent(eventType, Encoding.UTF8.GetBytes(json));

    /// <summary>A <c>:message-type=exception</c> frame whose payload is <paramref name="json"/> in UTF-8.</summary>
    public static byte[] EncodeException(string exceptionType, string json) => EncodeException(exceptionType, Encoding.UTF8.GetBytes(json));

    /// <summary>A <c>:message-type=exception</c> frame, as sent for errors that occur after the stream started.</summary>
    public static byte[] EncodeException(string exceptionType, byte[] jsonPayload) => Encode(
        new[]
        {
            new KeyValuePair<string, string>(":exception-type", exceptionType),
            new KeyValuePair<string, string>(":content-type", "application/json"),
            new KeyValuePair<string, string>(":message-type", "exception"),
        },
        jsonPayload);

    /// <summary>One frame with <paramref name="headers"/> (string-typed, in order) and <paramref name="payload"/>.</summary>
    public static byte[] Encode(IReadOnlyList<KeyValuePair<string, string>> headers, byte[] payload)
    {
        var headerBytes = new MemoryStream();
        Span<byte> length = stackalloc byte[2];
        foreach (var (name, value) in headers)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var valueBytes = Encoding.UTF8.GetBytes(value);
            headerBytes.WriteByte(checked((byte)nameBytes.Length));
            headerBytes.Write(nameBytes);
            headerBytes.WriteByte(StringHeaderType);
            BinaryPrimitives.WriteUInt16BigEndian(length, checked((ushort)valueBytes.Length));
            headerBytes.Write(length);
            headerBytes.Write(valueBytes);
        }

        var headersLength = (int)headerBytes.Length;
        var total = 12 + headersLength + payload.Length + 4;
        var frame = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(0), (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), Crc32(frame.AsSpan(0, 8)));
        headerBytes.GetBuffer().AsSpan(0, headersLength).CopyTo(frame.AsSpan(12));
        payload.CopyTo(frame.AsSpan(12 + headersLength));
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - 4), Crc32(frame.AsSpan(0, total - 4)));
        return frame;
    }

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
