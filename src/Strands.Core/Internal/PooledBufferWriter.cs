using System;
using System.Buffers;

namespace Strands.Internal
{
    /// <summary>
    /// An <see cref="IBufferWriter{T}"/> over one pooled array, for request bodies: a MemoryStream
    /// would allocate its whole growth chain and then a copy (ToArray) for every model call.
    /// Dispose returns the array; nothing may use <see cref="Buffer"/> after that.
    /// </summary>
    internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
    {
        private byte[] _buffer;
        private int _count;

        public PooledBufferWriter(int initialSize = 4096) => _buffer = ArrayPool<byte>.Shared.Rent(initialSize);

        /// <summary>The array written into; the first <see cref="Count"/> bytes are the content.</summary>
        public byte[] Buffer => _buffer;

        public int Count => _count;

        public ReadOnlySpan<byte> WrittenSpan => new ReadOnlySpan<byte>(_buffer, 0, _count);

        public void Advance(int count)
        {
            if (count < 0 || _count + count > _buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
            _count += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return new Memory<byte>(_buffer, _count, _buffer.Length - _count);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return new Span<byte>(_buffer, _count, _buffer.Length - _count);
        }

        private void Ensure(int sizeHint)
        {
            if (_buffer.Length == 0) throw new ObjectDisposedException(nameof(PooledBufferWriter));
            int needed = Math.Max(sizeHint, 1);
            if (_buffer.Length - _count >= needed) return;
            byte[] grown = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _count + needed));
            System.Buffer.BlockCopy(_buffer, 0, grown, 0, _count);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }

        public void Dispose()
        {
            byte[] buffer = _buffer;
            _buffer = Array.Empty<byte>();
            _count = 0;
            if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
