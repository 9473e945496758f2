using System;
using System.Globalization;
using System.Linq;
using System.Net.Http.Headers;
using Strands.Types;

namespace Strands.Models.Http
{
    /// <summary>Maps an HTTP failure to the stable ErrorIds every provider shares.</summary>
    public static class ProviderErrors
    {
        /// <summary>
        /// The error for a non-success status. Providers extract <paramref name="providerMessage"/>
        /// from their own error body and say whether it reports a context-window overflow.
        /// </summary>
        public static ModelException FromStatus(string provider, int status, string providerMessage, bool isContextOverflow, HttpResponseHeaders? headers)
        {
            var detail = $"{provider} returned HTTP {status}: {Trim(providerMessage)}";
            if (isContextOverflow) return new ContextWindowOverflowException(detail, status);
            var retryAfter = ReadRetryAfter(headers);
            return status switch
            {
                401 or 403 => new ModelException(ErrorIds.AuthenticationFailed, ErrorKind.Authentication, detail, status)
                { Recommendation = ErrorText.Of($"Check the API key ({Setting.ApiKey} or the provider's environment variable) and its permissions.") },
                404 => new ModelException(ErrorIds.ModelNotFound, ErrorKind.NotFound, detail, status)
                { Recommendation = ErrorText.Of($"Check the model id and {Setting.ApiBase}.") },
                429 => new ModelException(ErrorIds.ModelThrottled, ErrorKind.LimitExceeded, detail, status) { IsRetryable = true, RetryAfter = retryAfter },
                408 => new ModelException(ErrorIds.Timeout, ErrorKind.Timeout, detail, status) { IsRetryable = true, RetryAfter = retryAfter },
                409 => new ModelException(ErrorIds.ProviderError, ErrorKind.Busy, detail, status) { IsRetryable = true, RetryAfter = retryAfter },
                529 => new ModelException(ErrorIds.ModelThrottled, ErrorKind.LimitExceeded, detail, status) { IsRetryable = true, RetryAfter = retryAfter },
                >= 500 => new ModelException(ErrorIds.ProviderError, ErrorKind.Unavailable, detail, status) { IsRetryable = true, RetryAfter = retryAfter },
                _ => new ModelException(ErrorIds.InvalidRequest, ErrorKind.InvalidArgument, detail, status),
            };
        }

        /// <summary>Texts providers use for "prompt too long", across OpenAI, LiteLLM, Anthropic, Bedrock, Gemini and Ollama.</summary>
        public static bool LooksLikeContextOverflow(string message)
        {
            if (string.IsNullOrEmpty(message)) return false;
            return OverflowMarkers.Any(m => message.IndexOf(m, StringComparison.OrdinalIgnoreCase) >= 0);
        }

        private static readonly string[] OverflowMarkers =
        {
            "context_length_exceeded", "ContextWindowExceededError", "maximum context length",
            "Input is too long for requested model", "input length and `max_tokens` exceed context limit",
            "too many total text bytes", "prompt is too long", "input is too long",
            "exceeds the maximum number of tokens", "context window", "too many tokens",
        };

        /// <summary>Reads <c>retry-after-ms</c>, then <c>Retry-After</c> (seconds or an HTTP date).</summary>
        public static TimeSpan? ReadRetryAfter(HttpResponseHeaders? headers)
        {
            if (headers is null) return null;
            if (headers.TryGetValues("retry-after-ms", out var ms)
                && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
                return TimeSpan.FromMilliseconds(millis);
            var retryAfter = headers.RetryAfter;
            if (retryAfter?.Delta is TimeSpan delta) return delta;
            if (retryAfter?.Date is DateTimeOffset date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

        // Provider messages can be whole HTML pages (502 from a gateway); keep errors readable.
        private static string Trim(string message)
        {
            message = (message ?? string.Empty).Trim();
            if (message.Length == 0) return "(empty body)";
            if (message.StartsWith("<", StringComparison.Ordinal)) return "(HTML error page) " + Shorten(StripTags(message));
            return Shorten(message);
        }

        private static string Shorten(string s) => s.Length <= 600 ? s : s.Substring(0, 600) + "…";

        private static string StripTags(string html)
        {
            var sb = new System.Text.StringBuilder(html.Length);
            var inTag = false;
            foreach (var c in html)
            {
                if (c == '<') inTag = true;
                else if (c == '>') { inTag = false; sb.Append(' '); }
                else if (!inTag) sb.Append(c);
            }
            return System.Text.RegularExpressions.Regex.Replace(sb.ToString(), @"\s+", " ").Trim();
        }
    }
}
