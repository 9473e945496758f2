using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace Strands.PowerShell.Hosting
{
    /// <summary>
    /// One idle nested PowerShell per runspace for tool calls, kept across Invoke-StrandsAgent calls:
    /// creating one cost ~150-200 µs, more than a short tool itself. A nested PowerShell makes a new
    /// pipeline on the calling thread at every Invoke, so one made on an earlier call's pipeline
    /// thread runs on the next one's. Rented on the pipeline thread; a call that finds none idle (a
    /// tool that runs Invoke-StrandsAgent itself) makes its own.
    /// </summary>
    internal static class NestedPipelines
    {
        private static readonly ConditionalWeakTable<Runspace, Slot> IdleByRunspace = new();

        private sealed class Slot
        {
            public System.Management.Automation.PowerShell? Idle;
        }

        public static System.Management.Automation.PowerShell Rent()
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace == null) return System.Management.Automation.PowerShell.Create(System.Management.Automation.RunspaceMode.CurrentRunspace);
            var slot = IdleByRunspace.GetValue(runspace, _ => new Slot());
            lock (slot)
            {
                var ps = slot.Idle;
                slot.Idle = null;
                if (ps != null) return ps;
            }
            return System.Management.Automation.PowerShell.Create(System.Management.Automation.RunspaceMode.CurrentRunspace);
        }

        /// <summary>Keeps a nested PowerShell whose last run completed normally (never one that was stopped).</summary>
        public static void Return(System.Management.Automation.PowerShell ps)
        {
            ps.Commands.Clear();
            ps.Streams.ClearStreams();
            var slot = IdleByRunspace.GetValue(ps.Runspace, _ => new Slot());
            lock (slot)
            {
                if (slot.Idle == null)
                {
                    slot.Idle = ps;
                    return;
                }
            }
            ps.Dispose();
        }
    }
}
