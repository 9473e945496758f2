using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Strands.Agent;
using Strands.PowerShell.Hosting;
using Strands.PowerShell.Internal;
using Strands.PowerShell.StructuredOutput;
using Strands.Types;

namespace Strands.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Runs the agent loop for a prompt: model, tools, model… and returns the answer.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "StrandsAgent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StrandsAgentResult), typeof(StreamEvent), typeof(PSObject))]
    public sealed class InvokeStrandsAgentCommand : PSCmdlet
    {
        private CancellationTokenSource? _cancel;
        private InvocationContext? _context;
        private OutputSchema? _schema;
        private IReadOnlyList<ContentBlock> _attachments = Array.Empty<ContentBlock>();

        /// <summary>The agent from New-StrandsAgent; also taken from an input object's Agent property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public StrandsAgent Agent { get; set; } = null!;

        /// <summary>
        /// The prompt. From the pipeline: strings, or the Prompt (alias Question, Text) property of
        /// objects such as Import-Csv rows; one invocation per input.
        /// </summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Question", "Text")]
        [AllowEmptyString]
        public string Prompt { get; set; } = string.Empty;

        /// <summary>
        /// Files sent with the prompt: paths (wildcards allowed), FileInfo objects (Get-ChildItem), or bytes
        /// with a format as <c>@{ Bytes = $bytes; Format = 'png'; Name = 'chart.png' }</c>. Images: png, jpeg,
        /// gif, webp; documents: pdf, csv, doc, docx, xls, xlsx, html, txt, md.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? Attachment { get; set; }

        /// <summary>Return structured output: a class ([MyClass]), a hashtable JSON schema or a JSON-schema string.</summary>
        [Parameter]
        public object? OutputSchema { get; set; }

        /// <summary>Write Strands.StreamEvent objects (TextDelta, ToolUse, ToolResult, Metadata) as they happen, then the result.</summary>
        [Parameter]
        public SwitchParameter Stream { get; set; }

        /// <summary>Cycle guard for this call (default: the agent's, 50).</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int MaxCycles { get; set; }

        /// <summary>
        /// Most tokens (input plus output, cached included) this invocation may use. Checked after every model call:
        /// once reached, no further model call starts and the call ends with BudgetExceeded (the partial
        /// text in $_.Exception.PartialText, the conversation kept valid).
        /// </summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long TokenBudget { get; set; }

        /// <summary>
        /// Most estimated cost in USD this invocation may run up, checked like -TokenBudget. Refused (InvalidArgument)
        /// for a model whose price is not known, rather than left unenforced.
        /// </summary>
        [Parameter]
        [ValidateRange(0.000001, 1000000)]
        public decimal CostBudgetUsd { get; set; }

        /// <summary>
        /// Export the agents' OpenTelemetry spans over OTLP/HTTP to this base URL (e.g. http://localhost:4318;
        /// /v1/traces is added), flushed before the call returns. OTEL_EXPORTER_OTLP_ENDPOINT does the same
        /// when this is not given. The OpenTelemetry SDK is loaded only then (PowerShell 7.4 or later).
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TraceTo { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            if (Attachment != null)
            {
                try
                {
                    _attachments = AttachmentReader.Read(this, Attachment);
                }
                catch (StrandsException ex)
                {
                    ThrowTerminatingError(ErrorRecords.From(ex, Attachment));
                }
            }

            var endpoint = TraceTo ?? Environment.GetEnvironmentVariable(TraceExport.EndpointVariable);
            if (!string.IsNullOrEmpty(endpoint))
            {
                try
                {
                    TraceExport.Use(endpoint!);
                }
                catch (StrandsException ex)
                {
                    ThrowTerminatingError(ErrorRecords.From(ex, endpoint));
                }
            }
            if (OutputSchema == null) return;
            try
            {
                _schema = StructuredOutput.OutputSchema.From(OutputSchema);
            }
            catch (StrandsException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, OutputSchema));
            }
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            var budget = NewStrandsAgentCommand.BudgetOf(this, TokenBudget, CostBudgetUsd);
            try
            {
                budget?.EnsureEnforceable(Agent.Core.Model);
            }
            catch (StrandsException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Agent));
            }
            using var cancel = new CancellationTokenSource();
            var pump = new PipelinePump();
            var context = new InvocationContext(this, pump);
            var redactor = new KeyRedactor(Agent.Model);
            var observer = new CmdletObserver(this, pump, Agent.Name, redactor, Stream.IsPresent, DebugEnabled(), VerboseEnabled());
            context.Observer = observer;
            _cancel = cancel;
            _context = context;
            var request = _schema?.ToRequest(pump);
            int? maxCycles = MaxCycles > 0 ? MaxCycles : null;

            // Attachments before the text, as Anthropic recommends and every format accepts.
            var prompt = new List<ContentBlock>(_attachments) { new TextBlock(Prompt) };
            var task = context.Start(() => Agent.Core.InvokeAsync(prompt, observer, request, maxCycles, budget, cancel.Token));

            try
            {
                var result = pump.Run(task, cancel.Token);
                observer.Complete();
                InvocationUsage.Record(Agent, context, result);
                if (_schema != null && result.StructuredOutput is { } json) WriteObject(_schema.Convert(json));
                else WriteObject(TypeNames.Typed(new StrandsAgentResult(Agent, result, budget)));
            }
            catch (PipelineStoppedException)
            {
                // Give the loop a moment to cancel and repair the history so the agent is usable next time.
                try { task.Wait(TimeSpan.FromMilliseconds(500)); } catch (AggregateException) { }
                throw;
            }
            catch (StrandsException ex)
            {
                observer.Complete();
                WriteError(ErrorRecords.From(redactor.Redact(ex), Agent));
            }
            finally
            {
                try { observer.Complete(); }
                catch (PipelineStoppedException) { /* stopping: the host clears the progress bar itself */ }
                _cancel = null;
                _context = null;
                SaveSession(task);
            }
        }

        // Runs after success, failure and Ctrl+C alike, on the pipeline thread, once the loop has
        // repaired its history: the session on disk always matches what the agent will send next.
        private void SaveSession(Task task)
        {
            if (Agent.SessionPath == null) return;
            var state = Agent.CaptureState();
            try
            {
                Agent.SaveSession(state);
            }
            catch (StrandsException ex)
            {
                // A stopped pipeline accepts no records; the old file is intact and the next save retries.
                if (!Stopping) WriteError(ErrorRecords.From(ex, Agent.SessionPath));
            }

            // After Ctrl+C the loop may still be unwinding (a tool finishing); the save above holds the
            // repaired conversation, this one adds the invocation's usage once the loop has ended.
            if (!task.IsCompleted)
                task.ContinueWith(_ =>
                {
                    try { Agent.SaveSession(state); }
                    catch (StrandsException) { }
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <inheritdoc/>
        protected override void StopProcessing()
        {
            // Cancel first: a tool whose pipeline is stopped next must already see its token
            // cancelled, or its partial output would be taken for its answer.
            try { _cancel?.Cancel(); }
            catch (ObjectDisposedException) { }
            _context?.Stop();
        }

        private bool VerboseEnabled() =>
            MyInvocation.BoundParameters.TryGetValue("Verbose", out var verbose) && verbose is SwitchParameter { IsPresent: true }
            || LanguagePrimitives.TryConvertTo<ActionPreference>(GetVariableValue("VerbosePreference"), out var pref) && pref != ActionPreference.SilentlyContinue && pref != ActionPreference.Ignore;

        private bool DebugEnabled() =>
            MyInvocation.BoundParameters.TryGetValue("Debug", out var debug) && debug is SwitchParameter { IsPresent: true }
            // A local `$DebugPreference = 'Continue'` is a plain string (only the global one is typed).
            || LanguagePrimitives.TryConvertTo<ActionPreference>(GetVariableValue("DebugPreference"), out var pref) && pref != ActionPreference.SilentlyContinue && pref != ActionPreference.Ignore;
    }
}
