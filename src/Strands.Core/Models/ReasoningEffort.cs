using System;
using System.Text.Json;
using Strands.Types;

namespace Strands.Models
{
    /// <summary>The values of LiteLLM's <c>reasoning_effort</c> parameter.</summary>
    internal enum Effort
    {
        None,
        Disable,
        Minimal,
        Low,
        Medium,
        High,
        Max,
    }

    /// <summary>Anthropic thinking for an effort: a token budget, or adaptive thinking with an effort level (Claude 4.6).</summary>
    internal readonly record struct AnthropicThinking(int? BudgetTokens, string? AdaptiveEffort);

    /// <summary>Gemini's thinkingConfig for an effort: a budget (Gemini 2.5 and older) or a level (Gemini 3 and newer).</summary>
    internal readonly record struct GeminiThinking(int? Budget, string? Level, bool? IncludeThoughts);

    /// <summary>
    /// Bedrock's reasoning settings for an effort, by model family: gpt-oss takes reasoning_effort
    /// as it is, Nova 2 a reasoningConfig effort, and every other model Anthropic's thinking.
    /// </summary>
    internal readonly record struct BedrockReasoning(string? ReasoningEffort, string? NovaEffort, AnthropicThinking? Thinking);

    /// <summary>Ollama's <c>think</c> for an effort: the level string (gpt-oss) or, when that is null, the bool.</summary>
    internal readonly record struct OllamaThink(string? Level, bool Enabled);

    /// <summary>
    /// Maps OpenAI's <c>reasoning_effort</c> onto each native provider's reasoning settings, with
    /// LiteLLM's tables (litellm-wire-formats.md §3.2, §4.2, §5). The one place these tables live;
    /// the request writers only put the result on the wire.
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
        private static int? Budget(Effort effort) => effort switch
        {
            Effort.Minimal => 128,
            Effort.Low => 1024,
            Effort.Medium => 2048,
            Effort.High => 4096,
            _ => null,
        };

        /// <summary>
        /// Anthropic (and Claude on Bedrock): null turns thinking off. Claude 4.6 models think
        /// adaptively with an effort level (minimal becomes low; max only on Opus 4.6); older
        /// models get a token budget.
        /// </summary>
        public static AnthropicThinking? ForAnthropic(string model, Effort effort)
        {
            if (effort is Effort.None or Effort.Disable) return null;
            var id = model.ToLowerInvariant();
            if (IsClaude46(id))
            {
                if (effort == Effort.Max && !Contains(id, "opus-4-6", "opus-4.6"))
                    throw Invalid($"reasoning_effort 'max' is only for Claude Opus 4.6, not '{model}'. Use one of: minimal, low, medium, high.");
                return new AnthropicThinking(null, effort == Effort.Minimal ? "low" : Name(effort));
            }
            return new AnthropicThinking(Budget(NotMax(effort, model)), null);
        }

        /// <summary>
        /// Gemini 2.5 and older take a thinkingBudget (minimal is model-specific; disable and none
        /// are 0, and disable also says not to include thoughts). Gemini 3 and newer take a thinkingLevel:
        /// medium exists only on 3-flash and 3.1-pro (else high), minimal only on 3-flash (else low),
        /// and thinking cannot be turned off, so none and disable are the lowest level without thoughts.
        /// </summary>
        public static GeminiThinking ForGemini(string model, Effort effort)
        {
            var id = model.ToLowerInvariant();
            if (id.StartsWith("gemini-", StringComparison.Ordinal) && id.Length > 7 && id[7] >= '3' && id[7] <= '9')
            {
                var flash = id.StartsWith("gemini-3-flash", StringComparison.Ordinal);
                var level = NotMax(effort, model) switch
                {
                    Effort.Minimal => flash ? "minimal" : "low",
                    Effort.Medium => flash || id.StartsWith("gemini-3.1-pro", StringComparison.Ordinal) ? "medium" : "high",
                    Effort.High => "high",
                    _ => "low",
                };
                return new GeminiThinking(null, level, effort is not (Effort.None or Effort.Disable));
            }
            return NotMax(effort, model) switch
            {
                Effort.None => new GeminiThinking(0, null, null),
                Effort.Disable => new GeminiThinking(0, null, false),
                Effort.Minimal => new GeminiThinking(
                    id.Contains("2.5-flash-lite") ? 512 : id.Contains("2.5-flash") ? 1 : 128, null, true),
                var e => new GeminiThinking(Budget(e), null, true),
            };
        }

        /// <summary>Bedrock (§4.2 _handle_reasoning_effort_parameter): gpt-oss passes through, Nova 2 gets reasoningConfig (minimal becomes low; none and disable send none), the rest Anthropic's mapping.</summary>
        public static BedrockReasoning ForBedrock(string model, Effort effort)
        {
            if (IsGptOss(model)) return new BedrockReasoning(Name(NotMax(effort, model)), null, null);
            if (IsNova2(model))
            {
                var nova = NotMax(effort, model) switch
                {
                    Effort.None or Effort.Disable => null,
                    Effort.Minimal => "low",
                    var e => Name(e),
                };
                return new BedrockReasoning(null, nova, null);
            }
            return new BedrockReasoning(null, null, ForAnthropic(model, effort));
        }

        /// <summary>Ollama's <c>think</c>: gpt-oss takes the effort string itself, other models a bool that is true for low, medium and high.</summary>
        public static OllamaThink ForOllama(string model, Effort effort) => IsGptOss(model)
            ? new OllamaThink(Name(NotMax(effort, model)), true)
            : new OllamaThink(null, NotMax(effort, model) is Effort.Low or Effort.Medium or Effort.High);

        private static bool IsGptOss(string model) => model.IndexOf("gpt-oss", StringComparison.OrdinalIgnoreCase) >= 0;

        private static bool IsNova2(string model) => model.IndexOf("nova-2", StringComparison.OrdinalIgnoreCase) >= 0;

        private static bool IsClaude46(string id) =>
            Contains(id, "opus-4-6", "opus-4.6", "sonnet-4-6", "sonnet-4.6", "haiku-4-6", "haiku-4.6");

        private static bool Contains(string id, params string[] parts)
        {
            foreach (var part in parts)
                if (id.Contains(part)) return true;
            return false;
        }

        // 'max' exists only as Opus 4.6's adaptive effort; everywhere else it is an error.
        private static Effort NotMax(Effort effort, string model) => effort == Effort.Max
            ? throw Invalid($"reasoning_effort 'max' is only for Claude Opus 4.6, not '{model}'. Use one of: none, disable, minimal, low, medium, high.")
            : effort;

        private static StrandsException Invalid(string message) => new(ErrorIds.InvalidArgument, "InvalidArgument", message);
    }
}
