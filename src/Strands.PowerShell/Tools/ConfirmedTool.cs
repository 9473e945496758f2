using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Strands.PowerShell.Hosting;
using Strands.Tools;
using Strands.Types;

namespace Strands.PowerShell.Tools
{
    /// <summary>
    /// Asks Invoke-StrandsAgent's ShouldProcess (on the pipeline thread) before running the tool,
    /// so -WhatIf, -Confirm and $ConfirmPreference govern what the model may do. A refusal is a
    /// tool result the model can read, not an error of the invocation. A host that cannot prompt
    /// counts as a refusal, so an unattended run never hangs on a question nobody can answer.
    /// </summary>
    internal sealed class ConfirmedTool : ITool
    {
        private readonly ITool _inner;

        public ConfirmedTool(ITool inner) => _inner = inner;

        public ToolSpec Spec => _inner.Spec;

        public async Task<ToolOutput> InvokeAsync(ToolCall call, CancellationToken cancellationToken)
        {
            var context = InvocationContext.Current
                ?? throw new InvalidOperationException("Tools that need confirmation run only inside Invoke-StrandsAgent.");
            var refusal = await context.Pump.InvokeAsync(() =>
            {
                using (context.PromptGuard?.Prompting()) return Ask(context, call);
            }, cancellationToken).ConfigureAwait(false);
            return refusal ?? await _inner.InvokeAsync(call, cancellationToken).ConfigureAwait(false);
        }

        private static ToolOutput? Ask(InvocationContext context, ToolCall call)
        {
            var cmdlet = context.Cmdlet;
            context.EndHostLine();
            var target = $"tool '{call.Name}'";
            var action = $"Invoke with arguments {call.Arguments.GetRawText()}";
            try
            {
                if (cmdlet.ShouldProcess(
                        $"Performing the operation \"{action}\" on target \"{target}\".",
                        $"Are you sure you want to perform this action?\n{action} on {target}.",
                        "Confirm", out var reason))
                    return null;
                return reason == ShouldProcessReason.WhatIf
                    ? ToolOutput.Error($"The tool '{call.Name}' was not run: the user asked only to see what would happen (-WhatIf). Tell the user what you would have done.")
                    : ToolOutput.Error($"The user declined to run the tool '{call.Name}'. Do not retry it; continue without it or ask the user.");
            }
            catch (Exception ex) when (ex is not PipelineStoppedException)
            {
                // A host that cannot prompt fails in several ways: HostException or
                // PSInvalidOperationException (-NonInteractive, no UI), and, with stdin at end of file
                // (pwsh -File x.ps1 < /dev/null), a NullReferenceException from inside pwsh's own
                // prompt. All mean the same to the model; an internal exception text tells it nothing.
                return ToolOutput.Error($"The tool '{call.Name}' was not run: the call was not confirmed, because this PowerShell session has no interactive input to ask the user. Treat it as declined; do not retry it.");
            }
        }
    }
}
