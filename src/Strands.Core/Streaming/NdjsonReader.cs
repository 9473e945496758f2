using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Strands.Types;

namespace Strands.Streaming
{
    /// <summary>
    /// Reads newline-delimited JSON (Ollama's streaming format): one JSON value per line, exposed as
    /// UTF-8 bytes without copying. The JSON itself is not validated here; the caller parses it.
    /// </summary>
    /// <remarks>
    /// Lines may end in LF, CRLF or CR; blank (whitespace-only) lines are skipped. Ollama ends every
    /// line with LF, so non-blank bytes left without a line ending at end of stream mean the
    /// connection dropped mid-object: <see cref="StreamFormatException"/>, never a partial value.
    /// Disposing the reader disposes the stream.
    /// </remarks>
    public sealed class NdjsonReader : IJsonChunkReader
    {
        private readonly LineReader _lines;
        private bool _disposed;

        /// <summary>Creates a reader over <paramref name="stream"/>, which it owns.</summary>
        /// <param name="stream">The response body.</param>
        /// <param name="maxLineBytes">Longest accepted line; beyond it reading stops with
        /// <see cref="ResponseTooLargeException"/>.</param>
        public NdjsonReader(Stream stream, int maxLineBytes = 16 * 1024 * 1024)
        {
            if (stream == null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            if (maxLineBytes <= 0 || maxLineBytes == int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(maxLineBytes));
            }

            _lines = new LineReader(stream, maxLineBytes, maxLineBytes);
        }

        /// <summary>The current line's bytes (terminator excluded); valid until the next <see cref="MoveNextAsync"/>.</summary>
        public ReadOnlyMemory<byte> Current { get; private set; }

        ReadOnlyMemory<byte> IJsonChunkReader.Chunk => Current;

        /// <summary>Advances to the next non-blank line; false at the end of the stream.</summary>
        /// <exception cref="StreamFormatException">The stream ended inside a line.</exception>
        /// <exception cref="ResponseTooLargeException">A line exceeded the bound.</exception>
        public ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(NdjsonReader));
            }

            cancellationToken.ThrowIfCancellationRequested();
            Current = default;
            return TryReadBuffered() ? new ValueTask<bool>(true) : MoveNextSlowAsync(cancellationToken);
        }

        private async ValueTask<bool> MoveNextSlowAsync(CancellationToken cancellationToken)
        {
            while (await _lines.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                if (TryReadBuffered())
                {
                    return true;
                }
            }

            if (!IsBlank(_lines.Remainder))
            {
                throw new StreamFormatException("truncated NDJSON line: the stream ended in the middle of a line (connection dropped?).");
            }

            return false;
        }

        private bool TryReadBuffered()
        {
            while (_lines.TryReadLine(out ReadOnlyMemory<byte> line))
            {
                if (!IsBlank(line.Span))
                {
                    Current = line;
                    return true;
                }
            }

            return false;
        }

        private static bool IsBlank(ReadOnlySpan<byte> line)
        {
            foreach (byte b in line)
            {
                if (b != (byte)' ' && b != (byte)'\t')
                {
                    return false;
                }
            }

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
            Current = default;
            _lines.Dispose();
        }
    }
}
