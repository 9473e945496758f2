using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Strands.Streaming
{
    /// <summary>
    /// Writes AWS event-stream frames with string headers and correct CRCs, for test servers and
    /// tests (which corrupt the returned bytes deliberately when they need a bad frame).
    /// </summary>
    public static class EventStreamEncoder
    {
        private const byte StringHeaderType = 7;

        /// <summary>Encodes one frame.</summary>
        /// <param name="headers">Header names (1–255 UTF-8 bytes) and string values (up to 65,535 bytes), in order.</param>
        /// <param name="payload">The payload bytes.</param>
        public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> payload)
        {
            if (headers == null)
            {
                throw new ArgumentNullException(nameof(headers));
            }

            var encoded = new List<(byte[] Name, byte[] Value)>();
            int headersLength = 0;
            foreach (KeyValuePair<string, string> header in headers)
            {
                byte[] name = Encoding.UTF8.GetBytes(header.Key);
                byte[] value = Encoding.UTF8.GetBytes(header.Value ?? string.Empty);
                if (name.Length == 0 || name.Length > byte.MaxValue)
                {
                    throw new ArgumentException($"Header name '{header.Key}' must be 1 to 255 UTF-8 bytes.", nameof(headers));
                }

                if (value.Length > ushort.MaxValue)
                {
                    throw new ArgumentException($"Header '{header.Key}' value exceeds 65,535 UTF-8 bytes.", nameof(headers));
                }

                encoded.Add((name, value));
                headersLength += 1 + name.Length + 1 + 2 + value.Length;
            }

            int total = 12 + headersLength + payload.Length + 4;
            var frame = new byte[total];
            Span<byte> span = frame;
            BinaryPrimitives.WriteUInt32BigEndian(span, (uint)total);
            BinaryPrimitives.WriteUInt32BigEndian(span.Slice(4), (uint)headersLength);
            BinaryPrimitives.WriteUInt32BigEndian(span.Slice(8), Crc32.Compute(span.Slice(0, 8)));
            int pos = 12;
            foreach ((byte[] name, byte[] value) in encoded)
            {
                frame[pos++] = (byte)name.Length;
                name.CopyTo(span.Slice(pos));
                pos += name.Length;
                frame[pos++] = StringHeaderType;
                BinaryPrimitives.WriteUInt16BigEndian(span.Slice(pos), (ushort)value.Length);
                pos += 2;
                value.CopyTo(span.Slice(pos));
                pos += value.Length;
            }

            payload.CopyTo(span.Slice(pos));
            BinaryPrimitives.WriteUInt32BigEndian(span.Slice(total - 4), Crc32.Compute(span.Slice(0, total - 4)));
            return frame;
        }

        /// <summary>Encodes a Bedrock-style event frame (<c>:message-type event</c>, JSON payload).</summary>
        public static byte[] EncodeEvent(string eventType, string json) => Encode(
            new[]
            {
                new KeyValuePair<string, string>(":event-type", eventType),
                new KeyValuePair<string, string>(":content-type", "application/json"),
                new KeyValuePair<string, string>(":message-type", "event"),
            },
            Encoding.UTF8.GetBytes(json));

        /// <summary>Encodes a Bedrock-style exception frame (<c>:message-type exception</c>, JSON payload).</summary>
        public static byte[] EncodeException(string exceptionType, string json) => Encode(
            new[]
            {
                new KeyValuePair<string, string>(":exception-type", exceptionType),
                new KeyValuePair<string, string>(":content-type", "application/json"),
                new KeyValuePair<string, string>(":message-type", "exception"),
            },
            Encoding.UTF8.GetBytes(json));
    }
}
