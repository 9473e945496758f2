using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using Strands.Telemetry;

namespace Strands.PowerShell.Hosting
{
    /// <summary>
    /// Usage per model over one runspace's session, for Get-StrandsUsage without -Agent. Keyed by
    /// runspace so parallel runspaces (ForEach-Object -Parallel) each see their own session.
    /// </summary>
    internal sealed class SessionUsage
    {
        private static readonly ConditionalWeakTable<Runspace, SessionUsage> ByRunspace = new();
        private readonly Dictionary<string, InvocationMetrics> _byModel = new();

        public static SessionUsage For(Runspace runspace) => ByRunspace.GetValue(runspace, _ => new SessionUsage());

        /// <summary>Adds an invocation of <paramref name="model"/>: calls a fallback answered count under that model's id.</summary>
        public void Add(LiteLlmModel model, InvocationMetrics metrics)
        {
            if (model.FallbackModels.Length == 0)
            {
                Add(model.ModelId, metrics);
                return;
            }
            var (own, others) = metrics.Partition(c => c.Fallbacks.Count == 0);
            Add(model.ModelId, own);
            foreach (var id in others.ModelCalls.Select(c => model.ModelIdOf(c.Provider, c.Model)).Distinct())
                Add(id, others.Partition(c => model.ModelIdOf(c.Provider, c.Model) == id).Kept);
        }

        public void Add(string modelId, InvocationMetrics metrics)
        {
            lock (_byModel)
            {
                if (!_byModel.TryGetValue(modelId, out var total)) _byModel[modelId] = total = new InvocationMetrics();
                total.Accumulate(metrics);
            }
        }

        /// <summary>One row per model, copied under the lock so callers write them without holding it.</summary>
        public IReadOnlyList<StrandsUsage> Snapshot()
        {
            lock (_byModel)
            {
                var rows = new List<StrandsUsage>();
                foreach (var kv in _byModel) rows.Add(new StrandsUsage(StrandsUsage.SessionScope, null, kv.Key, kv.Value));
                return rows;
            }
        }
    }
}
