using System;
using System.Text;
using System.Text.Json;

namespace Strands.Models.Anthropic
{
    /// <summary>
    /// Anthropic's raw-value reading on top of <see cref="WireJson"/>: a tool's input is kept as
    /// sent, and the <c>{}</c> every streamed tool_use starts with costs no allocation.
    /// </summary>
    internal static class AnthropicJson
    {
        public const string EmptyObject = "{}";

        /// <summary>
        /// The next value's JSON text, sliced from <paramref name="json"/> (the span the reader was
        /// built over) so a tool's input is kept as sent without building a document.
        /// </summary>
        public static string ReadRaw(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
        {
            WireJson.Next(ref r);
            var start = (int)r.TokenStartIndex;
            if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
            var raw = json.Slice(start, (int)r.BytesConsumed - start);
            // Every streamed tool_use starts with "input": {}; no need to allocate for it.
            if (raw.Length == 2 && raw[0] == (byte)'{' && raw[1] == (byte)'}') return EmptyObject;
            return Encoding.UTF8.GetString(raw.ToArray());
        }
    }
}
