using System;
using System.Collections.Generic;
using System.Text.Json;
using Strands.Agent;
using Strands.Telemetry;
using Strands.Tools;
using Strands.Types;
using AgentType = Strands.Agent.Agent;

namespace Strands.Hooks
{
    /// <summary>The lifecycle events an <see cref="IAgentHook"/> receives.</summary>
    public enum HookEventKind
    {
        /// <summary>An invocation starts (before the prompt is added).</summary>
        BeforeInvocation,
        /// <summary>An invocation ended, with its result or its error.</summary>
        AfterInvocation,
        /// <summary>The model is about to be called.</summary>
        BeforeModelCall,
        /// <summary>A model call finished (or failed).</summary>
        AfterModelCall,
        /// <summary>A tool is about to run; the hook may cancel it or replace its arguments.</summary>
        BeforeToolCall,
        /// <summary>A tool call was answered; the hook may replace the result.</summary>
        AfterToolCall,
        /// <summary>A message was appended to the conversation.</summary>
        MessageAdded,
    }

    /// <summary>Base of every hook event: which event, and which agent raised it.</summary>
    public abstract class HookEvent
    {
        private protected HookEvent(AgentType agent) => Agent = agent;

        /// <summary>The agent whose loop raised the event.</summary>
        public AgentType Agent { get; }

        /// <summary>Which event this is.</summary>
        public abstract HookEventKind Kind { get; }

        /// <summary>
        /// After-events run hooks in reverse registration order (Strands' rule), so a hook pair
        /// registered first wraps everything registered after it.
        /// </summary>
        internal virtual bool Reverse => false;
    }

    /// <summary>An invocation starts; the prompt is not yet in the conversation.</summary>
    public sealed class BeforeInvocationEvent : HookEvent
    {
        internal BeforeInvocationEvent(AgentType agent, IReadOnlyList<ContentBlock> prompt) : base(agent) => Prompt = prompt;

        /// <inheritdoc/>
        public override HookEventKind Kind => HookEventKind.BeforeInvocation;

        /// <summary>The prompt's content blocks.</summary>
        public IReadOnlyList<ContentBlock> Prompt { get; }
    }

    /// <summary>An invocation ended: <see cref="Result"/> on success, <see cref="Exception"/> otherwise.</summary>
    public sealed class AfterInvocationEvent : HookEvent
    {
        internal AfterInvocationEvent(AgentType agent, AgentResult? result, Exception? exception) : base(agent)
        {
            Result = result;
            Exception = exception;
        }

        /// <inheritdoc/>
        public override HookEventKind Kind => HookEventKind.AfterInvocation;

        internal override bool Reverse => true;

        /// <summary>The result, when the invocation succeeded.</summary>
        public AgentResult? Result { get; }

        /// <summary>Why the invocation failed, when it did.</summary>
        public Exception? Exception { get; }
    }

    /// <summary>The model is about to be called for cycle <see cref="Cycle"/>.</summary>
    public sealed class BeforeModelCallEvent : HookEvent
    {
        internal BeforeModelCallEvent(AgentType agent, int cycle) : base(agent) => Cycle = cycle;

        /// <inheritdoc/>
        public override HookEventKind Kind => HookEventKind.BeforeModelCall;

        /// <summary>The cycle number, from 1.</summary>
        public int Cycle { get; }
    }

    /// <summary>A model call finished: <see cref="Message"/> and <see cref="Call"/> on success, <see cref="Exception"/> on failure.</summary>
    public sealed class AfterModelCallEvent : HookEvent
    {
        internal AfterModelCallEvent(AgentType agent, int cycle, Message? message, ModelCallRecord? call, Exception? exception) : base(agent)
        {
            Cycle = cycle;
            Message = message;
            Call = call;
            Exception = exception;
        }

        /// <inheritdoc/>
        public override HookEventKind Kind => HookEventKind.AfterModelCall;

        internal override bool Reverse => true;

