using System.Collections.Generic;
using System.Text.Json;
using Strands.Telemetry;
using Strands.Types;

namespace Strands.Agent
{
    /// <summary>What one invocation produced.</summary>
    public sealed class AgentResult
    {
        internal AgentResult(StopReason stopReason, Message message, InvocationMetrics metrics, IReadOnlyList<ToolCallRecord> toolCalls, JsonElement? structuredOutput)
        {
            StopReason = stopReason;
            Message = message;
            Metrics = metrics;
            ToolCalls = toolCalls;
            StructuredOutput = structuredOutput;
        }

        /// <summary>Why the last cycle stopped.</summary>
        public StopReason StopReason { get; }
        /// <summary>The final assistant message.</summary>
        public Message Message { get; }
        /// <summary>The final message's text (all text blocks).</summary>
        public string Text => Message.Text;
        /// <summary>Metrics of this invocation.</summary>
        public InvocationMetrics Metrics { get; }
        /// <summary>Tokens of this invocation.</summary>
        public Usage Usage => Metrics.Usage;
        /// <summary>Every tool call made, in order.</summary>
        public IReadOnlyList<ToolCallRecord> ToolCalls { get; }
        /// <summary>The validated structured output, when one was asked for.</summary>
        public JsonElement? StructuredOutput { get; }

        /// <summary>The structured output's JSON, else the text.</summary>
        public override string ToString() => StructuredOutput?.GetRawText() ?? Text;
    }
}
