using System;
using System.Collections;
using System.Linq;
using System.Text.Json;
using Strands.Hooks;
using Strands.PowerShell.Tools;
using Strands.Types;

namespace Strands.PowerShell
{
    /// <summary>
    /// What an -OnEvent script block receives (Strands.HookEvent): the event's fields as PowerShell
    /// values. Writable: <see cref="Cancel"/> and <see cref="Input"/> in BeforeToolCall,
    /// <see cref="Result"/> and <see cref="Status"/> in AfterToolCall. Setting them in another event
    /// throws, as Strands does for non-writable attributes, so a misplaced guardrail fails loudly.
    /// </summary>
    public sealed class StrandsHookEvent
    {
        private readonly string? _inputJson;
        private object? _cancel;
        private string? _result;
        private string? _status;

        internal StrandsHookEvent(HookEvent core, StrandsAgent? agent)
        {
            Core = core;
            Agent = agent;
            switch (core)
            {
                case BeforeInvocationEvent e:
                    Prompt = string.Concat(e.Prompt.OfType<TextBlock>().Select(b => b.Text));
                    break;
                case AfterInvocationEvent e:
                    if (e.Result != null)
                    {
                        _result = e.Result.Text;
                        StopReason = e.Result.StopReason.ToWireName();
                        Usage = e.Result.Usage;
                    }
                    Error = e.Exception;
                    break;
                case BeforeModelCallEvent e:
                    Cycle = e.Cycle;
                    break;
                case AfterModelCallEvent e:
                    Cycle = e.Cycle;
                    Message = e.Message == null ? null : StrandsMessage.From(new[] { e.Message })[0];
                    Usage = e.Call?.Usage;
                    StopReason = e.Call?.StopReason.ToWireName();
                    Model = e.Call == null ? null : e.Call.Provider + "/" + e.Call.Model;
                    Fallbacks = e.Call?.Fallbacks.Select(f => new StrandsFallback(f)).ToArray();
                    Error = e.Exception;
                    break;
                case BeforeToolCallEvent e:
                    ToolName = e.ToolUse.Name;
                    ToolUseId = e.ToolUse.ToolUseId;
                    Input = e.Input.ValueKind == JsonValueKind.Object ? PowerShellJson.ToHashtable(e.Input) : new Hashtable(StringComparer.OrdinalIgnoreCase);
                    _inputJson = InputJson();
                    break;
                case AfterToolCallEvent e:
                    ToolName = e.ToolUse.Name;
                    ToolUseId = e.ToolUse.ToolUseId;
                    Input = e.ToolUse.Input.ValueKind == JsonValueKind.Object ? PowerShellJson.ToHashtable(e.ToolUse.Input) : new Hashtable(StringComparer.OrdinalIgnoreCase);
                    _result = e.Result.ToText();
                    _status = StatusName(e.Result.Status);
                    Duration = e.Duration;
                    _cancel = e.CancelMessage;
                    break;
                case MessageAddedEvent e:
                    Message = StrandsMessage.From(new[] { e.Message })[0];
                    break;
            }
        }

        /// <summary>The event: BeforeInvocation, AfterInvocation, BeforeModelCall, AfterModelCall, BeforeToolCall, AfterToolCall or MessageAdded.</summary>
        public string EventName => Core.Kind.ToString();

        /// <summary>The agent whose loop raised the event.</summary>
        public StrandsAgent? Agent { get; }

        /// <summary>The prompt text (BeforeInvocation).</summary>
        public string? Prompt { get; }

        /// <summary>The cycle number, from 1 (model-call events).</summary>
        public int? Cycle { get; }

        /// <summary>The tool's name (tool-call events).</summary>
        public string? ToolName { get; }

        /// <summary>The model's id of the tool call (tool-call events).</summary>
        public string? ToolUseId { get; }

        /// <summary>The tool's arguments (tool-call events). Change or replace it in BeforeToolCall to change what the tool receives.</summary>
        public Hashtable? Input { get; set; }

