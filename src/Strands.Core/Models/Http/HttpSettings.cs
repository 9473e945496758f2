using System;
using System.Collections.Generic;
using System.Net.Http;

namespace Strands.Models.Http
{
    /// <summary>Transport settings of one model: timeouts, retries, bounds, extra headers.</summary>
    public sealed record HttpSettings
    {
        /// <summary>Time allowed for the response headers, and for each read of the body (LiteLLM's <c>timeout</c>, default 600 s).</summary>
        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(600);

        /// <summary>Retries after the first attempt for 408/409/429/5xx and connection failures (LiteLLM's <c>num_retries</c>).</summary>
        public int MaxRetries { get; init; } = 3;

        /// <summary>Longest wait a server may request with its Retry-After header that we honour; a longer one fails at once with the wait in the message.</summary>
        public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

        /// <summary>Upper bound of a response body, so a runaway provider cannot exhaust memory.</summary>
        public long MaxResponseBytes { get; init; } = 64L * 1024 * 1024;

        /// <summary>Headers added to every request (after the provider's own, which they may override).</summary>
        public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

        /// <summary>
        /// Replaces the shared network handler (record/replay, tests). Null uses the process-wide
        /// pooled handler so every model reuses connections.
        /// </summary>
        public HttpMessageHandler? Handler { get; init; }
    }
}
