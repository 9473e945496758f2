using System;
using System.Text.Json;
using static Strands.Models.Anthropic.AnthropicJson;
using static Strands.Models.WireJson;

namespace Strands.Models.Anthropic
{
    /// <summary>The content block kinds we map; everything else is skipped.</summary>
    internal enum AnthropicBlockKind
    {
        /// <summary>
        /// A block we do not represent: server_tool_use and its *_tool_result (Anthropic runs those
        /// tools itself, so the agent must not), compaction, container uploads, newer kinds.
        /// </summary>
        Unknown,
        Text,
        Thinking,
        RedactedThinking,
        ToolUse,
    }

    /// <summary>
    /// The fields of one content block — an element of a response's <c>content</c> or a stream's
    /// <c>content_block_start.content_block</c>. Unknown fields (<c>caller</c>, <c>citations</c>) are skipped.
    /// </summary>
    internal struct AnthropicContentBlock
    {
        public AnthropicBlockKind Kind;
        public string? Text;
        public string? Thinking;
        public string? Signature;
        public string? Data;
        public string? Id;
        public string? Name;
        /// <summary>The tool input's JSON text as sent.</summary>
        public string? Input;

        /// <summary>Reads a block object that has not been entered yet.</summary>
        public static AnthropicContentBlock Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
        {
            var block = new AnthropicContentBlock();
            if (Next(ref r) != JsonTokenType.StartObject)
            {
                if (r.TokenType == JsonTokenType.StartArray) r.Skip();
                return block;
            }
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("type")) block.Kind = ReadKind(ref r);
                else if (r.ValueTextEquals("text")) block.Text = ReadString(ref r);
                else if (r.ValueTextEquals("thinking")) block.Thinking = ReadString(ref r);
                else if (r.ValueTextEquals("signature")) block.Signature = ReadString(ref r);
                else if (r.ValueTextEquals("data")) block.Data = ReadString(ref r);
                else if (r.ValueTextEquals("id")) block.Id = ReadString(ref r);
                else if (r.ValueTextEquals("name")) block.Name = ReadString(ref r);
                else if (r.ValueTextEquals("input")) block.Input = ReadRaw(ref r, json);
                else SkipValue(ref r);
            }
            return block;
        }

        private static AnthropicBlockKind ReadKind(ref Utf8JsonReader r)
        {
            Next(ref r);
            if (r.TokenType != JsonTokenType.String)
            {
                if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
                return AnthropicBlockKind.Unknown;
            }
            if (r.ValueTextEquals("text")) return AnthropicBlockKind.Text;
            if (r.ValueTextEquals("tool_use")) return AnthropicBlockKind.ToolUse;
            if (r.ValueTextEquals("thinking")) return AnthropicBlockKind.Thinking;
            if (r.ValueTextEquals("redacted_thinking")) return AnthropicBlockKind.RedactedThinking;
            return AnthropicBlockKind.Unknown;
        }
    }
}
