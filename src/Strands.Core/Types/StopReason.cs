namespace Strands.Types
{
    /// <summary>Why the model stopped (Strands' stop reasons).</summary>
    public enum StopReason
    {
        /// <summary>The model finished its answer.</summary>
        EndTurn,
        /// <summary>The model asked for tools.</summary>
        ToolUse,
        /// <summary>The output token limit cut the answer.</summary>
        MaxTokens,
        /// <summary>A stop sequence was produced.</summary>
        StopSequence,
        /// <summary>A provider guardrail intervened.</summary>
        GuardrailIntervened,
        /// <summary>The provider filtered the content.</summary>
        ContentFiltered,
        /// <summary>The invocation was cancelled.</summary>
        Cancelled,
    }

    /// <summary>Strands' wire names for stop reasons.</summary>
    public static class StopReasonNames
    {
        /// <summary>The snake_case name Strands uses (end_turn, tool_use, ...).</summary>
        public static string ToWireName(this StopReason reason) => reason switch
        {
            StopReason.EndTurn => "end_turn",
            StopReason.ToolUse => "tool_use",
            StopReason.MaxTokens => "max_tokens",
            StopReason.StopSequence => "stop_sequence",
            StopReason.GuardrailIntervened => "guardrail_intervened",
            StopReason.ContentFiltered => "content_filtered",
            _ => "cancelled",
        };
    }
}
