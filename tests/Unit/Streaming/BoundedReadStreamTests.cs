using System.Diagnostics;
using System.Text;
using Strands.Streaming;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Streaming;

public class BoundedReadStreamTests
{
    [Fact]
    public async Task Body_up_to_the_bound_reads_fully()
    {
        using var stream = new BoundedReadStream(new MemoryStream(new byte[1000]), maxBytes: 1000, idleTimeout: TimeSpan.FromSeconds(5));
        var copy = new MemoryStream();

        await stream.CopyToAsync(copy);

        Assert.Equal(1000, copy.Length);
        Assert.Equal(1000, stream.BytesRead);
    }

    [Fact]
    public async Task Body_past_the_bound_is_too_large()
    {
        using var stream = new BoundedReadStream(new MemoryStream(new byte[1001]), maxBytes: 1000, idleTimeout: null);

        var ex = await Assert.ThrowsAsync<ResponseTooLargeException>(() => stream.CopyToAsync(Stream.Null));
        Assert.Equal(1000, ex.LimitBytes);
        Assert.Throws<ResponseTooLargeException>(() => stream.Read(new byte[10], 0, 10));
    }

    [Fact]
    public void Synchronous_reads_are_bounded_too()
    {
        using var stream = new BoundedReadStream(new MemoryStream(new byte[50]), maxBytes: 20, idleTimeout: null);

        Assert.Throws<ResponseTooLargeException>(() => stream.CopyTo(Stream.Null));
    }

    [Fact]
    public async Task Quiet_provider_times_out_as_a_retryable_model_exception()
    {
        using var stream = new BoundedReadStream(new BlockingStream(), long.MaxValue, TimeSpan.FromMilliseconds(100));
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ModelException>(() => stream.ReadAsync(new byte[16], 0, 16, CancellationToken.None));

        Assert.Equal(ErrorIds.Timeout, ex.ErrorId);
        Assert.Equal(ErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsRetryable);
        Assert.StartsWith("No data from the provider for 0.1 s", ex.Message);
        Assert.InRange(watch.ElapsedMilliseconds, 50, 5000);
    }

    [Fact]
    public async Task Memory_overload_times_out_too()
    {
        using var stream = new BoundedReadStream(new BlockingStream(), long.MaxValue, TimeSpan.FromMilliseconds(50));

        var ex = await Assert.ThrowsAsync<ModelException>(async () => await stream.ReadAtLeastAsync(new byte[16].AsMemory(), 1, cancellationToken: CancellationToken.None));
        Assert.Equal(ErrorIds.Timeout, ex.ErrorId);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_a_timeout()
    {
        using var stream = new BoundedReadStream(new BlockingStream(), long.MaxValue, TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.ReadAsync(new byte[16], 0, 16, cts.Token));
        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    [Fact]
    public async Task Already_cancelled_caller_is_cancelled_without_or_with_a_timeout()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using var timed = new BoundedReadStream(new BlockingStream(), long.MaxValue, TimeSpan.FromSeconds(30));
        using var untimed = new BoundedReadStream(new BlockingStream(), long.MaxValue, null);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => timed.ReadAsync(new byte[16], 0, 16, cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => untimed.ReadAsync(new byte[16], 0, 16, cts.Token));
    }

    [Fact]
    public async Task Slow_but_steady_provider_never_times_out()
    {
        // Each read waits 100 ms, inside the 1.5 s idle bound, but together they take longer than it.
        // The wide margin is for shared CI machines, where a 40 ms delay has been seen to take 0.9 s.
        byte[] body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("data: {}\n\n", 20)));
        using var stream = new BoundedReadStream(new TrickleStream(body, 10, TimeSpan.FromMilliseconds(100)), long.MaxValue, TimeSpan.FromMilliseconds(1500));

        Assert.Equal(20, (await SseReaderTests.ReadAllAsync(stream)).Count);
    }

    [Fact]
    public async Task Timeout_surfaces_through_a_reader()
    {
        byte[] start = Encoding.ASCII.GetBytes("data: 1\n\n");
        var stream = new BoundedReadStream(new TrickleStream(start, start.Length, TimeSpan.Zero, thenBlock: true), long.MaxValue, TimeSpan.FromMilliseconds(100));
        using var reader = new SseReader(stream);

        Assert.True(await reader.MoveNextAsync(CancellationToken.None));
        var ex = await Assert.ThrowsAsync<ModelException>(() => reader.MoveNextAsync(CancellationToken.None).AsTask());
        Assert.Equal(ErrorIds.Timeout, ex.ErrorId);
    }

    /// <summary>Delivers a body a few bytes at a time with a pause before each read.</summary>
    private sealed class TrickleStream : Stream
    {
        private readonly byte[] _data;
        private readonly int _chunk;
        private readonly TimeSpan _delay;
        private readonly bool _thenBlock;
        private int _position;

        public TrickleStream(byte[] data, int chunk, TimeSpan delay, bool thenBlock = false)
        {
            _data = data;
            _chunk = chunk;
            _delay = delay;
            _thenBlock = thenBlock;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (_position == _data.Length && _thenBlock)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            await Task.Delay(_delay, cancellationToken);
            int n = Math.Min(Math.Min(count, _chunk), _data.Length - _position);
            Array.Copy(_data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
