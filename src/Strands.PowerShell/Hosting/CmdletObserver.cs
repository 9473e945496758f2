using System;
using System.Linq;
using System.Management.Automation;
using Strands.Agent;
using Strands.PowerShell.Internal;
using Strands.Models.Fallback;
using Strands.Models.Http;
using Strands.Telemetry;
using Strands.Types;

namespace Strands.PowerShell.Hosting
{
    /// <summary>
    /// Feeds what the core reports to the cmdlet's streams. It runs on the core's task, so every
    /// write is posted to the pump and happens on the pipeline thread.
    /// </summary>
    internal sealed class CmdletObserver : AgentObserver, IModelTrace
    {
        private const int ProgressId = 0x5157;
        private readonly PSCmdlet _cmdlet;
        private readonly PipelinePump _pump;
        private readonly bool _stream;
        private readonly bool _debug;
        private readonly bool _verbose;
        private readonly string _activity;
        private readonly KeyRedactor _redactor;
        private int _cycle;
        private bool _textOnHost;
        private bool _completed;
        // Made once: the pump passes each delta's text to them, so 200 posts a turn allocate no closures.
        private readonly Action<object?> _writeText;
        private readonly Action<object?> _writeTextEvent;

        public CmdletObserver(PSCmdlet cmdlet, PipelinePump pump, string agentName, KeyRedactor redactor, bool stream, bool debug, bool verbose)
        {
            _verbose = verbose;
            _redactor = redactor;
            _cmdlet = cmdlet;
            _pump = pump;
            _stream = stream;
            _debug = debug;
            _activity = $"Strands agent '{agentName}'";
            _writeText = delta =>
            {
                _textOnHost = true;
                WriteHost((string)delta!, noNewLine: true);
            };
            _writeTextEvent = delta => _cmdlet.WriteObject(TypeNames.Typed(new StreamEvent("TextDelta") { Text = (string)delta! }));
        }

        public override IModelTrace Trace => this;

        public override void OnCycleStart(int cycle)
        {
            _cycle = cycle;
            // Each cycle's text starts on its own line, so two answers never run together.
            _pump.Post(EndHostLine);
            Progress($"Cycle {cycle}: waiting for the model");
        }

        public override void OnStreamEvent(ModelStreamEvent streamEvent)
        {
            if (streamEvent is TextDeltaEvent text) _pump.Post(_stream ? _writeTextEvent : _writeText, text.Text);
            else if (streamEvent is ModelFallbackEvent fallback)
                _pump.Post(() => WriteVerbose(_redactor.Redact($"Fallback {fallback.Fallback}: {fallback.Fallback.Reason}")));
        }

        public override void OnMessageAdded(Message message)
        {
            if (!_stream || message.Role != Role.Assistant) return;
            foreach (var use in message.ToolUses)
                _pump.Post(() => _cmdlet.WriteObject(TypeNames.Typed(new StreamEvent("ToolUse") { ToolName = use.Name, ToolUseId = use.ToolUseId, Input = use.RawInput ?? use.Input.GetRawText() })));
        }

        public override void OnToolStart(ToolUseBlock toolUse)
        {
            var status = $"Cycle {_cycle}: running tool {toolUse.Name}";
            _pump.Post(() =>
            {
                _cmdlet.WriteProgress(new ProgressRecord(ProgressId, _activity, status));
                // pwsh's console host redraws progress at most every 200 ms, so after a fast model reply
                // "running tool" would wait for the next record, which a long tool never writes. A
                // Completed record always redraws, and one for an activity the host does not track
                // changes nothing else: the tool's name is on screen while it runs.
                _cmdlet.WriteProgress(new ProgressRecord(ProgressId + 1, _activity, status) { RecordType = ProgressRecordType.Completed });
            });
        }

        public override void OnToolResult(ToolUseBlock toolUse, ToolResultBlock result, TimeSpan duration)
        {
            var status = result.Status == ToolResultStatus.Success ? "success" : "error";
            _pump.Post(() =>
            {
                WriteVerbose($"Tool {toolUse.Name}: {status} in {duration.TotalMilliseconds:0} ms");
                if (_stream) _cmdlet.WriteObject(TypeNames.Typed(new StreamEvent("ToolResult") { ToolName = toolUse.Name, ToolUseId = toolUse.ToolUseId, Status = status, Text = result.ToText() }));
            });
        }

        public override void OnModelCall(ModelCallRecord call)
        {
            _pump.Post(() =>
            {
                WriteVerbose($"Model {call.Provider}/{call.Model}: {call.Usage.InputTokens} in ({call.Usage.CacheReadInputTokens} cache read, {call.Usage.CacheWriteInputTokens} cache write) / {call.Usage.OutputTokens} out tokens, {call.Latency.TotalMilliseconds:0} ms, stop {call.StopReason.ToWireName()}");
                if (_stream) _cmdlet.WriteObject(TypeNames.Typed(new StreamEvent("Metadata") { Usage = call.Usage }));
            });
        }

        void IModelTrace.Debug(string message)
        {
            if (_debug) _pump.Post(() =>
            {
                EndHostLine();
                _cmdlet.WriteDebug(_redactor.Redact(message));
            });
        }

        void IModelTrace.Retrying(int attempt, TimeSpan delay, ModelException error) =>
            _pump.Post(() => WriteVerbose(_redactor.Redact($"Retry {attempt} in {delay.TotalSeconds:0.##} s after {error.ErrorId}: {error.Message}")));

        /// <summary>Ends the streamed text line and the progress bar; called on the pipeline thread.</summary>
        public void Complete()
        {
            // Called before the result is written and again from the cmdlet's finally (errors, stops).
            if (_completed) return;
            _completed = true;
            EndHostLine();
            _cmdlet.WriteProgress(new ProgressRecord(ProgressId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }

        // A verbose line shown while streamed text is open would land on the end of that text.
        private void WriteVerbose(string message)
        {
            if (_verbose) EndHostLine();
            _cmdlet.WriteVerbose(message);
        }

        /// <summary>
        /// Ends the streamed text line, if one is open; pipeline thread only. Also called before
        /// hooks, tools and confirmation prompts run: their warnings, host writes and prompts would
        /// otherwise land on the end of the streamed text.
        /// </summary>
        public void EndHostLine()
        {
            if (_textOnHost) WriteHost(string.Empty, noNewLine: false);
            _textOnHost = false;
        }

        // Write-Host's own route: information stream with the PSHOST tag, so 6>$null silences it.
        private void WriteHost(string text, bool noNewLine)
        {
            var message = new HostInformationMessage { Message = text, NoNewLine = noNewLine };
            var record = new InformationRecord(message, "Invoke-StrandsAgent");
            record.Tags.Add("PSHOST");
            _cmdlet.WriteInformation(record);
        }

        private void Progress(string status) =>
            _pump.Post(() => _cmdlet.WriteProgress(new ProgressRecord(ProgressId, _activity, status)));
    }
}
