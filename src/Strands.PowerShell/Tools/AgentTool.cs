using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.PowerShell.Hosting;
using Strands.PowerShell.Internal;
using Strands.Tools;
using Strands.Types;

namespace Strands.PowerShell.Tools
{
    /// <summary>
    /// Another agent offered as a tool (-Tool $otherAgent): the model sends it a prompt and gets its
    /// answer text. The sub-agent runs on the caller's loop task (its own PowerShell tools still run
    /// on the caller's pipeline thread through the inherited <see cref="InvocationContext"/>), and
    /// its tokens and cost are reported to the caller's invocation so Get-StrandsUsage shows what
    /// the whole call cost.
    /// </summary>
    internal sealed class AgentTool : ITool
    {
        private static readonly JsonElement Schema = JsonDocument.Parse(
            """{"type":"object","properties":{"prompt":{"type":"string","description":"What to ask the agent."}},"required":["prompt"],"additionalProperties":false}""").RootElement.Clone();
        private readonly StrandsAgent _agent;

        public AgentTool(StrandsAgent agent, string? name = null, string? description = null)
        {
            _agent = agent;
            var text = description ?? agent.Description;
            Spec = new ToolSpec(name ?? ToolNames.Sanitize(agent.Name), string.IsNullOrWhiteSpace(text) ? $"Asks the agent '{agent.Name}' and returns its answer." : text!, Schema);
        }

        public ToolSpec Spec { get; }

        public async Task<ToolOutput> InvokeAsync(ToolCall call, CancellationToken cancellationToken)
        {
            var prompt = call.Arguments.GetProperty("prompt").GetString() ?? string.Empty;
            var context = InvocationContext.Current;
            try
            {
                var result = await _agent.Core.InvokeAsync(prompt, cancellationToken: cancellationToken).ConfigureAwait(false);
                context?.AddNested(_agent.Model.ModelId, result.Metrics);
                return ToolOutput.Text(result.Text);
            }
            finally
            {
                // A sub-agent with -SessionPath keeps its conversation as it does when invoked directly.
                if (_agent.SessionPath != null) await SaveSessionAsync(context, cancellationToken).ConfigureAwait(false);
            }
        }

        // On the pipeline thread, where its State (PowerShell objects) is read and an error can be
        // written. After Ctrl+C the pump no longer runs items, so the save happens here, as the
        // cmdlet's own late save does, and a failure is left for the next save to repair.
        private async Task SaveSessionAsync(InvocationContext? context, CancellationToken cancellationToken)
        {
            if (context == null || cancellationToken.IsCancellationRequested)
            {
                try { _agent.SaveSession(); }
                catch (StrandsException) { }
                return;
            }

            await context.Pump.InvokeAsync(() =>
            {
                try { _agent.SaveSession(); }
                catch (StrandsException ex) { context.Cmdlet.WriteError(ErrorRecords.From(ex, _agent.SessionPath)); }
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
    }
}
