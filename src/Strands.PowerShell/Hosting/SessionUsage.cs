using System.Collections.Generic;
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
