namespace Strands.Models.Ollama
{
    /// <summary>Ollama's <c>think</c> for a reasoning effort: the level string (gpt-oss) or, when that is null, the bool.</summary>
    /// <param name="Level">The level gpt-oss takes, or null.</param>
    /// <param name="Enabled">Whether to think, for the other models.</param>
    internal readonly record struct OllamaThink(string? Level, bool Enabled)
    {
        /// <summary>gpt-oss takes the effort string itself, other models a bool that is true for low, medium and high.</summary>
        public static OllamaThink For(string model, Effort effort) => ReasoningEffort.IsGptOss(model)
            ? new OllamaThink(ReasoningEffort.Name(ReasoningEffort.NotMax(effort, model)), true)
            : new OllamaThink(null, ReasoningEffort.NotMax(effort, model) is Effort.Low or Effort.Medium or Effort.High);
    }
}
