namespace Strands.Types
{
    /// <summary>
    /// One event of a model's streamed reply, provider-neutral (Strands' StreamEvent). Every
    /// provider's stream parser produces these; <c>EventLoop.MessageAssembler</c> turns them
    /// into a <see cref="Message"/>.
    /// </summary>
    public abstract class ModelStreamEvent { }

    /// <summary>A piece of answer text.</summary>
    public sealed class TextDeltaEvent : ModelStreamEvent
    {
        /// <summary>Creates the event.</summary>
        public TextDeltaEvent(string text) => Text = text;
        /// <summary>The text piece.</summary>
        public string Text { get; }
    }

    /// <summary>A piece of reasoning: text, a signature, or redacted content.</summary>
    public sealed class ReasoningDeltaEvent : ModelStreamEvent
    {
        /// <summary>Creates the event.</summary>
        public ReasoningDeltaEvent(string? text = null, string? signature = null, string? redactedContent = null)
        {
            Text = text;
            Signature = signature;
            RedactedContent = redactedContent;
        }
        /// <summary>Reasoning text piece.</summary>
        public string? Text { get; }
        /// <summary>Signature piece.</summary>
        public string? Signature { get; }
        /// <summary>Redacted reasoning piece.</summary>
        public string? RedactedContent { get; }
    }

    /// <summary>A tool call starts; its input follows as <see cref="ToolUseInputDeltaEvent"/>s.</summary>
    public sealed class ToolUseStartEvent : ModelStreamEvent
    {
        /// <summary>Creates the event.</summary>
        public ToolUseStartEvent(string toolUseId, string name, string? reasoningSignature = null)
        {
            ToolUseId = toolUseId;
            Name = name;
            ReasoningSignature = reasoningSignature;
        }
        /// <summary>The provider's tool-call id.</summary>
        public string ToolUseId { get; }
        /// <summary>The tool name.</summary>
        public string Name { get; }
        /// <summary>Gemini thought signature, if any.</summary>
        public string? ReasoningSignature { get; }
    }

    /// <summary>A piece of a tool call's JSON arguments.</summary>
    public sealed class ToolUseInputDeltaEvent : ModelStreamEvent
    {
        /// <summary>Creates the event.</summary>
        public ToolUseInputDeltaEvent(string json) => Json = json;
        /// <summary>The JSON text piece.</summary>
        public string Json { get; }
    }

    /// <summary>The current content block (text, reasoning or tool call) is complete.</summary>
    public sealed class ContentBlockStopEvent : ModelStreamEvent
    {
        /// <summary>The one instance (the event carries no data).</summary>
        public static readonly ContentBlockStopEvent Instance = new();
        private ContentBlockStopEvent() { }
    }

    /// <summary>The model stopped.</summary>
    public sealed class MessageStopEvent : ModelStreamEvent
    {
        /// <summary>Creates the event.</summary>
        public MessageStopEvent(StopReason reason, string? providerReason = null)
        {
            Reason = reason;
            ProviderReason = providerReason;
        }
        /// <summary>The mapped stop reason.</summary>
        public StopReason Reason { get; }
        /// <summary>The provider's own word for it (finish_reason, stop_reason, stopReason, finishReason).</summary>
        public string? ProviderReason { get; }
    }

    /// <summary>Usage of the call (may come more than once; the last one wins).</summary>
    public sealed class MetadataEvent : ModelStreamEvent
    {
        /// <summary>Creates the event.</summary>
        public MetadataEvent(Usage usage, decimal? providerCostUsd = null)
        {
            Usage = usage;
            ProviderCostUsd = providerCostUsd;
        }
        /// <summary>Token usage in the common convention (see <see cref="Types.Usage"/>).</summary>
        public Usage Usage { get; }
        /// <summary>Cost the provider itself reported (LiteLLM proxy's x-litellm-response-cost).</summary>
        public decimal? ProviderCostUsd { get; }
    }
}
