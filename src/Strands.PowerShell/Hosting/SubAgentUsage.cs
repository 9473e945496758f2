using Strands.Agent;
using Strands.Telemetry;

namespace Strands.PowerShell.Hosting
{
    /// <summary>
    /// Agents used as tools report their model calls to the running call's context: the caller's
    /// result and accumulated usage include them (tokens, cost, model calls; not cycles), and the
    /// session's per-model rows show them under the sub-agent's model.
    /// </summary>
    internal static class SubAgentUsage
    {
        public static void RollUp(StrandsAgent agent, InvocationContext context, AgentResult result, SessionUsage session)
        {
            foreach (var (modelId, metrics) in context.Nested)
            {
                result.Metrics.AddNested(metrics);
                lock (agent.Core.AccumulatedMetrics) agent.Core.AccumulatedMetrics.AddNested(metrics);
                session.Add(modelId, metrics);
            }
        }
    }
}
