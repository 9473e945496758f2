using System;
using System.Text;
using System.Text.Json;

namespace Strands.Models.Anthropic
{
    /// <summary>
    /// Forward-only reading helpers shared by the Anthropic parsers. Each consumes exactly one value
    /// and tolerates a different type than expected (skipping it), because Anthropic adds fields
    /// and block kinds faster than clients learn them.
    /// </summary>
    internal static class AnthropicJson
    {
        public const string EmptyObject = "{}";

        public static JsonTokenType Next(ref Utf8JsonReader r)
        {
            if (!r.Read()) throw new JsonException("Unexpected end of JSON.");
            return r.TokenType;
        }

        public static void SkipValue(ref Utf8JsonReader r)
        {
            Next(ref r);
            if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
        }

        public static string? ReadString(ref Utf8JsonReader r)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.String) return r.GetString();
            if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
            return null;
        }

        public static long ReadLong(ref Utf8JsonReader r)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.Number && r.TryGetInt64(out var value)) return value;
            if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
            return 0;
        }

        /// <summary>
        /// The next value's JSON text, sliced from <paramref name="json"/> (the span the reader was
        /// built over) so a tool's input is kept as sent without building a document.
        /// </summary>
        public static string ReadRaw(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
        {
            Next(ref r);
            var start = (int)r.TokenStartIndex;
            if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
            var raw = json.Slice(start, (int)r.BytesConsumed - start);
            // Every streamed tool_use starts with "input": {}; no need to allocate for it.
            if (raw.Length == 2 && raw[0] == (byte)'{' && raw[1] == (byte)'}') return EmptyObject;
            return Encoding.UTF8.GetString(raw.ToArray());
        }
    }
}
