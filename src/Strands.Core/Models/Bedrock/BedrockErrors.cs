using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using Strands.Models.Http;
using Strands.Types;

namespace Strands.Models.Bedrock
{
    /// <summary>
    /// Maps Bedrock failures to our errors: HTTP errors named by the <c>x-amzn-ErrorType</c> header,
    /// and exception frames inside a ConverseStream (which arrive after a 200).
    /// </summary>
    internal static class BedrockErrors
    {
        private const string Provider = "bedrock";

        /// <summary>The error for a non-success response; the error type wins over the status when both are known.</summary>
        public static ModelException FromResponse(HttpResponseMessage response, string body)
        {
            var status = (int)response.StatusCode;
            var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? ShortType(values.FirstOrDefault()) : null;
            var message = ReadMessage(body) ?? body;
            var detail = type is null ? message : $"{type}: {message}";
            var overflow = status is 400 or 413 && ProviderErrors.LooksLikeContextOverflow(message);

            switch (Normalize(type))
            {
                case "throttlingexception":
                case "modelnotreadyexception":
                    // Bedrock's throttling text ("Too many tokens, please wait") reads like an overflow; it is not one.
                    return ProviderErrors.FromStatus(Provider, 429, detail, false, response.Headers);
                case "accessdeniedexception":
                case "unrecognizedclientexception":
                case "invalidsignatureexception":
                case "expiredtokenexception":
                case "signaturedoesnotmatch":
                    return ProviderErrors.FromStatus(Provider, status is 401 or 403 ? status : 403, detail, false, response.Headers);
                case "resourcenotfoundexception":
                    return ProviderErrors.FromStatus(Provider, 404, detail, false, response.Headers);
                case "validationexception":
                    return IsInvalidModelId(message) ? ModelNotFound(status, detail) : ProviderErrors.FromStatus(Provider, 400, detail, overflow, response.Headers);
                case "serviceunavailableexception":
                case "internalserverexception":
                    return ProviderErrors.FromStatus(Provider, status >= 500 ? status : 503, detail, false, response.Headers);
            }

            // Without the header (stripped by a proxy or a recorder) the status and message decide.
            if (status == 400 && IsInvalidModelId(message)) return ModelNotFound(status, detail);
            return ProviderErrors.FromStatus(Provider, status, detail, overflow, response.Headers);
        }

        /// <summary>
        /// The error for a <c>:message-type exception</c> frame (payload <c>{"message": ...}</c>) or an
        /// <c>error</c> frame (its <c>:error-code</c> and <c>:error-message</c> headers).
        /// </summary>
        public static ModelException FromStreamFrame(string? exceptionType, ReadOnlySpan<byte> payload, string? headerMessage)
        {
            var message = ReadMessage(payload) ?? headerMessage ?? "(no message)";
            var original = ReadString(payload, "originalMessage");
            if (!string.IsNullOrEmpty(original) && original != message) message += " (" + original + ")";
            var type = exceptionType ?? "error";
            var detail = $"{Provider} stream failed with {type}: {message}";

            switch (Normalize(type))
            {
                case "throttlingexception":
                    return new ModelException(ErrorIds.ModelThrottled, ErrorKind.LimitExceeded, detail, 429) { IsRetryable = true };
                case "validationexception":
                    return ProviderErrors.LooksLikeContextOverflow(message)
                        ? new ContextWindowOverflowException(detail, 400)
                        : new ModelException(ErrorIds.InvalidRequest, ErrorKind.InvalidArgument, detail, 400);
                default:
                    // modelStreamErrorException, internalServerException, serviceUnavailableException and
                    // anything newer: the service or the model failed mid-answer, so a new call may work.
                    if (ProviderErrors.LooksLikeContextOverflow(message)) return new ContextWindowOverflowException(detail);
                    return new ModelException(ErrorIds.ProviderError, ErrorKind.Unavailable, detail) { IsRetryable = true };
            }
        }

        // "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/" → "ThrottlingException".
        private static string? ShortType(string? header)
        {
            if (string.IsNullOrWhiteSpace(header)) return null;
            var colon = header!.IndexOf(':');
            return (colon < 0 ? header : header.Substring(0, colon)).Trim();
        }

        private static string? Normalize(string? type) => type?.ToLowerInvariant();

        private static bool IsInvalidModelId(string message) =>
            message.IndexOf("model identifier is invalid", StringComparison.OrdinalIgnoreCase) >= 0;

        private static ModelException ModelNotFound(int status, string detail) =>
            new(ErrorIds.ModelNotFound, ErrorKind.NotFound, $"{Provider} returned HTTP {status}: {detail}", status)
            {
                Recommendation = ErrorText.Plain("Check the model id (cross-region ids start with us., eu. or apac.) and that the model is enabled in this region."),
            };

        private static string? ReadMessage(string body) => ReadMessage(System.Text.Encoding.UTF8.GetBytes(body));

        // AWS JSON errors spell it "message" or "Message" depending on the service generation.
        private static string? ReadMessage(ReadOnlySpan<byte> json) => ReadString(json, "message") ?? ReadString(json, "Message");

        private static string? ReadString(ReadOnlySpan<byte> json, string property)
        {
            try
            {
                var r = new Utf8JsonReader(json);
                if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return null;
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    var match = r.ValueTextEquals(property);
                    r.Read();
                    if (match && r.TokenType == JsonTokenType.String) return r.GetString();
                    r.Skip();
                }
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page): the caller falls back to the raw text.
            }
            return null;
        }
    }
}
