using System.Text.Json;

namespace Strands.Models.Common
{
    /// <summary>
    /// Claude's thinking for a reasoning effort: a token budget, or adaptive thinking with an effort
    /// level (Claude 4.6). Claude takes the same fields on the Anthropic API and on Bedrock, so both
    /// adapters map and write it here.
    /// </summary>
    /// <param name="BudgetTokens">The thinking budget, for budget-based models.</param>
    /// <param name="AdaptiveEffort">The effort level, for adaptive thinking.</param>
    internal readonly record struct ClaudeThinking(int? BudgetTokens, string? AdaptiveEffort)
    {
        /// <summary>
        /// The thinking for <paramref name="effort"/>; null turns thinking off. Claude 4.6 models think
        /// adaptively with an effort level (minimal becomes low; max only on Opus 4.6); older models
        /// get LiteLLM's token budget.
        /// </summary>
        public static ClaudeThinking? For(string model, Effort effort)
        {
            if (effort is Effort.None or Effort.Disable) return null;
            var id = model.ToLowerInvariant();
            if (IsClaude46(id))
            {
                if (effort == Effort.Max && !ContainsAny(id, "opus-4-6", "opus-4.6"))
                    throw ReasoningEffort.Invalid($"reasoning_effort 'max' is only for Claude Opus 4.6, not '{model}'. Use one of: minimal, low, medium, high.");
                return new ClaudeThinking(null, effort == Effort.Minimal ? "low" : ReasoningEffort.Name(effort));
            }
            return new ClaudeThinking(ReasoningEffort.Budget(ReasoningEffort.NotMax(effort, model)), null);
        }

        /// <summary>
        /// Writes <c>thinking</c>, and for adaptive thinking the effort in <c>output_config</c>
        /// (left out when the caller sets output_config).
        /// </summary>
        public void Write(Utf8JsonWriter w, bool writeOutputConfig)
        {
            w.WriteStartObject("thinking");
            if (BudgetTokens is int budget)
            {
                w.WriteString("type", "enabled");
                w.WriteNumber("budget_tokens", budget);
            }
            else w.WriteString("type", "adaptive");
            w.WriteEndObject();
            if (AdaptiveEffort is string level && writeOutputConfig)
            {
                w.WriteStartObject("output_config");
                w.WriteString("effort", level);
                w.WriteEndObject();
            }
        }

        private static bool IsClaude46(string id) =>
            ContainsAny(id, "opus-4-6", "opus-4.6", "sonnet-4-6", "sonnet-4.6", "haiku-4-6", "haiku-4.6");

        private static bool ContainsAny(string id, params string[] parts)
        {
            foreach (var part in parts)
                if (id.Contains(part)) return true;
            return false;
        }
    }
}
