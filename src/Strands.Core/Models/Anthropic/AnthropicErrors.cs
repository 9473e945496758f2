using System.Text;
using System.Text.Json;
using Strands.Models.Http;
using Strands.Types;
using static Strands.Models.WireJson;

namespace Strands.Models.Anthropic
{
    /// <summary>
    /// Maps Anthropic failures — an HTTP error body, or an <c>error</c> event after a 200 —
    /// to the shared ErrorIds. Both carry <c>{"type":"error","error":{"type","message"}}</c>.
    /// </summary>
    internal static class AnthropicErrors
    {
        /// <summary>For <c>ModelHttpClient.SendAsync</c>: the message of an error body and whether it reports an overflow.</summary>
        public static (string Message, bool IsContextOverflow) Describe(int status, string body)
        {
            string message = body;
            try
            {
                var bytes = Encoding.UTF8.GetBytes(body);
                var r = new Utf8JsonReader(bytes);
                if (TryReadErrorBody(ref r, out var type, out var text)) message = Format(type, text);
            }
            catch (JsonException)
            {
                // Not JSON (a gateway's HTML page, plain text): the raw body is the message.
            }
            return (message, IsOverflow(status, message));
        }

        /// <summary>The error for an <c>error</c> event in a stream, typed by its <c>error.type</c>.</summary>
        public static ModelException FromStreamError(string provider, string? type, string? message)
        {
            var status = StatusOf(type);
            var text = Format(type, message);
            return ProviderErrors.FromStatus(provider, status, text, IsOverflow(status, text), null);
        }

        /// <summary>The HTTP status Anthropic documents for each error type (api_error and unknown types count as 500).</summary>
        public static int StatusOf(string? type) => type switch
        {
            "invalid_request_error" => 400,
            "authentication_error" => 401,
            "billing_error" => 402,
            "permission_error" => 403,
            "not_found_error" => 404,
            "request_too_large" => 413,
            "rate_limit_error" => 429,
            "timeout_error" => 504,
            "overloaded_error" => 529,
            _ => 500,
        };

        /// <summary>Reads <c>error.type</c> and <c>error.message</c> from an object that has not been entered yet.</summary>
        public static bool TryReadErrorBody(ref Utf8JsonReader r, out string? type, out string? message)
        {
            type = message = null;
            if (Next(ref r) != JsonTokenType.StartObject) return false;
            var found = false;
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("error"))
                {
                    found = true;
                    ReadErrorObject(ref r, out type, out message);
                }
                else SkipValue(ref r);
            }
            return found;
        }

        /// <summary>Reads the inner <c>{"type","message"}</c> object (the value after an <c>error</c> property).</summary>
        public static void ReadErrorObject(ref Utf8JsonReader r, out string? type, out string? message)
        {
            type = message = null;
            Next(ref r);
            if (r.TokenType == JsonTokenType.String) { message = r.GetString(); return; }
            if (r.TokenType != JsonTokenType.StartObject) { if (r.TokenType == JsonTokenType.StartArray) r.Skip(); return; }
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("type")) type = ReadString(ref r);
                else if (r.ValueTextEquals("message")) message = ReadString(ref r);
                else SkipValue(ref r);
            }
        }

        private static string Format(string? type, string? message) =>
            type is null ? message ?? "(no message)" : $"{type}: {message ?? "(no message)"}";

        // Only a rejected request can mean "prompt is too long": a 429's "too many tokens" is a
        // rate limit, and retrying it after trimming the conversation would be wrong.
        private static bool IsOverflow(int status, string message) =>
            (status == 400 || status == 413) && ProviderErrors.LooksLikeContextOverflow(message);
    }
}
