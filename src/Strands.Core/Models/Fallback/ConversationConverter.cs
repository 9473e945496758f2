using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using Strands.Types;

namespace Strands.Models.Fallback
{
    /// <summary>
    /// Makes a conversation one provider produced acceptable to another, for a fallback: reasoning
    /// blocks are dropped (their signatures only verify with the provider that made them, and their
    /// redacted content is opaque to any other), as are Gemini's thought signatures on tool calls; and
    /// tool-use ids become ids every provider accepts (<c>[a-zA-Z0-9_-]</c>, at most 40 characters),
    /// the same way for a call and its result. Messages that need no change are kept as they are.
    /// </summary>
    internal static class ConversationConverter
    {
        private const int MaxIdLength = 40;

        public static IReadOnlyList<Message> ForAnotherProvider(IReadOnlyList<Message> messages)
        {
            var converted = new Message[messages.Count];
            for (var i = 0; i < messages.Count; i++) converted[i] = Convert(messages[i]);
            return converted;
        }

        private static Message Convert(Message message)
        {
            var changed = false;
            var blocks = new List<ContentBlock>(message.Content.Count);
            string? droppedReasoning = null;
            foreach (var block in message.Content)
            {
                switch (block)
                {
                    case ReasoningBlock reasoning:
                        droppedReasoning ??= reasoning.Text;
                        changed = true;
                        break;
                    case ToolUseBlock use when use.ReasoningSignature != null || !IsPortable(use.ToolUseId):
                        blocks.Add(use with { ToolUseId = PortableId(use.ToolUseId), ReasoningSignature = null });
                        changed = true;
                        break;
                    case ToolResultBlock result when !IsPortable(result.ToolUseId):
                        blocks.Add(result with { ToolUseId = PortableId(result.ToolUseId) });
                        changed = true;
                        break;
                    default:
                        blocks.Add(block);
                        break;
                }
            }
            if (!changed) return message;
            // A turn that was only reasoning keeps its text, so no provider sees an empty message.
            if (blocks.Count == 0) blocks.Add(new TextBlock(string.IsNullOrWhiteSpace(droppedReasoning) ? "[blank text]" : droppedReasoning!));
            return message with { Content = blocks.ToArray() };
        }

        private static bool IsPortable(string id)
        {
            if (id.Length == 0 || id.Length > MaxIdLength) return false;
            foreach (var c in id)
            {
                if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-')) return false;
            }
            return true;
        }

        // Deterministic, so a call and its result map to the same id; a hash suffix keeps two long ids
        // that share a prefix apart.
        internal static string PortableId(string id)
        {
            if (IsPortable(id)) return id;
            var sb = new StringBuilder(MaxIdLength);
            foreach (var c in id)
            {
                if (sb.Length == MaxIdLength - 9) break;
                sb.Append(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-' ? c : '_');
            }
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(id));
            sb.Append('_');
            for (var i = 0; i < 4; i++) sb.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
