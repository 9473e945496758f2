using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.PowerShell.Hosting;
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
            var result = await _agent.Core.InvokeAsync(prompt, cancellationToken: cancellationToken).ConfigureAwait(false);
            context?.AddNested(_agent.Model.ModelId, result.Metrics);
            return ToolOutput.Text(result.Text);
        }
    }
}
