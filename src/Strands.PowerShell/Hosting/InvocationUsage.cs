using Strands.Agent;

namespace Strands.PowerShell.Hosting
{
    /// <summary>
    /// Books a finished invocation's usage: the session's per-model rows get it, and agents used as
    /// tools, which report their model calls to the running call's context, roll into the caller's
    /// result and accumulated usage (tokens, cost, model calls; not cycles) and show in the session
    /// rows under the sub-agent's model.
    /// </summary>
    internal static class InvocationUsage
    {
        /// <summary>Called on the pipeline thread once the invocation has its result.</summary>
        public static void Record(StrandsAgent agent, InvocationContext context, AgentResult result)
        {
            var session = SessionUsage.For(System.Management.Automation.Runspaces.Runspace.DefaultRunspace);
            session.Add(agent.Model, result.Metrics);
            foreach (var (modelId, metrics) in context.Nested)
            {
                result.Metrics.AddNested(metrics);
                lock (agent.Core.AccumulatedMetrics) agent.Core.AccumulatedMetrics.AddNested(metrics);
                session.Add(modelId, metrics);
            }
        }
    }
}
