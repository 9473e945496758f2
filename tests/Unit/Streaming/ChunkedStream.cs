namespace Strands.Tests.Streaming;

/// <summary>
/// A read-only stream that hands out its bytes in small pieces, the way a network delivers a
/// body, so readers are exercised across every split point.
/// </summary>
internal sealed class ChunkedStream : Stream
{
    private readonly byte[] _data;
    private readonly Func<int> _nextChunkSize;
    private int _position;

    /// <param name="data">The whole body.</param>
    /// <param name="nextChunkSize">Upper bound of each read; called once per read.</param>
    public ChunkedStream(byte[] data, Func<int> nextChunkSize)
    {
        _data = data;
        _nextChunkSize = nextChunkSize;
    }

    public static ChunkedStream OneByte(byte[] data) => new(data, () => 1);

    public static ChunkedStream Random(byte[] data, Random random, int maxChunk = 64) => new(data, () => random.Next(1, maxChunk + 1));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(Math.Min(count, Math.Max(1, _nextChunkSize())), _data.Length - _position);
        Array.Copy(_data, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = Math.Min(Math.Min(buffer.Length, Math.Max(1, _nextChunkSize())), _data.Length - _position);
        _data.AsSpan(_position, n).CopyTo(buffer.Span);
        _position += n;
        return new ValueTask<int>(n);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
