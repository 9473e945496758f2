using System.Linq;
using System.Management.Automation;
using Strands.PowerShell.Hosting;
using Strands.PowerShell.Internal;

namespace Strands.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Reports tokens (cache reads and writes included), cycles, tool calls, latency and cost per agent, or per model over the session.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "StrandsUsage")]
    [OutputType(typeof(StrandsUsage))]
    public sealed class GetStrandsUsageCommand : PSCmdlet
    {
        /// <summary>Agents to report; accepts agents and Invoke-StrandsAgent results from the pipeline. Without it: one row per model used in this session.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public StrandsAgent[]? Agent { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (Agent == null) return;
            foreach (var agent in Agent.Where(a => a != null))
            {
                WriteAgentUsage(agent);
            }
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Agent)) || MyInvocation.ExpectingInput) return;
            foreach (var row in SessionUsage.For(System.Management.Automation.Runspaces.Runspace.DefaultRunspace).Snapshot().OrderBy(r => r.Model))
                WriteObject(TypeNames.Typed(row));
        }

        // The row is copied under the lock and written after it: WriteObject runs the downstream
        // pipeline on this thread, and a downstream Invoke-StrandsAgent on the same agent takes this
        // lock (on a pool thread) when it finishes, so writing inside the lock deadlocks.
        private void WriteAgentUsage(StrandsAgent agent)
        {
            StrandsUsage usage;
            lock (agent.Core.AccumulatedMetrics) usage = new StrandsUsage(agent.Name, agent.Model.ModelId, agent.Core.AccumulatedMetrics);
            WriteObject(TypeNames.Typed(usage));
        }
    }
}
