using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Strands.Types;

namespace Strands.Streaming
{
    /// <summary>
    /// Wraps an HTTP response body: stops with <see cref="ResponseTooLargeException"/> once more
    /// than a bound has been read, turns a provider that goes quiet mid-stream into a
    /// <see cref="ModelException"/> with <see cref="ErrorIds.Timeout"/> instead of a hang, and a
    /// connection that breaks mid-stream into one with <see cref="ErrorIds.ConnectionFailed"/>.
    /// </summary>
    /// <remarks>
    /// The idle timeout applies to each asynchronous read separately and is enforced by cancelling
    /// the inner read, so the inner stream must honour its token (HttpClient's bodies do). The
    /// caller's own cancellation stays an <see cref="OperationCanceledException"/>. Synchronous
    /// reads are bounded but not timed. Disposing this disposes the inner stream.
    /// </remarks>
    public sealed class BoundedReadStream : Stream
    {
        private readonly Stream _inner;
        private readonly long _maxBytes;
        private readonly TimeSpan? _idleTimeout;
        private long _bytesRead;

        // One linked source reused across reads (re-armed with CancelAfter) so a read allocates no
        // timer; replaced only when the caller's token changes or a late timer already fired.
        private CancellationTokenSource? _linked;
        private CancellationToken _linkedTo;

        /// <summary>Wraps <paramref name="inner"/>, which this stream owns.</summary>
        /// <param name="inner">The body to read.</param>
        /// <param name="maxBytes">Most bytes accepted; one more is <see cref="ResponseTooLargeException"/>.</param>
        /// <param name="idleTimeout">Longest a single read may wait for data; null waits indefinitely.</param>
        public BoundedReadStream(Stream inner, long maxBytes, TimeSpan? idleTimeout)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            if (maxBytes < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxBytes));
            }

            if (idleTimeout is TimeSpan t && (t <= TimeSpan.Zero || t.TotalMilliseconds > int.MaxValue))
            {
                throw new ArgumentOutOfRangeException(nameof(idleTimeout));
            }

            _maxBytes = maxBytes;
            _idleTimeout = idleTimeout;
        }

        // Takes over a source the caller already linked to linkedTo and disarmed (ModelHttpClient's header
        // timeout), so the first read that waits re-arms it instead of creating another source and timer.
        internal BoundedReadStream(Stream inner, long maxBytes, TimeSpan? idleTimeout, CancellationTokenSource linked, CancellationToken linkedTo)
            : this(inner, maxBytes, idleTimeout)
        {
            _linked = linked;
            _linkedTo = linkedTo;
        }

        /// <summary>Bytes read so far.</summary>
        public long BytesRead => _bytesRead;

        /// <inheritdoc/>
        public override bool CanRead => true;

        /// <inheritdoc/>
        public override bool CanSeek => false;

        /// <inheritdoc/>
        public override bool CanWrite => false;

        /// <inheritdoc/>
        public override long Length => throw new NotSupportedException();

        /// <inheritdoc/>
        public override long Position
        {
            get => _bytesRead;
            set => throw new NotSupportedException();
        }

        /// <inheritdoc/>
        public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, Clamp(count)));

        /// <inheritdoc/>
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadValueAsync(buffer, offset, count, cancellationToken).AsTask();

        // The read itself, as a ValueTask so a read satisfied from buffered bytes allocates nothing
        // (StreamBuffer calls this through StreamReads).
        internal ValueTask<int> ReadValueAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (_idleTimeout == null)
            {
                ValueTask<int> plain = StreamReads.ReadAsync(_inner, buffer, offset, Clamp(count), cancellationToken);
                return plain.IsCompletedSuccessfully ? Counted(plain.Result) : new ValueTask<int>(CountAsync(plain.AsTask()));
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return new ValueTask<int>(Task.FromCanceled<int>(cancellationToken));
            }

            CancellationTokenSource linked = LinkedSource(cancellationToken);
            ValueTask<int> read;
            try
            {
                read = StreamReads.ReadAsync(_inner, buffer, offset, Clamp(count), linked.Token);
            }
            catch (Exception ex)
            {
                read = new ValueTask<int>(Task.FromException<int>(ex));
            }

            // A read the already-buffered bytes satisfied cannot stall, so the idle timer is armed
            // only for reads that go pending: re-arming it for every read (a timer-queue update
            // each time, hundreds per streamed reply) cost more CPU than parsing the events.
            return read.IsCompletedSuccessfully ? Counted(read.Result) : new ValueTask<int>(AwaitTimedAsync(read.AsTask(), linked, cancellationToken));
        }

        private ValueTask<int> Counted(int read)
        {
            try
            {
                return new ValueTask<int>(Count(read));
            }
            catch (ResponseTooLargeException ex)
            {
                return new ValueTask<int>(Task.FromException<int>(ex));
            }
        }

        private async Task<int> CountAsync(Task<int> read)
        {
            try
            {
                return Count(await read.ConfigureAwait(false));
            }
            catch (IOException ex)
            {
                throw ConnectionBroke(ex);
            }
        }

        private async Task<int> AwaitTimedAsync(Task<int> read, CancellationTokenSource linked, CancellationToken cancellationToken)
        {
            linked.CancelAfter(_idleTimeout!.Value);
            try
            {
                return Count(await read.ConfigureAwait(false));
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
            {
                // Report the caller's own token, as callers match on it to tell their cancellation apart.
                throw new OperationCanceledException(ex.Message, ex, cancellationToken);
            }
            catch (Exception ex) when (linked.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                && (ex is OperationCanceledException || ex is IOException || ex is ObjectDisposedException))
            {
                throw new ModelException(
                    ErrorIds.Timeout,
                    ErrorKind.Timeout,
                    ErrorText.Of($"No data from the provider for {_idleTimeout.Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({Setting.Timeout}); the response stream was abandoned."),
                    inner: ex)
                {
                    IsRetryable = true,
                };
            }
            catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw ConnectionBroke(ex);
            }
            finally
            {
                linked.CancelAfter(Timeout.Infinite);
            }
        }

        // A connection that breaks after the headers (reset, or closed before Content-Length was
        // met) is the same failure for the user as one that breaks before them: ConnectionFailed.
        // Not retried: part of the answer may already have been shown.
        private static ModelException ConnectionBroke(IOException ex) => new ModelException(
            ErrorIds.ConnectionFailed,
            ErrorKind.Connection,
            "The connection to the provider broke while the response was streaming: " + ex.Message,
            inner: ex);

        private CancellationTokenSource LinkedSource(CancellationToken cancellationToken)
        {
            if (_linked == null || _linked.IsCancellationRequested || _linkedTo != cancellationToken)
            {
                _linked?.Dispose();
                _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                _linkedTo = cancellationToken;
            }

            return _linked;
        }

        // Asks for at most one byte past the bound: enough to know it was exceeded without reading
        // a whole buffer more of an oversized body.
        private int Clamp(int count)
        {
            if (_bytesRead > _maxBytes)
            {
                throw new ResponseTooLargeException(_maxBytes);
            }

            long remaining = _maxBytes - _bytesRead;
            return remaining < count ? (int)remaining + 1 : count;
        }

        private int Count(int read)
        {
            _bytesRead += read;
            if (_bytesRead > _maxBytes)
            {
                throw new ResponseTooLargeException(_maxBytes);
            }

            return read;
        }

        /// <inheritdoc/>
        public override void Flush()
        {
        }

        /// <inheritdoc/>
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        /// <inheritdoc/>
        public override void SetLength(long value) => throw new NotSupportedException();

        /// <inheritdoc/>
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _linked?.Dispose();
                _linked = null;
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
