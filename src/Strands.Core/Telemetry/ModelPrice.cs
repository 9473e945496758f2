using System;
using System.Collections.Generic;

namespace Strands.Telemetry
{
    /// <summary>
    /// One model's entry in LiteLLM's price table (docs/wire-formats.md, Prices), reduced to the
    /// fields Strands uses. Prices are USD per token; null where the table has no value.
    /// </summary>
    public sealed record ModelPrice
    {
        /// <summary>Creates an entry.</summary>
        public ModelPrice(string key, string liteLlmProvider)
        {
            Key = key;
            LiteLlmProvider = liteLlmProvider;
        }

        /// <summary>The table key the lookup matched, e.g. <c>claude-3-7-sonnet-20250219</c> or <c>gemini/gemini-2.5-flash</c>.</summary>
        public string Key { get; }

        /// <summary>The entry's <c>litellm_provider</c>, e.g. <c>bedrock_converse</c>.</summary>
        public string LiteLlmProvider { get; }

        /// <summary>The entry's <c>mode</c>; <c>chat</c> for every entry the embedded table keeps.</summary>
        public string? Mode { get; init; }

        /// <summary>Context window in tokens.</summary>
        public int? MaxInputTokens { get; init; }

        /// <summary>Output limit in tokens: <c>max_output_tokens</c>, else the legacy <c>max_tokens</c> as LiteLLM's <c>get_max_tokens</c> does.</summary>
        public int? MaxOutputTokens { get; init; }

        /// <summary>USD per uncached input token.</summary>
        public decimal? InputCostPerToken { get; init; }

        /// <summary>USD per output token.</summary>
        public decimal? OutputCostPerToken { get; init; }

        /// <summary>USD per input token read from the cache.</summary>
        public decimal? CacheReadInputTokenCost { get; init; }

        /// <summary>USD per input token written to the cache.</summary>
        public decimal? CacheCreationInputTokenCost { get; init; }

        /// <summary>Whether the model takes tools.</summary>
        public bool SupportsFunctionCalling { get; init; }

        /// <summary>Whether the model supports prompt caching.</summary>
        public bool SupportsPromptCaching { get; init; }

        /// <summary>Threshold tiers, highest threshold first.</summary>
        public IReadOnlyList<PriceTier> Tiers { get; init; } = Array.Empty<PriceTier>();
    }
}
