using System;
using System.Text.Json;
using Strands.Types;

namespace Strands.Models
{
    /// <summary>
    /// Reads OpenAI's <c>reasoning_effort</c> from a model's parameters and holds what every
    /// provider's mapping shares (LiteLLM's budgets, the max_tokens headroom, the 'max' rule). Each
    /// provider maps the effort onto its own settings in its folder (docs/wire-formats.md, Reasoning effort).
    /// </summary>
    internal static class ReasoningEffort
    {
        /// <summary>The parameter name in the model's Params.</summary>
        public const string ParamName = "reasoning_effort";

        /// <summary>The output headroom above a thinking budget when no max_tokens is given (LiteLLM's DEFAULT_MAX_TOKENS).</summary>
        public const int ThinkingHeadroomTokens = 4096;

        private const string Allowed = "none, disable, minimal, low, medium, high, max";

        /// <summary>
        /// max_tokens when the params set none but thinking has a budget (given as <c>thinking</c> or
        /// derived from the effort): the budget plus <see cref="ThinkingHeadroomTokens"/>, as LiteLLM
        /// sends it, because the APIs reject a max_tokens at or below the budget. Null without a budget.
        /// </summary>
        public static long? MaxTokensForThinking(JsonElement p, int? effortBudget) =>
            (ExplicitThinkingBudget(p) ?? effortBudget) is long budget ? budget + ThinkingHeadroomTokens : null;

        private static long? ExplicitThinkingBudget(JsonElement p) =>
            p.ValueKind == JsonValueKind.Object && p.TryGetProperty("thinking", out var thinking) && thinking.ValueKind == JsonValueKind.Object
            && thinking.TryGetProperty("budget_tokens", out var budget) && budget.TryGetInt64(out var tokens)
                ? tokens
                : null;

        /// <summary>
        /// The effort in <paramref name="parameters"/>, or null when none is set.
        /// Throws <see cref="StrandsException"/> (<c>InvalidArgument</c>) for any other value, so a typo
        /// fails when the model is created rather than being sent or silently dropped.
        /// </summary>
        public static Effort? Read(JsonElement? parameters)
        {
            if (parameters is not JsonElement p || p.ValueKind != JsonValueKind.Object
                || !p.TryGetProperty(ParamName, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            return text?.Trim().ToLowerInvariant() switch
            {
                "none" => Effort.None,
                "disable" => Effort.Disable,
                "minimal" => Effort.Minimal,
                "low" => Effort.Low,
                "medium" => Effort.Medium,
                "high" => Effort.High,
                "max" => Effort.Max,
                _ => throw Invalid($"reasoning_effort '{text}' is not valid. Use one of: {Allowed}."),
            };
        }

        /// <summary>The wire spelling of an effort, for providers that take it as a string.</summary>
        public static string Name(Effort effort) => effort.ToString().ToLowerInvariant();

        /// <summary>
        /// The thinking budget LiteLLM gives an effort for budget-based Claude models and Gemini 2.5
        /// (DEFAULT_REASONING_EFFORT_*_THINKING_BUDGET); null for the efforts that turn thinking off.
        /// </summary>
        public static int? Budget(Effort effort) => effort switch
        {
            Effort.Minimal => 128,
            Effort.Low => 1024,
            Effort.Medium => 2048,
            Effort.High => 4096,
            _ => null,
        };

        /// <summary>Whether the model is OpenAI's open-weight gpt-oss, which takes the effort as it is wherever it is served.</summary>
        public static bool IsGptOss(string model) => model.IndexOf("gpt-oss", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>The effort itself, unless it is 'max', which exists only as Opus 4.6's adaptive effort and is an error everywhere else.</summary>
        public static Effort NotMax(Effort effort, string model) => effort == Effort.Max
            ? throw Invalid($"reasoning_effort 'max' is only for Claude Opus 4.6, not '{model}'. Use one of: none, disable, minimal, low, medium, high.")
            : effort;

        /// <summary>The error for a reasoning_effort a model cannot take.</summary>
        public static StrandsException Invalid(string message) => new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
    }
}
