using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Strands.Models.Replay
{
    /// <summary>
    /// Answers a model's requests from a recording, in order, without any network: each request
    /// is compared with the next recorded one (<see cref="RequestComparer"/>) and answered with the
    /// recorded status, headers and body chunks, so the provider's own parser runs on the same
    /// bytes, split the same way, as when it was recorded.
    /// </summary>
    public sealed class ReplayHandler : HttpMessageHandler
    {
        private readonly Recording _recording;
        private readonly string _path;
        private readonly object _gate = new();
        private int _next;

        /// <summary>Replays <paramref name="recording"/>, naming <paramref name="path"/> in errors.</summary>
        public ReplayHandler(Recording recording, string path)
        {
            _recording = recording ?? throw new ArgumentNullException(nameof(recording));
            _path = path ?? throw new ArgumentNullException(nameof(path));
        }

        /// <summary>How many recorded exchanges have been answered.</summary>
        public int Answered
        {
            get { lock (_gate) return _next; }
        }

        /// <inheritdoc/>
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var body = await RecordingHandler.ReadBodyAsync(request).ConfigureAwait(false);
            var path = Redaction.RedactQuery(request.RequestUri!.PathAndQuery);
            RecordedExchange exchange;
            lock (_gate)
            {
                var count = _recording.Exchanges.Count;
                if (_next >= count) throw ReplayException.Exhausted(_path, _next + 1, count);
                exchange = _recording.Exchanges[_next];
                var difference = RequestComparer.Compare(exchange, request.Method.Method, path, body);
                if (difference != null) throw ReplayException.Mismatch(_path, _next + 1, count, difference);
                _next++;
            }

            var response = new HttpResponseMessage((HttpStatusCode)exchange.Status)
            {
                RequestMessage = request,
                Content = new StreamContent(new ChunkStream(exchange.Chunks)),
            };
            foreach (var header in exchange.Headers)
            {
                if (!response.Headers.TryAddWithoutValidation(header.Key, header.Value))
                    response.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            return response;
        }

        /// <summary>Returns the recorded chunks one read at a time (never joining two), as the network delivered them.</summary>
        private sealed class ChunkStream : Stream
        {
            private readonly IReadOnlyList<byte[]> _chunks;
            private int _chunk;
            private int _offset;

            public ChunkStream(IReadOnlyList<byte[]> chunks) => _chunks = chunks;

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                while (_chunk < _chunks.Count && _offset >= _chunks[_chunk].Length)
                {
                    _chunk++;
                    _offset = 0;
                }

                if (_chunk >= _chunks.Count || count == 0) return 0;
                var n = Math.Min(count, _chunks[_chunk].Length - _offset);
                Buffer.BlockCopy(_chunks[_chunk], _offset, buffer, offset, n);
                _offset += n;
                return n;
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return Task.FromResult(Read(buffer, offset, count));
            }

            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
