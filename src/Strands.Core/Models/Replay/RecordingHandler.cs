using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.Models.Http;

namespace Strands.Models.Replay
{
    /// <summary>
    /// Passes each request to the network and records the exchange: the request without its
    /// headers, and the response body exactly as the provider's parser reads it, chunk by chunk.
    /// The file is rewritten (atomically) whenever an exchange completes, so a script that dies
    /// half-way still leaves a readable recording of what happened before.
    /// </summary>
    public sealed class RecordingHandler : HttpMessageHandler
    {
        private readonly string _path;
        private readonly HttpMessageHandler? _inner;
        private readonly object _gate = new();
        private Recording? _recording;

        /// <summary>Records to <paramref name="path"/>, sending through <paramref name="inner"/> (null: the shared network handler).</summary>
        public RecordingHandler(string path, HttpMessageHandler? inner = null)
        {
            _path = path ?? throw new ArgumentNullException(nameof(path));
            _inner = inner;
        }

        /// <summary>
        /// Names the model and writes the (still empty) recording, so a path that cannot be
        /// written fails when the model is created rather than after the first paid call.
        /// </summary>
        public void Start(RecordedModel model)
        {
            lock (_gate)
            {
                _recording = new Recording(model);
                _recording.Save(_path);
            }
        }

        /// <inheritdoc/>
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var secrets = Redaction.SecretsOf(request);
            var body = await ReadBodyAsync(request).ConfigureAwait(false);
            var exchange = new RecordedExchange
            {
                Method = request.Method.Method,
                Path = Redaction.Scrub(Redaction.RedactQuery(request.RequestUri!.PathAndQuery), secrets),
            };
            SetBody(exchange, Redaction.Scrub(body, secrets));

            // The shared handler is looked up per call so recording does not pin an old one past its DNS lifetime.
            using var invoker = new HttpMessageInvoker(_inner ?? SharedHttpHandler.Current, disposeHandler: false);
            var response = await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);

            exchange.Status = (int)response.StatusCode;
            var headers = new List<KeyValuePair<string, IEnumerable<string>>>(response.Headers);
            if (response.Content != null) headers.AddRange(response.Content.Headers);
            foreach (var header in headers)
            {
                if (Redaction.IsDroppedResponseHeader(header.Key)) continue;
                exchange.Headers.Add(new KeyValuePair<string, string>(header.Key.ToLowerInvariant(), Redaction.Scrub(string.Join(", ", header.Value), secrets)));
            }

            lock (_gate) Recording.Exchanges.Add(exchange);
            response.Content = new RecordingContent(response.Content ?? new ByteArrayContent(Array.Empty<byte>()), chunk => Append(exchange, Redaction.Scrub(chunk, secrets)), Flush);
            return response;
        }

        private Recording Recording => _recording ?? throw new InvalidOperationException("Start must be called before the first request.");

        // Buffers the body and puts it back, so content that can be read only once still reaches the network.
        internal static async Task<byte[]> ReadBodyAsync(HttpRequestMessage request)
        {
            if (request.Content == null) return Array.Empty<byte>();
            var body = await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            if (request.Content is not ByteArrayContent)
            {
                var copy = new ByteArrayContent(body);
                foreach (var header in request.Content.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
                request.Content = copy;
            }

            return body;
        }

        private static void SetBody(RecordedExchange exchange, byte[] body)
        {
            if (body.Length == 0) return;
            try
            {
                using var doc = JsonDocument.Parse(body);
                exchange.Body = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                exchange.BodyText = Encoding.UTF8.GetString(body);
            }
        }

        private void Append(RecordedExchange exchange, byte[] chunk)
        {
            lock (_gate) exchange.Chunks.Add(chunk);
        }

        private void Flush()
        {
            lock (_gate) Recording.Save(_path);
        }

        /// <summary>The response content, read through a stream that records what the parser reads.</summary>
        private sealed class RecordingContent : HttpContent
        {
            private readonly HttpContent _inner;
            private readonly Action<byte[]> _onChunk;
            private readonly Action _onEnd;
            private int _ended;

            public RecordingContent(HttpContent inner, Action<byte[]> onChunk, Action onEnd)
            {
                _inner = inner;
                _onChunk = onChunk;
                _onEnd = onEnd;
                foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            protected override async Task<Stream> CreateContentReadStreamAsync() =>
                new RecordingStream(await _inner.ReadAsStreamAsync().ConfigureAwait(false), _onChunk, End);

            protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
            {
                using var source = await CreateContentReadStreamAsync().ConfigureAwait(false);
                await source.CopyToAsync(stream).ConfigureAwait(false);
            }

            protected override bool TryComputeLength(out long length)
            {
                length = 0;
                return false;
            }

            protected override void Dispose(bool disposing)
            {
                // A body never read (or abandoned after [DONE]) still completes the exchange.
                if (disposing)
                {
                    End();
                    _inner.Dispose();
                }

                base.Dispose(disposing);
            }

            private void End()
            {
                if (Interlocked.Exchange(ref _ended, 1) == 0) _onEnd();
            }
        }

        /// <summary>Hands a copy of every read to the recorder, and reports the end once (end of body or dispose).</summary>
        private sealed class RecordingStream : Stream
        {
            private readonly Stream _inner;
            private readonly Action<byte[]> _onChunk;
            private readonly Action _onEnd;

            public RecordingStream(Stream inner, Action<byte[]> onChunk, Action onEnd)
            {
                _inner = inner;
                _onChunk = onChunk;
                _onEnd = onEnd;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => Seen(buffer, offset, _inner.Read(buffer, offset, count));

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                Seen(buffer, offset, await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));

            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _inner.Dispose();
                    _onEnd();
                }

                base.Dispose(disposing);
            }

            private int Seen(byte[] buffer, int offset, int read)
            {
                if (read > 0)
                {
                    var chunk = new byte[read];
                    Buffer.BlockCopy(buffer, offset, chunk, 0, read);
                    _onChunk(chunk);
                }
                else
                {
                    _onEnd();
                }

                return read;
            }
        }
    }
}
