using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Strands.Types;

namespace Strands.Streaming
{
    /// <summary>
    /// Reads Server-Sent Events (WHATWG rules) from a response body, exposing each event's data as
    /// UTF-8 bytes so callers can hand it straight to <c>Utf8JsonReader</c>.
    /// </summary>
    /// <remarks>
    /// Lines may end in LF, CRLF or CR. <c>data:</c> lines are joined with LF; one space after the
    /// colon is dropped. Every other field (<c>event:</c>, <c>id:</c>, <c>retry:</c>, comments) is
    /// ignored: each provider's JSON names its own event type, so the adapters read only the data. Events
    /// with empty data are skipped. <c>[DONE]</c> is ordinary data. At end of stream, an event
    /// whose lines were all complete is dispatched even without the closing blank line, but an
    /// unfinished line means the connection dropped mid-event: <see cref="StreamFormatException"/>.
    /// Disposing the reader disposes the stream.
    /// </remarks>
    public sealed class SseReader : IJsonChunkReader
    {
        // A data line carries its field name besides the data; this much slack lets an event of
        // exactly the bound through on one line.
        private const int LineOverhead = 256;

        private readonly LineReader _lines;
        private readonly int _maxEventBytes;
        private byte[] _data;
        private int _dataLength;
        private bool _hasDataLine;

        // Most events have one data line; its bytes are left in the read window and exposed from
        // there, and copied into _data only if a second line follows or the window must be refilled.
        private ReadOnlyMemory<byte> _firstLine;
        private bool _firstLineInWindow;
        private bool _atStart = true;
        private bool _disposed;

        /// <summary>Creates a reader over <paramref name="stream"/>, which it owns.</summary>
        /// <param name="stream">The response body.</param>
        /// <param name="maxEventBytes">Largest accepted event data (and, give or take a field name,
        /// line); beyond it reading stops with <see cref="ResponseTooLargeException"/>.</param>
        public SseReader(Stream stream, int maxEventBytes = 16 * 1024 * 1024)
        {
            if (stream == null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            if (maxEventBytes <= 0 || maxEventBytes > int.MaxValue - LineOverhead)
            {
                throw new ArgumentOutOfRangeException(nameof(maxEventBytes));
            }

            _maxEventBytes = maxEventBytes;
            _lines = new LineReader(stream, maxEventBytes + LineOverhead, maxEventBytes);
            _data = ArrayPool<byte>.Shared.Rent(Math.Min(4096, maxEventBytes));
        }

        /// <summary>The current event's data lines joined with LF; valid until the next <see cref="MoveNextAsync"/>.</summary>
        public ReadOnlyMemory<byte> Data { get; private set; }

        ReadOnlyMemory<byte> IJsonChunkReader.Chunk => Data;

        /// <summary>Advances to the next event; false at the end of the stream.</summary>
        /// <exception cref="StreamFormatException">The stream ended inside a line.</exception>
        /// <exception cref="ResponseTooLargeException">An event or line exceeded the bound.</exception>
        public ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(SseReader));
            }

            cancellationToken.ThrowIfCancellationRequested();
            _dataLength = 0;
            Data = default;
            return TryDispatchBuffered() ? new ValueTask<bool>(true) : MoveNextSlowAsync(cancellationToken);
        }

        private async ValueTask<bool> MoveNextSlowAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                CopyFirstLineOutOfWindow();
                if (!await _lines.FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                if (TryDispatchBuffered())
                {
                    return true;
                }
            }

            if (_lines.HasTruncatedLine)
            {
                throw new StreamFormatException("truncated SSE line: the stream ended in the middle of a line (connection dropped?).");
            }

            return Dispatch();
        }

        private bool TryDispatchBuffered()
        {
            while (_lines.TryReadLine(out ReadOnlyMemory<byte> lineBytes))
            {
                if (_atStart)
                {
                    _atStart = false;
                    if (lineBytes.Span.StartsWith("\uFEFF"u8))
                    {
                        lineBytes = lineBytes.Slice(3);
                    }
                }

                if (!lineBytes.IsEmpty)
                {
                    ProcessField(lineBytes);
                }
                else if (Dispatch())
                {
                    return true;
                }
            }

            return false;
        }

        private void ProcessField(ReadOnlyMemory<byte> lineBytes)
        {
            ReadOnlySpan<byte> line = lineBytes.Span;
            int colon = line.IndexOf((byte)':');
            if (colon == 0)
            {
                return;
            }

            ReadOnlySpan<byte> name = colon < 0 ? line : line.Slice(0, colon);
            int valueStart = colon < 0 ? line.Length : colon + 1;
            if (valueStart < line.Length && line[valueStart] == (byte)' ')
            {
                valueStart++;
            }

            if (name.SequenceEqual("data"u8))
            {
                AppendData(lineBytes.Slice(valueStart));
            }
        }

        private void AppendData(ReadOnlyMemory<byte> value)
        {
            if (!_hasDataLine)
            {
                if (value.Length > _maxEventBytes)
                {
                    throw new ResponseTooLargeException(_maxEventBytes);
                }

                _firstLine = value;
                _firstLineInWindow = true;
                _dataLength = value.Length;
                _hasDataLine = true;
                return;
            }

            CopyFirstLineOutOfWindow();
            Append(value.Span, separator: 1);
        }

        private void CopyFirstLineOutOfWindow()
        {
            if (_firstLineInWindow)
            {
                _firstLineInWindow = false;
                _dataLength = 0;
                Append(_firstLine.Span, separator: 0);
                _firstLine = default;
            }
        }

        private void Append(ReadOnlySpan<byte> value, int separator)
        {
            long needed = (long)_dataLength + separator + value.Length;
            if (needed > _maxEventBytes)
            {
                throw new ResponseTooLargeException(_maxEventBytes);
            }

            if (needed > _data.Length)
            {
                byte[] grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(needed, (long)_data.Length * 2), _maxEventBytes));
                Buffer.BlockCopy(_data, 0, grown, 0, _dataLength);
                ArrayPool<byte>.Shared.Return(_data);
                _data = grown;
            }

            if (separator == 1)
            {
                _data[_dataLength++] = (byte)'\n';
            }

            value.CopyTo(new Span<byte>(_data, _dataLength, value.Length));
            _dataLength += value.Length;
        }

        // Ends the pending event. False (and the event is forgotten) when it had no data line or its
        // data is empty: callers never want those.
        private bool Dispatch()
        {
            if (!_hasDataLine)
            {
                return false;
            }

            _hasDataLine = false;
            ReadOnlyMemory<byte> data = _firstLineInWindow ? _firstLine : new ReadOnlyMemory<byte>(_data, 0, _dataLength);
            _firstLineInWindow = false;
            _firstLine = default;
            if (data.IsEmpty)
            {
                return false;
            }

            Data = data;
            return true;
        }

        /// <summary>Returns pooled buffers and disposes the stream.</summary>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Data = default;
            _lines.Dispose();
            ArrayPool<byte>.Shared.Return(_data);
            _data = Array.Empty<byte>();
        }
    }
}
