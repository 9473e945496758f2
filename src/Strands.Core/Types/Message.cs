using System.Collections.Generic;
using System.Linq;

namespace Strands.Types
{
    /// <summary>One immutable conversation message.</summary>
    public sealed record Message(Role Role, IReadOnlyList<ContentBlock> Content)
    {
        /// <summary>A user message holding one text block.</summary>
        public static Message UserText(string text) => new(Role.User, new ContentBlock[] { new TextBlock(text) });

        /// <summary>All text blocks, concatenated.</summary>
        public string Text => Content.Count == 1 && Content[0] is TextBlock only ? only.Text : string.Concat(Content.OfType<TextBlock>().Select(b => b.Text));

        /// <summary>The tool calls this message asks for, in order.</summary>
        public IEnumerable<ToolUseBlock> ToolUses => Content.OfType<ToolUseBlock>();

        /// <summary>The tool results this message carries, in order.</summary>
        public IEnumerable<ToolResultBlock> ToolResults => Content.OfType<ToolResultBlock>();
    }
}