        /// <summary>
        /// BeforeToolCall: set a message (or $true) to cancel the call; the tool does not run and the
        /// model receives the message as an error result. AfterToolCall: the cancel message, if any.
        /// </summary>
        public object? Cancel
        {
            get => _cancel;
            set
            {
                Writable(HookEventKind.BeforeToolCall, nameof(Cancel));
                _cancel = value;
            }
        }

        /// <summary>AfterToolCall: the result text the model receives (writable). AfterInvocation: the answer text.</summary>
        public string? Result
        {
            get => _result;
            set
            {
                Writable(HookEventKind.AfterToolCall, nameof(Result));
                _result = value ?? string.Empty;
                ResultChanged = true;
            }
        }

        /// <summary>AfterToolCall: 'success' or 'error' (writable).</summary>
        public string? Status
        {
            get => _status;
            set
            {
                Writable(HookEventKind.AfterToolCall, nameof(Status));
                if (!string.Equals(value, "success", StringComparison.OrdinalIgnoreCase) && !string.Equals(value, "error", StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"Status must be 'success' or 'error', not '{value}'.");
                _status = value!.ToLowerInvariant();
                ResultChanged = true;
            }
        }

        /// <summary>How long the tool call took (AfterToolCall).</summary>
        public TimeSpan? Duration { get; }

        /// <summary>The message added (MessageAdded) or the model's reply (AfterModelCall).</summary>
        public StrandsMessage? Message { get; }

        /// <summary>The role of <see cref="Message"/>: user or assistant.</summary>
        public string? Role => Message?.Role;

        /// <summary>The text of <see cref="Message"/>.</summary>
        public string? Text => Message?.Text;

        /// <summary>Tokens of the model call (AfterModelCall) or of the invocation (AfterInvocation).</summary>
        public Usage? Usage { get; }

        /// <summary>Why the model stopped (AfterModelCall, AfterInvocation).</summary>
        public string? StopReason { get; }

        /// <summary>The model that answered, provider/model (AfterModelCall): a fallback's when one was taken.</summary>
        public string? Model { get; }

        /// <summary>The fallbacks the model call took before a model answered, with their causes (AfterModelCall).</summary>
        public StrandsFallback[]? Fallbacks { get; }

        /// <summary>Why the model call or the invocation failed, when it did.</summary>
        public Exception? Error { get; }

        internal HookEvent Core { get; }

        internal bool ResultChanged { get; private set; }

        /// <summary>Copies what the script blocks changed back to the core event (on the pipeline thread, after they ran).</summary>
        internal void Apply()
        {
            switch (Core)
            {
                case BeforeToolCallEvent before:
                    if (_cancel is not null && !(_cancel is bool b && !b))
                        before.CancelMessage = _cancel is bool ? string.Empty : Convert.ToString(_cancel, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                    var json = InputJson();
                    if (json != _inputJson)
                    {
                        using var doc = JsonDocument.Parse(json);
                        before.Input = doc.RootElement;
                    }
                    break;
                case AfterToolCallEvent after when ResultChanged:
                    var status = _status == "error" ? ToolResultStatus.Error : ToolResultStatus.Success;
                    after.Result = ToolResultBlock.FromText(after.ToolUse.ToolUseId, status, _result ?? string.Empty);
                    break;
            }
        }

        /// <summary>The event name and, for tool events, the tool.</summary>
        public override string ToString() => ToolName != null ? $"{EventName} {ToolName}" : EventName;

        // Deep enough that a round trip never truncates real arguments: a change is detected by comparing JSON.
        private string InputJson() => PowerShellJson.Serialize(Input ?? new Hashtable(), maxDepth: 64);

        private void Writable(HookEventKind kind, string member)
        {
            if (Core.Kind != kind)
                throw new InvalidOperationException($"{member} can be set only in {kind} events, not in {Core.Kind}.");
        }

        private static string StatusName(ToolResultStatus status) => status == ToolResultStatus.Success ? "success" : "error";
    }
}
