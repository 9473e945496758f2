using System.Linq;
using Strands.Agent;
using Strands.Types;

namespace Strands.PowerShell
{
    /// <summary>
    /// What one Invoke-StrandsAgent call produced (Strands.AgentResult). <c>"$result"</c> is the answer
    /// text. Every property is a value or a small object of values (no core types, no reference back
    /// to the agent), so Format-List *, Export-Csv and ConvertTo-Json at its default depth show it whole.
    /// </summary>
    public sealed class StrandsAgentResult
    {
        internal StrandsAgentResult(StrandsAgent agent, AgentResult result, Budget? budget = null)
        {
            Agent = agent.Name;
            Text = result.Text;
            StopReason = result.StopReason.ToWireName();
            Message = StrandsMessage.From(new[] { result.Message })[0];
            var last = result.Metrics.ModelCalls.Count > 0 ? result.Metrics.ModelCalls[result.Metrics.ModelCalls.Count - 1] : null;
            Model = last != null ? agent.Model.ModelIdOf(last.Provider, last.Model) : agent.Model.ModelId;
            Fallbacks = result.Metrics.ModelCalls.SelectMany(c => c.Fallbacks).Select(f => new StrandsFallback(f)).ToArray();
            Usage = new StrandsUsage(StrandsUsage.InvocationScope, agent.Name, Model, result.Metrics, budget);
            ToolCalls = result.ToolCalls.Select(c => new StrandsToolCall(c)).ToArray();
        }

        /// <summary>The answer text.</summary>
        public string Text { get; }
        /// <summary>Why the model stopped: end_turn, tool_use, max_tokens, stop_sequence, guardrail_intervened, content_filtered.</summary>
        public string StopReason { get; }
        /// <summary>The final assistant message.</summary>
        public StrandsMessage Message { get; }
        /// <summary>Tokens, cycles, tool calls, latency and cost of this call alone (Scope: invocation).</summary>
        public StrandsUsage Usage { get; }
        /// <summary>Every tool call, in order.</summary>
        public StrandsToolCall[] ToolCalls { get; }
        /// <summary>The model id that gave the answer: the agent's model, or the fallback that answered its last call.</summary>
        public string Model { get; }
        /// <summary>Every fallback a model call took in this invocation, in order (empty when the first model always answered).</summary>
        public StrandsFallback[] Fallbacks { get; }
        /// <summary>The name of the agent that answered.</summary>
        public string Agent { get; }

        /// <summary>The answer text.</summary>
        public override string ToString() => Text;
    }
}
