namespace Strands.Models.Fallback
{
    /// <summary>One fallback taken during a model call: the model that failed, the one asked next, and why.</summary>
    /// <param name="FromProvider">Provider of the model that failed.</param>
    /// <param name="FromModel">Wire name of the model that failed.</param>
    /// <param name="ToProvider">Provider of the model asked next.</param>
    /// <param name="ToModel">Wire name of the model asked next.</param>
    /// <param name="ErrorId">The failure's ErrorId, e.g. <c>ModelThrottled</c> or <c>ContextWindowOverflow</c>.</param>
    /// <param name="Reason">The failure's message (already scrubbed of keys by the transport).</param>
    public sealed record ModelFallback(string FromProvider, string FromModel, string ToProvider, string ToModel, string ErrorId, string Reason)
    {
        /// <summary>"openai/gpt-4o → anthropic/claude-…: ModelThrottled".</summary>
        public override string ToString() => $"{FromProvider}/{FromModel} → {ToProvider}/{ToModel}: {ErrorId}";
    }
}
