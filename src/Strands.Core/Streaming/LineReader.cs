using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Strands.Types;

namespace Strands.Streaming
{
    /// <summary>
    /// Splits a byte stream into lines ending in LF, CRLF or a lone CR (the SSE rule; harmless for
    /// NDJSON, where JSON cannot contain a raw CR). Lines are slices of the pooled window, not copies.
    /// </summary>
    internal sealed class LineReader : IDisposable
    {
        private const int InitialBufferSize = 16 * 1024;

        private readonly StreamBuffer _buffer;
        private readonly int _maxLineBytes;
        private readonly long _reportedLimit;

        // A line ended in CR; if the next byte is LF it belongs to that CR, even when it arrives in
        // the next read.
        private bool _skipLeadingLf;

        /// <param name="stream">Source of bytes.</param>
        /// <param name="maxLineBytes">Longest accepted line, terminator excluded.</param>
        /// <param name="reportedLimit">The user-facing bound named when a line is too long.</param>
        public LineReader(Stream stream, int maxLineBytes, long reportedLimit)
        {
            _maxLineBytes = maxLineBytes;
            _reportedLimit = reportedLimit;
            _buffer = new StreamBuffer(stream, InitialBufferSize, maxLineBytes + 1);
        }

        /// <summary>True at end of stream with bytes that never got their line ending.</summary>
        public bool HasTruncatedLine => _buffer.IsEof && _buffer.Count > 0;

        /// <summary>
        /// Consumes the next complete line from what is buffered; false when none is. The line
        /// (terminator excluded) stays valid until the next <see cref="FillAsync"/>.
        /// </summary>
        public bool TryReadLine(out ReadOnlyMemory<byte> line)
        {
            ReadOnlySpan<byte> available = _buffer.Available;
            if (_skipLeadingLf && available.Length > 0)
            {
                _skipLeadingLf = false;
                if (available[0] == (byte)'\n')
                {
                    _buffer.Consume(1);
                    available = available.Slice(1);
                }
            }

            int end = available.IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0)
            {
                line = default;
                return false;
            }

            if (end > _maxLineBytes)
            {
                throw new ResponseTooLargeException(_reportedLimit);
            }

            line = _buffer.Slice(0, end);
            _skipLeadingLf = available[end] == (byte)'\r';
            _buffer.Consume(end + 1);
            return true;
        }

        /// <summary>The unterminated bytes left at end of stream.</summary>
        public ReadOnlySpan<byte> Remainder => _buffer.Available;

        /// <summary>
        /// Reads more of the stream after <see cref="TryReadLine"/> found no complete line.
        /// False at end of stream. Invalidates lines handed out earlier.
        /// </summary>
        public ValueTask<bool> FillAsync(CancellationToken cancellationToken)
        {
            // Everything buffered is one unfinished line; past the bound it can never be accepted.
            if (_buffer.Count > _maxLineBytes)
            {
                throw new ResponseTooLargeException(_reportedLimit);
            }

            return _buffer.FillAsync(_buffer.Count + 1, cancellationToken);
        }

        public void Dispose() => _buffer.Dispose();
    }
}
