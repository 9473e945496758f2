using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Strands.Types;

namespace Strands.Streaming
{
    /// <summary>
    /// Decodes an AWS <c>application/vnd.amazon.eventstream</c> body (Bedrock ConverseStream) into
    /// frames, verifying both CRCs. Payloads are slices of the read buffer, never copied.
    /// </summary>
    /// <remarks>
    /// Frame: <c>[total u32][headers length u32][prelude CRC u32][headers][payload][message CRC u32]</c>,
    /// big-endian. Every header type is parsed (to skip it correctly) but only the string headers
    /// <see cref="EventStreamMessage"/> names are kept. A stream ending between frames is a normal
    /// end; ending inside one is <see cref="StreamFormatException"/>. Disposing the decoder disposes
    /// the stream.
    /// </remarks>
    public sealed class EventStreamDecoder : IDisposable
    {
        private const int PreludeLength = 12;
        private const int MinFrameLength = PreludeLength + 4;
        private const int InitialBufferSize = 16 * 1024;

        private static readonly KeyValuePair<byte[], string>[] KnownValues = Utf8NameTable.Encode(
            "event", "exception", "error", "application/json",
            "messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata", "chunk",
            "modelStreamErrorException", "internalServerException", "throttlingException", "validationException",
            "serviceUnavailableException", "accessDeniedException", "resourceNotFoundException");

        private readonly StreamBuffer _buffer;
        private readonly Utf8NameTable _values = new Utf8NameTable(KnownValues);
        private readonly int _maxFrameBytes;

        // The current frame stays in the buffer (Payload points into it) until the next call.
        private int _consumeOnNext;

        // Buffered bytes the frame being assembled needs in total: the prelude, then the whole frame.
        private int _needed = PreludeLength;
        private bool _disposed;

        /// <summary>Creates a decoder over <paramref name="stream"/>, which it owns.</summary>
        /// <param name="stream">The response body.</param>
        /// <param name="maxFrameBytes">Largest accepted frame; a larger one stops reading with
        /// <see cref="ResponseTooLargeException"/>.</param>
        public EventStreamDecoder(Stream stream, int maxFrameBytes = 16 * 1024 * 1024)
        {
            if (stream == null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            if (maxFrameBytes < MinFrameLength)
            {
                throw new ArgumentOutOfRangeException(nameof(maxFrameBytes));
            }

            _maxFrameBytes = maxFrameBytes;
            _buffer = new StreamBuffer(stream, InitialBufferSize, maxFrameBytes);
        }

        /// <summary>The current frame.</summary>
        public EventStreamMessage Current { get; private set; }

        /// <summary>Advances to the next frame; false when the stream ends between frames.</summary>
        /// <exception cref="StreamFormatException">Bad CRC, bad lengths or headers, or a truncated frame.</exception>
        /// <exception cref="ResponseTooLargeException">A frame exceeded the bound.</exception>
        public ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(EventStreamDecoder));
            }

            cancellationToken.ThrowIfCancellationRequested();
            Current = default;
            if (_consumeOnNext > 0)
            {
                _buffer.Consume(_consumeOnNext);
                _consumeOnNext = 0;
            }

