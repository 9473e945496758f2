using System;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Strands.Models.Http;
using Strands.Types;

namespace Strands.Models.Gemini
{
    /// <summary>Maps Google's <c>{"error":{"code","message","status"}}</c> bodies to the shared ErrorIds.</summary>
    internal static class GeminiErrors
    {
        /// <summary>
        /// The error for one report. AI Studio answers a bad key with 400 INVALID_ARGUMENT
        /// ("API key not valid"), which by status alone would read as a malformed request.
        /// </summary>
        public static ModelException Create(string provider, int code, string message, string? status, HttpResponseHeaders? headers)
        {
            var text = status is null ? message : status + ": " + message;
            if (code == 400 && IsBadKey(text)) return BadKey($"{provider} returned HTTP 400: {text}");
            return ProviderErrors.FromStatus(provider, code, text, ProviderErrors.LooksLikeContextOverflow(message), headers);
        }

        /// <summary>An authentication failure carrying <paramref name="detail"/> as its message.</summary>
        public static ModelException BadKey(string detail) =>
            new(ErrorIds.AuthenticationFailed, ErrorKind.Authentication, detail, 400)
            { Recommendation = ErrorText.Of($"Check the API key ({Setting.ApiKey}, GOOGLE_API_KEY or GEMINI_API_KEY).") };

        /// <summary>Whether an error already mapped by <see cref="ModelHttpClient"/> is really a bad key.</summary>
        public static bool IsBadKey(ModelException error) => error.StatusCode == 400 && IsBadKey(error.Message);

        /// <summary>The message and overflow flag of an HTTP error body, for <see cref="ModelHttpClient"/>.</summary>
        public static (string Message, bool IsContextOverflow) Describe(int httpStatus, string body)
        {
            try
            {
                var bytes = Encoding.UTF8.GetBytes(body);
                var r = new Utf8JsonReader(bytes, WireJson.ReaderOptions);
                // Google wraps streamed errors in an array on some endpoints; accept both shapes.
                WireJson.Next(ref r);
                if (r.TokenType == JsonTokenType.StartArray) WireJson.Next(ref r);
                if (r.TokenType != JsonTokenType.StartObject) return (body, ProviderErrors.LooksLikeContextOverflow(body));
                while (WireJson.Next(ref r) == JsonTokenType.PropertyName)
                {
                    if (!r.ValueTextEquals("error")) { WireJson.SkipValue(ref r); continue; }
                    var (_, message, status) = GeminiStreamParser.ReadErrorFields(ref r);
                    return (status is null ? message : status + ": " + message, ProviderErrors.LooksLikeContextOverflow(message));
                }
            }
            catch (JsonException)
            {
                // Not JSON (an HTML gateway page, plain text): the raw body is the message.
            }
            return (body, ProviderErrors.LooksLikeContextOverflow(body));
        }

        private static bool IsBadKey(string text) =>
            text.IndexOf("API key not valid", StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf("API_KEY_INVALID", StringComparison.Ordinal) >= 0;
    }
}
