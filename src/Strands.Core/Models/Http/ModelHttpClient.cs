using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Strands.Models.Replay;
using Strands.Streaming;
using Strands.Types;

namespace Strands.Models.Http
{
    /// <summary>
    /// Sends provider requests with the shared retry, timeout and size rules. Retries happen only
    /// before a response body is handed out, so nothing is retried once output may have been shown.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
        Justification = "The HttpClient holds no connections of its own: it never disposes the shared handler, which outlives every model.")]
    public sealed class ModelHttpClient
    {
        private static readonly Random Jitter = new();
        private readonly HttpSettings _settings;
        private readonly HttpClient _client;
        private readonly string _provider;

        /// <summary>Creates a client for one provider with its settings.</summary>
        public ModelHttpClient(string provider, HttpSettings settings)
        {
            _provider = provider;
            _settings = settings;
            // The handler outlives this client: it is shared (or owned by the caller, for record/replay).
            _client = new HttpClient(settings.Handler ?? SharedHttpHandler.Current, disposeHandler: false)
            {
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
        }

        /// <summary>The settings in force.</summary>
        public HttpSettings Settings => _settings;

        /// <summary>
        /// Sends the request built by <paramref name="createRequest"/> (called once per attempt) and
        /// returns the successful response with its body bounded in size and idle time. Non-success
        /// statuses become <see cref="ModelException"/>s through <paramref name="describeError"/>,
        /// which extracts the provider's message and whether it means a context overflow.
        /// </summary>
        public Task<ModelHttpResponse> SendAsync(
            Func<HttpRequestMessage> createRequest,
            Func<int, string, (string Message, bool IsContextOverflow)> describeError,
            IModelTrace? trace,
            CancellationToken cancellationToken)
            => SendCoreAsync(createRequest, describeError, null, trace, cancellationToken);

        /// <summary>
        /// Like the other overload, for providers whose error kind is in a header rather than the
        /// status alone (Bedrock's <c>x-amzn-ErrorType</c>): <paramref name="toError"/> gets the
        /// failed response and its body and builds the error, whose IsRetryable drives the retries.
        /// </summary>
        public Task<ModelHttpResponse> SendAsync(
            Func<HttpRequestMessage> createRequest,
            Func<HttpResponseMessage, string, ModelException> toError,
            IModelTrace? trace,
            CancellationToken cancellationToken)
            => SendCoreAsync(createRequest, null, toError, trace, cancellationToken);

        // One of describeError and toError is set. Both are passed through as they are, so a call
        // allocates no closure or delegate to adapt one to the other.
        private async Task<ModelHttpResponse> SendCoreAsync(
            Func<HttpRequestMessage> createRequest,
            Func<int, string, (string Message, bool IsContextOverflow)>? describeError,
            Func<HttpResponseMessage, string, ModelException>? toError,
            IModelTrace? trace,
            CancellationToken cancellationToken)
        {
            for (var attempt = 0; ; attempt++)
            {
                ModelException failure;
                try
                {
                    using var request = createRequest();
                    // Count first: enumerating the dictionary through its interface boxes an enumerator.
                    if (_settings.Headers.Count > 0) foreach (var header in _settings.Headers)
                    {
                        request.Headers.Remove(header.Key);
                        request.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }
                    // The header timeout's source, disarmed once the headers are in, becomes the body's idle-timer
                    // source (BoundedReadStream re-arms it for each read that waits): one cancellation source and
                    // timer per call instead of two. Inline rather than in a helper: one async state machine less.
                    HttpResponseMessage response;
                    CancellationTokenSource? timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    try
                    {
                        timeout.CancelAfter(_settings.Timeout);
                        response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                        timeout.CancelAfter(System.Threading.Timeout.Infinite);
                        if (response.IsSuccessStatusCode)
                        {
                            var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                            var bounded = new BoundedReadStream(body, _settings.MaxResponseBytes, _settings.Timeout, timeout, cancellationToken);
                            timeout = null; // the body owns it now
                            return new ModelHttpResponse(response, bounded);
                        }
                    }
                    finally
                    {
                        timeout?.Dispose();
                    }
                    using (response)
                    {
                        // Some gateways echo the key they rejected ("Incorrect API key provided: sk-..."), and error
                        // text ends up in ErrorRecords, logs and transcripts: every credential the request carried is cut out first.
                        // Collected here, from the request as sent, only when a call fails: enumerating the headers
                        // allocates, and successful calls should not pay for it.
                        var secrets = Redaction.SecretsOf(request);
                        var text = Redaction.Scrub(await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false), secrets);
                        failure = toError != null ? toError(response, text) : FromDescription(describeError!, response, text);
                    }
                }
                catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new ModelException(ErrorIds.ConnectionFailed, ErrorKind.Connection,
                        $"Could not reach {_provider}: {Innermost(ex).Message}", inner: ex) { IsRetryable = true };
                }
                catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new ModelException(ErrorIds.ConnectionFailed, ErrorKind.Connection,
                        $"The connection to {_provider} failed: {ex.Message}", inner: ex) { IsRetryable = true };
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new ModelException(ErrorIds.Timeout, ErrorKind.Timeout,
                        ErrorText.Of($"{_provider} did not answer within {_settings.Timeout.TotalSeconds:0.###} s ({Setting.Timeout}).")) { IsRetryable = true };
                }

                if (!failure.IsRetryable || attempt >= _settings.MaxRetries) throw failure;
                var delay = RetryDelay(attempt, failure.RetryAfter);
                if (delay > _settings.MaxRetryAfter) throw WaitTooLong(failure, delay);
                trace?.Retrying(attempt + 1, delay, failure);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private ModelException FromDescription(Func<int, string, (string Message, bool IsContextOverflow)> describeError, HttpResponseMessage response, string body)
        {
            var (message, overflow) = describeError((int)response.StatusCode, body);
            return ProviderErrors.FromStatus(_provider, (int)response.StatusCode, message, overflow, response.Headers);
        }

        // Waiting minutes inside a call looks like a hang, so a long Retry-After fails at once; the
        // message says how long the provider asked for, which the user needs to decide what to do.
        private ModelException WaitTooLong(ModelException failure, TimeSpan delay) =>
            new(failure.ErrorId, failure.Kind,
                ErrorText.Of($"{failure.Text} The provider asked to wait {Seconds(delay)} s before retrying, longer than the {Seconds(_settings.MaxRetryAfter)} s this client waits."),
                failure.StatusCode, failure)
            {
                IsRetryable = failure.IsRetryable,
                RetryAfter = failure.RetryAfter,
                Recommendation = ErrorText.Plain($"Try again in {Seconds(delay)} s."),
            };

        private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

        // Error bodies are read whole but bounded: a gateway's HTML page is fine, an endless one is not.
        private async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            try
            {
                var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                using var bounded = new BoundedReadStream(stream, 1024 * 1024, _settings.Timeout);
                using var reader = new StreamReader(bounded, Encoding.UTF8);
                return await reader.ReadToEndAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or StrandsException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                return $"(error body unreadable: {ex.Message})";
            }
        }

        /// <summary>Exponential backoff with jitter (0.5 s doubling, at most 8 s), unless the server said how long to wait.</summary>
        internal static TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
        {
            if (retryAfter is TimeSpan wait) return wait;
            var baseMs = Math.Min(8000, 500 * Math.Pow(2, attempt));
            double jitter;
            lock (Jitter) jitter = Jitter.NextDouble();
            return TimeSpan.FromMilliseconds(baseMs * (0.75 + 0.25 * jitter));
        }

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex;
        }
    }

    /// <summary>A successful provider response whose body is bounded in size and idle time.</summary>
    public sealed class ModelHttpResponse : IDisposable
    {
        internal ModelHttpResponse(HttpResponseMessage message, Stream body)
        {
            Message = message;
            Body = body;
        }

        /// <summary>Status and headers.</summary>
        public HttpResponseMessage Message { get; }

        /// <summary>The body, wrapped by <see cref="BoundedReadStream"/>.</summary>
        public Stream Body { get; }

        /// <summary>Releases the body and the connection.</summary>
        public void Dispose()
        {
            Body.Dispose();
            Message.Dispose();
        }
    }
}
