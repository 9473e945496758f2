using Strands.Agent;
using Strands.Telemetry;

namespace Strands.PowerShell
{
    /// <summary>
    /// Token usage, cycles, tool calls, latency and cost (Strands.Usage) of one invocation, of one
    /// agent so far, or of one model over the session; <see cref="Scope"/> says which, so rows of
    /// different scopes are not summed by mistake.
    /// </summary>
    public sealed class StrandsUsage
    {
        internal const string InvocationScope = "invocation";
        internal const string AgentScope = "agent";
        internal const string SessionScope = "session";

        /// <summary>
        /// The agent's total so far, copied under its metrics lock (an invocation ending on a pool
        /// thread updates them). Write the row after this returns, never under the lock: writing runs
        /// user code, which may invoke the same agent.
        /// </summary>
        internal static StrandsUsage OfAgent(StrandsAgent agent)
        {
            lock (agent.Core.AccumulatedMetrics) return new StrandsUsage(AgentScope, agent.Name, agent.Model.ModelId, agent.Core.AccumulatedMetrics, agent.Core.Options.Budget);
        }

        internal StrandsUsage(string scope, string? agent, string model, InvocationMetrics metrics, Budget? budget = null)
        {
            Scope = scope;
            Agent = agent;
            Model = model;
            InputTokens = metrics.Usage.InputTokens;
            OutputTokens = metrics.Usage.OutputTokens;
            TotalTokens = metrics.Usage.TotalTokens;
            CacheReadInputTokens = metrics.Usage.CacheReadInputTokens;
            CacheWriteInputTokens = metrics.Usage.CacheWriteInputTokens;
            Invocations = metrics.Invocations;
            Cycles = metrics.Cycles;
            ModelCalls = metrics.ModelCallCount;
            ToolCalls = metrics.ToolCallCount;
            LatencyMs = (long)metrics.Latency.TotalMilliseconds;
            DurationMs = (long)metrics.Duration.TotalMilliseconds;
            EstimatedCostUsd = metrics.CostUsd;
            TokenBudget = budget?.Tokens;
            TokensRemaining = budget?.Tokens is long tokens ? System.Math.Max(0, tokens - TotalTokens) : null;
            CostBudgetUsd = budget?.CostUsd;
            CostRemainingUsd = budget?.CostUsd is decimal cost ? System.Math.Max(0m, cost - (metrics.CostUsd ?? 0m)) : null;
        }

        /// <summary>What the row counts: invocation (one Invoke-StrandsAgent call), agent (all of an agent's calls so far) or session (one model over this runspace).</summary>
        public string Scope { get; }
        /// <summary>Agent name (null for a per-model row).</summary>
        public string? Agent { get; }
        /// <summary>Model id.</summary>
        public string Model { get; }
        /// <summary>All prompt tokens, cached ones included (see about_Strands for the convention).</summary>
        public long InputTokens { get; }
        /// <summary>Generated tokens.</summary>
        public long OutputTokens { get; }
        /// <summary>Input plus output.</summary>
        public long TotalTokens { get; }
        /// <summary>Part of InputTokens read from the provider's prompt cache.</summary>
        public long CacheReadInputTokens { get; }
        /// <summary>Part of InputTokens written to the provider's prompt cache.</summary>
        public long CacheWriteInputTokens { get; }
        /// <summary>Invoke-StrandsAgent calls.</summary>
        public int Invocations { get; }
        /// <summary>Event-loop cycles.</summary>
        public int Cycles { get; }
        /// <summary>Requests sent to the model.</summary>
        public int ModelCalls { get; }
        /// <summary>Tool calls.</summary>
        public int ToolCalls { get; }
        /// <summary>Time spent waiting for the model.</summary>
        public long LatencyMs { get; }
        /// <summary>Wall-clock time of the invocations.</summary>
        public long DurationMs { get; }
        /// <summary>Cost from the proxy's x-litellm-response-cost or LiteLLM's price table; null when the model is not priced.</summary>
        public decimal? EstimatedCostUsd { get; }
        /// <summary>The token budget this row counts against (-TokenBudget of the agent, or of the invocation), or null when none is set.</summary>
        public long? TokenBudget { get; }
        /// <summary>Tokens left before the budget is reached (never below 0), or null when no token budget is set.</summary>
        public long? TokensRemaining { get; }
        /// <summary>The cost budget in USD this row counts against (-CostBudgetUsd), or null when none is set.</summary>
        public decimal? CostBudgetUsd { get; }
        /// <summary>USD left before the cost budget is reached (never below 0), or null when no cost budget is set.</summary>
        public decimal? CostRemainingUsd { get; }

        /// <summary>"N in / N out tokens", the numbers a one-line view needs.</summary>
        public override string ToString() => $"{InputTokens} in / {OutputTokens} out tokens";
    }
}