        /// <summary>The cycle number, from 1.</summary>
        public int Cycle { get; }

        /// <summary>The assistant message the model produced.</summary>
        public Message? Message { get; }

        /// <summary>Usage, latency, cost and stop reason of the call.</summary>
        public ModelCallRecord? Call { get; }

        /// <summary>Why the call failed, when it did.</summary>
        public Exception? Exception { get; }
    }

    /// <summary>
    /// A tool is about to run. Writable: <see cref="CancelMessage"/> (the tool does not run and the
    /// model receives this text as an error result) and <see cref="Input"/> (the arguments the tool
    /// receives; they are validated against its schema like the model's own).
    /// </summary>
    public sealed class BeforeToolCallEvent : HookEvent
    {
        /// <summary>The text sent to the model when a hook cancels without saying why (Strands' wording).</summary>
        public const string DefaultCancelMessage = "tool cancelled by user";

        private JsonElement _input;

        internal BeforeToolCallEvent(AgentType agent, ToolUseBlock toolUse, ITool? tool, JsonElement input) : base(agent)
        {
            ToolUse = toolUse;
            Tool = tool;
            _input = input;
        }

        /// <inheritdoc/>
        public override HookEventKind Kind => HookEventKind.BeforeToolCall;

        /// <summary>The model's tool call as it asked for it.</summary>
        public ToolUseBlock ToolUse { get; }

        /// <summary>The offered tool of that name, or null when the model named an unknown tool.</summary>
        public ITool? Tool { get; }

        /// <summary>The arguments the tool will receive (a JSON object). Set it to change them.</summary>
        public JsonElement Input
        {
            get => _input;
            set
            {
                _input = value.Clone();
                InputReplaced = true;
            }
        }

        /// <summary>True once a hook set <see cref="Input"/>.</summary>
        public bool InputReplaced { get; private set; }

        /// <summary>Set to cancel the call: the tool never runs and the model receives this message as an error result.</summary>
        public string? CancelMessage { get; set; }
    }

    /// <summary>A tool call was answered. Writable: <see cref="Result"/>, what the model receives.</summary>
    public sealed class AfterToolCallEvent : HookEvent
    {
        private ToolResultBlock _result;

        internal AfterToolCallEvent(AgentType agent, ToolUseBlock toolUse, ITool? tool, ToolResultBlock result, TimeSpan duration, string? cancelMessage) : base(agent)
        {
            ToolUse = toolUse;
            Tool = tool;
            _result = result;
            Duration = duration;
            CancelMessage = cancelMessage;
        }

        /// <inheritdoc/>
        public override HookEventKind Kind => HookEventKind.AfterToolCall;

        internal override bool Reverse => true;

        /// <summary>The tool call as it was run (with any arguments a BeforeToolCall hook replaced).</summary>
        public ToolUseBlock ToolUse { get; }

        /// <summary>The offered tool of that name, or null when the model named an unknown tool.</summary>
        public ITool? Tool { get; }

        /// <summary>How long the call took.</summary>
        public TimeSpan Duration { get; }

        /// <summary>The cancel message when a BeforeToolCall hook cancelled the call, else null.</summary>
        public string? CancelMessage { get; }

        /// <summary>The result the model will receive. Set it to rewrite; its ToolUseId is kept to the call's.</summary>
        public ToolResultBlock Result
        {
            get => _result;
            set => _result = (value ?? throw new ArgumentNullException(nameof(value))) with { ToolUseId = ToolUse.ToolUseId };
        }
    }

    /// <summary>A message was appended to the conversation (prompt, assistant reply, tool results).</summary>
    public sealed class MessageAddedEvent : HookEvent
    {
        internal MessageAddedEvent(AgentType agent, Message message) : base(agent) => Message = message;

        /// <inheritdoc/>
        public override HookEventKind Kind => HookEventKind.MessageAdded;

        /// <summary>The message added.</summary>
        public Message Message { get; }
    }
}
