using System.Collections.Generic;
using System.Linq;
using Strands.Agent;
using Strands.Telemetry;
using Strands.Types;

namespace Strands.PowerShell
{
    /// <summary>What one Invoke-StrandsAgent call produced (Strands.AgentResult). <c>"$result"</c> is the answer text.</summary>
    public sealed class StrandsAgentResult
    {
        internal StrandsAgentResult(StrandsAgent agent, AgentResult result)
        {
            Agent = agent;
            Text = result.Text;
            StopReason = result.StopReason.ToWireName();
            Message = result.Message;
            Metrics = result.Metrics;
            Usage = new StrandsUsage(agent.Name, agent.Model.ModelId, result.Metrics);
            ToolCalls = result.ToolCalls.ToArray();
        }

        /// <summary>The answer text.</summary>
        public string Text { get; }
        /// <summary>Why the model stopped: end_turn, tool_use, max_tokens, stop_sequence, guardrail_intervened, content_filtered.</summary>
        public string StopReason { get; }
        /// <summary>The final assistant message.</summary>
        public Message Message { get; }
        /// <summary>Tokens, cycles, tool calls, latency and cost of this call.</summary>
        public StrandsUsage Usage { get; }
        /// <summary>Detailed metrics: per model call and per tool.</summary>
        public InvocationMetrics Metrics { get; }
        /// <summary>Every tool call, in order.</summary>
        public IReadOnlyList<ToolCallRecord> ToolCalls { get; }
        /// <summary>The agent that answered (lets results pipe into Get-StrandsUsage).</summary>
        public StrandsAgent Agent { get; }

        /// <summary>The answer text.</summary>
        public override string ToString() => Text;
    }
}
