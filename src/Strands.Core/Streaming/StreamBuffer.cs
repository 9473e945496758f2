using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Strands.Streaming
{
    /// <summary>
    /// A pooled window of not-yet-consumed bytes read from a stream. The readers parse straight out
    /// of <see cref="Available"/> so a body is copied once (stream → window) at most.
    /// </summary>
    internal sealed class StreamBuffer : IDisposable
    {
        // Below this much free tail space a read would return only a sliver, so the window is
        // compacted (or grown) first; per-read overhead dominates with tiny reads.
        private const int MinReadSize = 4096;

        private readonly Stream _stream;
        private readonly int _maxSize;
        private byte[] _buffer;
        private int _start;
        private int _end;

        /// <param name="stream">Source of bytes.</param>
        /// <param name="initialSize">First rental size.</param>
        /// <param name="maxSize">The window never grows beyond this; callers bound what they ask for by it.</param>
        public StreamBuffer(Stream stream, int initialSize, int maxSize)
        {
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            _maxSize = maxSize;
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(initialSize, maxSize));
        }

        /// <summary>Unconsumed bytes.</summary>
        public ReadOnlySpan<byte> Available => new ReadOnlySpan<byte>(_buffer, _start, _end - _start);

        /// <summary>Number of unconsumed bytes.</summary>
        public int Count => _end - _start;

        /// <summary>True once the stream has reported its end.</summary>
        public bool IsEof { get; private set; }

        /// <summary>A slice of the unconsumed bytes, valid until the next <see cref="FillAsync"/>.</summary>
        public ReadOnlyMemory<byte> Slice(int offset, int length) => new ReadOnlyMemory<byte>(_buffer, _start + offset, length);

        /// <summary>Marks bytes as parsed.</summary>
        public void Consume(int count)
        {
            _start += count;
            if (_start == _end)
            {
                _start = 0;
                _end = 0;
            }
        }

        /// <summary>
        /// Reads once more from the stream, first making room so the window can hold at least
        /// <paramref name="needed"/> unconsumed bytes (at most the max size). False at end of stream.
        /// Invalidates spans and slices handed out earlier.
        /// </summary>
        public ValueTask<bool> FillAsync(int needed, CancellationToken cancellationToken)
        {
            if (IsEof)
            {
                return new ValueTask<bool>(false);
            }

            MakeRoom(Math.Min(Math.Max(needed, Count + 1), _maxSize));
            return ReadAsync(cancellationToken);
        }

        private async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
        {
            int read = await StreamReads.ReadAsync(_stream, _buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
            if (read <= 0)
            {
                IsEof = true;
                return false;
            }

            _end += read;
            return true;
        }

        private void MakeRoom(int needed)
        {
            int free = _buffer.Length - _end;
            if (free >= MinReadSize && _buffer.Length - _start >= needed)
            {
                return;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, Count);
                _end -= _start;
                _start = 0;
                free = _buffer.Length - _end;
            }

            bool tooSmall = _buffer.Length < needed || free == 0;
            bool roomyEnough = free >= MinReadSize || _buffer.Length >= _maxSize;
            if (!tooSmall && roomyEnough)
            {
                return;
            }

            int size = (int)Math.Min(Math.Max((long)_buffer.Length * 2, needed), _maxSize);
            if (size <= _buffer.Length)
            {
                return;
            }

            byte[] grown = ArrayPool<byte>.Shared.Rent(size);
            Buffer.BlockCopy(_buffer, 0, grown, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }

        /// <summary>Returns the window to the pool and disposes the stream.</summary>
        public void Dispose()
        {
            byte[] buffer = _buffer;
            if (buffer.Length == 0)
            {
                return;
            }

            _buffer = Array.Empty<byte>();
            _start = 0;
            _end = 0;
            ArrayPool<byte>.Shared.Return(buffer);
            _stream.Dispose();
        }
    }
}
