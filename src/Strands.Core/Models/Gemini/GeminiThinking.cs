namespace Strands.Models.Gemini
{
    /// <summary>Gemini's <c>thinkingConfig</c> for a reasoning effort: a budget (Gemini 2.5 and older) or a level (Gemini 3 and newer).</summary>
    /// <param name="Budget">thinkingBudget, or null.</param>
    /// <param name="Level">thinkingLevel, or null.</param>
    /// <param name="IncludeThoughts">includeThoughts, or null to leave it out.</param>
    internal readonly record struct GeminiThinking(int? Budget, string? Level, bool? IncludeThoughts)
    {
        /// <summary>
        /// Gemini 2.5 and older take a thinkingBudget (minimal is model-specific; disable and none
        /// are 0, and disable also says not to include thoughts). Gemini 3 and newer take a thinkingLevel:
        /// medium exists only on 3-flash and 3.1-pro (else high), minimal only on 3-flash (else low),
        /// and thinking cannot be turned off, so none and disable are the lowest level without thoughts.
        /// </summary>
        public static GeminiThinking For(string model, Effort effort)
        {
            var id = model.ToLowerInvariant();
            if (id.StartsWith("gemini-", System.StringComparison.Ordinal) && id.Length > 7 && id[7] >= '3' && id[7] <= '9')
            {
                var flash = id.StartsWith("gemini-3-flash", System.StringComparison.Ordinal);
                var level = ReasoningEffort.NotMax(effort, model) switch
                {
                    Effort.Minimal => flash ? "minimal" : "low",
                    Effort.Medium => flash || id.StartsWith("gemini-3.1-pro", System.StringComparison.Ordinal) ? "medium" : "high",
                    Effort.High => "high",
                    _ => "low",
                };
                return new GeminiThinking(null, level, effort is not (Effort.None or Effort.Disable));
            }
            return ReasoningEffort.NotMax(effort, model) switch
            {
                Effort.None => new GeminiThinking(0, null, null),
                Effort.Disable => new GeminiThinking(0, null, false),
                Effort.Minimal => new GeminiThinking(
                    id.Contains("2.5-flash-lite") ? 512 : id.Contains("2.5-flash") ? 1 : 128, null, true),
                var e => new GeminiThinking(ReasoningEffort.Budget(e), null, true),
            };
        }
    }
}
