using Strands.Types;

namespace Strands.Models.Anthropic
{
    /// <summary>Maps Anthropic's <c>stop_reason</c> to Strands' stop reasons.</summary>
    internal static class AnthropicStopReason
    {
        public static StopReason Map(string? reason) => reason switch
        {
            "tool_use" => StopReason.ToolUse,
            "max_tokens" => StopReason.MaxTokens,
            // The reply was cut because the context window filled up: to the loop that is the same
            // as running out of output tokens.
            "model_context_window_exceeded" => StopReason.MaxTokens,
            "stop_sequence" => StopReason.StopSequence,
            "refusal" => StopReason.ContentFiltered,
            // pause_turn (a long server-tool turn paused), end_turn, and anything newer: the model
            // handed the turn back. The provider's word stays on the event for callers that care.
            _ => StopReason.EndTurn,
        };
    }
}
