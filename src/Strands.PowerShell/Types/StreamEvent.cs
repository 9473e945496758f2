using Strands.Types;

namespace Strands.PowerShell
{
    /// <summary>One event of a streamed invocation (Strands.StreamEvent), written with -Stream.</summary>
    public sealed class StreamEvent
    {
        internal StreamEvent(string type) => Type = type;

        /// <summary>TextDelta, ToolUse, ToolResult or Metadata.</summary>
        public string Type { get; }
        /// <summary>Text piece (TextDelta) or result text (ToolResult).</summary>
        public string? Text { get; init; }
        /// <summary>Tool name (ToolUse, ToolResult).</summary>
        public string? ToolName { get; init; }
        /// <summary>Tool call id (ToolUse, ToolResult).</summary>
        public string? ToolUseId { get; init; }
        /// <summary>Tool arguments as JSON (ToolUse).</summary>
        public string? Input { get; init; }
        /// <summary>success or error (ToolResult).</summary>
        public string? Status { get; init; }
        /// <summary>Tokens of the model call (Metadata).</summary>
        public Usage? Usage { get; init; }

        /// <summary>The text, or a short description.</summary>
        public override string ToString() => Text ?? $"{Type} {ToolName}";
    }
}
