using System.Linq;
using System.Management.Automation;
using Strands.PowerShell.Hosting;
using Strands.PowerShell.Internal;

namespace Strands.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Reports tokens (cache reads and writes included), cycles, tool calls, latency and cost: of one invocation, of an agent so far, or per model over the session.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "StrandsUsage", DefaultParameterSetName = AgentSet)]
    [OutputType(typeof(StrandsUsage))]
    public sealed class GetStrandsUsageCommand : PSCmdlet
    {
        private const string AgentSet = "Agent";
        private const string ResultSet = "Result";

        /// <summary>Agents to report: each row is the agent's total over all its invocations so far (Scope: agent). Without -Agent or -Result: one row per model used in this session (Scope: session).</summary>
        [Parameter(ParameterSetName = AgentSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public StrandsAgent[]? Agent { get; set; }

        /// <summary>Invoke-StrandsAgent results to report: each row is that one invocation's usage (Scope: invocation), so rows can be summed.</summary>
        [Parameter(ParameterSetName = ResultSet, Mandatory = true, ValueFromPipeline = true)]
        public StrandsAgentResult[] Result { get; set; } = null!;

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (ParameterSetName == ResultSet)
            {
                foreach (var result in Result.Where(r => r != null)) WriteObject(TypeNames.Typed(result.Usage));
                return;
            }
            if (Agent == null) return;
            foreach (var agent in Agent.Where(a => a != null))
            {
                WriteAgentUsage(agent);
            }
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (ParameterSetName == ResultSet || MyInvocation.BoundParameters.ContainsKey(nameof(Agent)) || MyInvocation.ExpectingInput) return;
            foreach (var row in SessionUsage.For(System.Management.Automation.Runspaces.Runspace.DefaultRunspace).Snapshot().OrderBy(r => r.Model))
                WriteObject(TypeNames.Typed(row));
        }

        private void WriteAgentUsage(StrandsAgent agent)
        {
            var usage = StrandsUsage.OfAgent(agent);
            WriteObject(TypeNames.Typed(usage));
        }
    }
}
