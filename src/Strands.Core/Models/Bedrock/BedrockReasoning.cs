using Strands.Models.Common;

namespace Strands.Models.Bedrock
{
    /// <summary>
    /// Bedrock's reasoning settings for an effort, by model family: gpt-oss takes reasoning_effort
    /// as it is, Nova 2 a reasoningConfig effort, and every other model Claude's thinking.
    /// </summary>
    /// <param name="ReasoningEffort">reasoning_effort passed through, for gpt-oss.</param>
    /// <param name="NovaEffort">reasoningConfig.maxReasoningEffort, for Nova 2.</param>
    /// <param name="Thinking">Claude's thinking, for the rest.</param>
    internal readonly record struct BedrockReasoning(string? ReasoningEffort, string? NovaEffort, ClaudeThinking? Thinking)
    {
        /// <summary>LiteLLM's mapping: gpt-oss passes through, Nova 2 gets reasoningConfig (minimal becomes low; none and disable send none), the rest Claude's.</summary>
        public static BedrockReasoning For(string model, Effort effort)
        {
            if (Models.ReasoningEffort.IsGptOss(model)) return new BedrockReasoning(Models.ReasoningEffort.Name(Models.ReasoningEffort.NotMax(effort, model)), null, null);
            if (model.IndexOf("nova-2", System.StringComparison.OrdinalIgnoreCase) >= 0)
            {
                var nova = Models.ReasoningEffort.NotMax(effort, model) switch
                {
                    Effort.None or Effort.Disable => null,
                    Effort.Minimal => "low",
                    var e => Models.ReasoningEffort.Name(e),
                };
                return new BedrockReasoning(null, nova, null);
            }
            return new BedrockReasoning(null, null, ClaudeThinking.For(model, effort));
        }
    }
}
