using Strands.Agent;
using Strands.Types;

namespace Strands.PowerShell
{
    /// <summary>One tool call of an invocation (Strands.ToolCall): what the model asked for and what it got back.</summary>
    public sealed class StrandsToolCall
    {
        internal StrandsToolCall(ToolCallRecord record)
        {
            ToolUseId = record.ToolUseId;
            Name = record.Name;
            Input = record.Input.ValueKind == System.Text.Json.JsonValueKind.Undefined ? "{}" : record.Input.GetRawText();
            Status = record.Status == ToolResultStatus.Error ? "error" : "success";
            Result = record.Result;
            DurationMs = (long)record.Duration.TotalMilliseconds;
        }

        /// <summary>The model's id of the call.</summary>
        public string ToolUseId { get; }
        /// <summary>Tool name.</summary>
        public string Name { get; }
        /// <summary>The arguments as the model sent them (JSON).</summary>
        public string Input { get; }
        /// <summary>success or error.</summary>
        public string Status { get; }
        /// <summary>The result text sent back to the model.</summary>
        public string Result { get; }
        /// <summary>How long the tool ran, in milliseconds.</summary>
        public long DurationMs { get; }

        /// <summary>"name (status): result".</summary>
        public override string ToString() => $"{Name} ({Status}): {Result}";
    }
}
