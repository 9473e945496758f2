using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading;
using Strands.PowerShell.Hosting;
using Strands.Tools;
using Strands.Types;

namespace Strands.PowerShell.Tools
{
    /// <summary>
    /// Runs a tool's PowerShell in a nested pipeline of the caller's runspace (on the pipeline
    /// thread) and turns what it produced into a tool result: strings as text, objects as JSON,
    /// errors reported to the model instead of failing the invocation.
    /// </summary>
    internal static class ToolRunner
    {
        /// <summary>
        /// Runs the tool on the pipeline thread. <paramref name="cancellationToken"/> (the per-tool
        /// timeout, -ToolTimeoutSec) stops the nested pipeline: cancelling the awaiting task alone
        /// would leave a hung script block holding the pipeline thread, and with it the whole call.
        /// </summary>
        public static ToolOutput Run(InvocationContext context, Action<System.Management.Automation.PowerShell> build, CancellationToken cancellationToken)
        {
            using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            build(ps);
            context.SetRunning(ps);
            using var timeout = cancellationToken.Register(() => ps.BeginStop(null, null));
            try
            {
                var output = ps.Invoke();
                // A stopped pipeline can end quietly with whatever it wrote so far: that is not the
                // tool's answer. Ctrl+C stops this nested pipeline before the cmdlet's own token is
                // cancelled, so the pipeline's state says so first. The executor turns this into
                // "did not finish" (timeout) or a cancelled call.
                if (cancellationToken.IsCancellationRequested || ps.InvocationStateInfo.State == PSInvocationState.Stopped)
                    throw new OperationCanceledException(cancellationToken);
                var errors = ps.Streams.Error.ToList();
                var text = Render(output);
                if (errors.Count == 0) return ToolOutput.Text(text);
                var report = new StringBuilder(text);
                if (report.Length > 0) report.AppendLine();
                report.Append("Errors: ").Append(string.Join("; ", errors.Select(e => e.ToString())));
                return output.Count > 0
                    ? new ToolOutput(ToolResultStatus.Success, new[] { ToolResultContent.FromText(report.ToString()) })
                    : ToolOutput.Error(report.ToString());
            }
            catch (RuntimeException ex) when (ex is PipelineStoppedException || cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (RuntimeException ex)
            {
                return ToolOutput.Error("Error: " + ex.Message);
            }
            finally
            {
                context.SetRunning(null);
            }
        }

        /// <summary>Strings (and other scalars) as lines of text; anything structured as JSON.</summary>
        internal static string Render(ICollection<PSObject> output)
        {
            var items = output.Where(o => o != null).Select(o => o.BaseObject).ToList();
            if (items.Count == 0) return string.Empty;
            if (items.All(IsText)) return string.Join("\n", items.Select(i => Convert.ToString(i, System.Globalization.CultureInfo.InvariantCulture)));
            return items.Count == 1 ? PowerShellJson.Serialize(output.First(o => o != null)) : PowerShellJson.Serialize(output.Where(o => o != null).ToList());
        }

        private static bool IsText(object o) => o is string or char or bool || o.GetType().IsPrimitive || o is decimal;
    }
}
