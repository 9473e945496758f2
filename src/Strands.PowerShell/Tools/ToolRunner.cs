using System;
using System.Collections;
using System.Collections.ObjectModel;
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
        // The nested pipeline is one ForEach-Object (a compiled command, referenced by type so no
        // user function or alias can take its place) whose script splats the model's arguments, as a
        // PowerShell user would call the tool, in a scope of its own. It is cheaper per call to set
        // up than a script command (AddScript), and unlike ScriptBlock.Invoke or InvokeScript from a
        // cmdlet of our own it keeps the tool's non-terminating errors non-terminating: ForEach-Object
        // runs its script block with the pipeline's error semantics. The wrapper passes the caller's
        // $_ (the pipeline item of a ForEach-Object that called Invoke-StrandsAgent) on to the tool.
        private static readonly CmdletInfo ForEachObject = new("ForEach-Object", typeof(Microsoft.PowerShell.Commands.ForEachObjectCommand));

        internal const string WrapperScript =
            "& { param($__strandsTool, $__strandsArgs, $__strandsItem) $_ = $__strandsItem; & $__strandsTool @__strandsArgs } @_";

        /// <summary>
        /// Runs <paramref name="tool"/> (a script block or CommandInfo) with <paramref name="arguments"/>
        /// splatted, on the pipeline thread. <paramref name="cancellationToken"/> (the per-tool
        /// timeout, -ToolTimeoutSec) stops the nested pipeline: cancelling the awaiting task alone
        /// would leave a hung script block holding the pipeline thread, and with it the whole call.
        /// </summary>
        public static ToolOutput Run(InvocationContext context, object tool, Hashtable arguments, CancellationToken cancellationToken)
        {
            context.EndHostLine();
            var ps = NestedPipelines.Rent();
            var reusable = false;
            try
            {
                var item = context.Cmdlet.SessionState.PSVariable.GetValue("_");
                ps.AddCommand(ForEachObject)
                    .AddParameter("Process", context.ToolWrapper)
                    .AddParameter("InputObject", new[] { tool, arguments, item });
                context.SetRunning(ps);
                var output = Invoke(ps, cancellationToken);
                // A stopped pipeline can end quietly with whatever it wrote so far: that is not the
                // tool's answer. Ctrl+C stops this nested pipeline before the cmdlet's own token is
                // cancelled, so the pipeline's state says so first. The executor turns this into
                // "did not finish" (timeout) or a cancelled call.
                if (cancellationToken.IsCancellationRequested || ps.InvocationStateInfo.State == PSInvocationState.Stopped)
                    throw new OperationCanceledException(cancellationToken);
                reusable = true;
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
                // The tool failed, the pipeline did not: it can run the next call.
                reusable = ps.InvocationStateInfo.State == PSInvocationState.Failed;
                return ToolOutput.Error("Error: " + ex.Message);
            }
            finally
            {
                context.SetRunning(null);
                // A pipeline that was stopped (or may be stopping) is never reused.
                if (reusable && !cancellationToken.IsCancellationRequested) NestedPipelines.Return(ps);
                else ps.Dispose();
            }
        }

        // The timeout's registration is disposed before the pipeline can be reused: Dispose waits
        // for a BeginStop already running, and none can start afterwards.
        private static Collection<PSObject> Invoke(System.Management.Automation.PowerShell ps, CancellationToken cancellationToken)
        {
            using var timeout = cancellationToken.Register(() => ps.BeginStop(null, null));
            return ps.Invoke();
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