            return TryDecodeBuffered() ? new ValueTask<bool>(true) : MoveNextSlowAsync(cancellationToken);
        }

        private async ValueTask<bool> MoveNextSlowAsync(CancellationToken cancellationToken)
        {
            while (await _buffer.FillAsync(_needed, cancellationToken).ConfigureAwait(false))
            {
                if (TryDecodeBuffered())
                {
                    return true;
                }
            }

            if (_buffer.Count == 0)
            {
                return false;
            }

            throw new StreamFormatException(
                $"truncated event-stream frame: the stream ended after {_buffer.Count} of {_needed} bytes (connection dropped?).");
        }

        private bool TryDecodeBuffered()
        {
            ReadOnlySpan<byte> available = _buffer.Available;
            if (available.Length < PreludeLength)
            {
                _needed = PreludeLength;
                return false;
            }

            int total = ReadPrelude(available, out int headersLength);
            if (available.Length < total)
            {
                _needed = total;
                return false;
            }

            ReadOnlySpan<byte> frame = available.Slice(0, total);
            uint expected = BinaryPrimitives.ReadUInt32BigEndian(frame.Slice(total - 4));
            uint actual = Crc32.Compute(frame.Slice(0, total - 4));
            if (expected != actual)
            {
                throw new StreamFormatException(
                    $"event-stream message CRC mismatch: expected 0x{expected:x8} (in frame), actual 0x{actual:x8}.");
            }

            Current = DecodeHeaders(frame.Slice(PreludeLength, headersLength), _buffer.Slice(PreludeLength + headersLength, total - MinFrameLength - headersLength));
            _consumeOnNext = total;
            _needed = PreludeLength;
            return true;
        }

        // Checks the prelude CRC before trusting the lengths it carries: a corrupted length would
        // otherwise surface as a confusing size error or a long wait for bytes that never come.
        private int ReadPrelude(ReadOnlySpan<byte> available, out int headersLength)
        {
            uint total = BinaryPrimitives.ReadUInt32BigEndian(available);
            uint headers = BinaryPrimitives.ReadUInt32BigEndian(available.Slice(4));
            uint expected = BinaryPrimitives.ReadUInt32BigEndian(available.Slice(8));
            uint actual = Crc32.Compute(available.Slice(0, 8));
            if (expected != actual)
            {
                throw new StreamFormatException(
                    $"event-stream prelude CRC mismatch: expected 0x{expected:x8} (in frame), actual 0x{actual:x8}.");
            }

            if (total < MinFrameLength)
            {
                throw new StreamFormatException($"event-stream frame length {total} is below the minimum of {MinFrameLength}.");
            }

            if (total > (uint)_maxFrameBytes)
            {
                throw new ResponseTooLargeException(_maxFrameBytes);
            }

            if (headers > total - MinFrameLength)
            {
                throw new StreamFormatException($"event-stream headers length {headers} does not fit in a frame of {total} bytes.");
            }

            headersLength = (int)headers;
            return (int)total;
        }

        private EventStreamMessage DecodeHeaders(ReadOnlySpan<byte> headers, ReadOnlyMemory<byte> payload)
        {
            string? messageType = null, eventType = null, exceptionType = null, errorCode = null, errorMessage = null, contentType = null;
            int pos = 0;
            while (pos < headers.Length)
            {
                int nameLength = headers[pos++];
                if (nameLength == 0 || headers.Length - pos < nameLength + 1)
                {
                    throw MalformedHeader("name");
                }

                ReadOnlySpan<byte> name = headers.Slice(pos, nameLength);
                pos += nameLength;
                byte type = headers[pos++];
                int valueLength;
                switch (type)
                {
                    case 0:
                    case 1:
                        valueLength = 0;
                        break;
                    case 2:
                        valueLength = 1;
                        break;
                    case 3:
                        valueLength = 2;
                        break;
                    case 4:
                        valueLength = 4;
                        break;
                    case 5:
                    case 8:
                        valueLength = 8;
                        break;
                    case 9:
                        valueLength = 16;
                        break;
                    case 6:
                    case 7:
                        if (headers.Length - pos < 2)
                        {
                            throw MalformedHeader("value length");
                        }

                        valueLength = BinaryPrimitives.ReadUInt16BigEndian(headers.Slice(pos));
                        pos += 2;
                        break;
                    default:
                        throw new StreamFormatException($"event-stream header value type {type} is unknown.");
                }

                if (headers.Length - pos < valueLength)
                {
                    throw MalformedHeader("value");
                }

                if (type == 7 && name[0] == (byte)':')
                {
                    ReadOnlySpan<byte> value = headers.Slice(pos, valueLength);
                    if (name.SequenceEqual(":message-type"u8))
                    {
                        messageType = _values.Get(value);
                    }
                    else if (name.SequenceEqual(":event-type"u8))
                    {
                        eventType = _values.Get(value);
                    }
                    else if (name.SequenceEqual(":content-type"u8))
                    {
                        contentType = _values.Get(value);
                    }
                    else if (name.SequenceEqual(":exception-type"u8))
                    {
                        exceptionType = _values.Get(value);
                    }
                    else if (name.SequenceEqual(":error-code"u8))
                    {
                        errorCode = _values.Get(value);
                    }
                    else if (name.SequenceEqual(":error-message"u8))
                    {
                        errorMessage = Encoding.UTF8.GetString(value.ToArray());
                    }
                }

                pos += valueLength;
            }

            return new EventStreamMessage(messageType, eventType, exceptionType, errorCode, errorMessage, contentType, payload);
        }

        private static StreamFormatException MalformedHeader(string part) =>
            new StreamFormatException($"event-stream header {part} runs past the end of the header block.");

        /// <summary>Returns the pooled buffer and disposes the stream.</summary>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Current = default;
            _buffer.Dispose();
        }
    }
}
