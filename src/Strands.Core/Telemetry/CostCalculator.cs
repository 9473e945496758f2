using Strands.Types;

namespace Strands.Telemetry
{
    /// <summary>Estimates what a call cost in USD from its token usage and the embedded price table.</summary>
    public static class CostCalculator
    {
        /// <summary>
        /// Estimates the cost of <paramref name="usage"/> on a model, with LiteLLM's
        /// <c>generic_cost_per_token</c> formula (docs/wire-formats.md, Prices):
        /// <code>
        /// cost = (InputTokens − CacheRead − CacheWrite) × input_cost_per_token
        ///      + CacheRead  × cache_read_input_token_cost
        ///      + CacheWrite × cache_creation_input_token_cost
        ///      + OutputTokens × output_cost_per_token
        /// </code>
        /// Our <see cref="Usage"/> counts cache reads and writes inside InputTokens, as LiteLLM's
        /// <c>prompt_tokens</c> does, so the uncached part is the difference (never below zero, the
        /// double-count guard of LiteLLM #19680). When InputTokens exceeds a tier threshold
        /// (<c>*_above_200k_tokens</c>), that tier's rates replace the base rates. A missing cache
        /// rate counts as 0, as in LiteLLM. Not modelled: the 1-hour cache-write rate, reasoning,
        /// audio and image token rates, per-request fees, and <c>tiered_pricing</c> lists.
        /// </summary>
        /// <param name="provider">Routing prefix, e.g. <c>anthropic</c>.</param>
        /// <param name="modelName">Model name as sent on the wire.</param>
        /// <param name="usage">Token counts of the call or calls.</param>
        /// <returns>USD, or null when the model or its token prices are unknown (never a made-up 0).</returns>
        public static decimal? Estimate(string provider, string modelName, Usage usage)
        {
            var price = PriceTable.Find(provider, modelName);
            return price is null ? null : Estimate(price, usage);
        }

        /// <summary>Applies the formula of <see cref="Estimate(string, string, Usage)"/> to a known entry.</summary>
        /// <returns>USD, or null when the entry has neither an input nor an output token price.</returns>
        public static decimal? Estimate(ModelPrice price, Usage usage)
        {
            if (price is null || usage is null) return null;
            if (price.InputCostPerToken is null && price.OutputCostPerToken is null) return null;

            PriceTier? tier = null;
            foreach (var candidate in price.Tiers)
            {
                if (usage.InputTokens > candidate.ThresholdTokens)
                {
                    tier = candidate;
                    break;
                }
            }

            decimal input = tier?.InputCostPerToken ?? price.InputCostPerToken ?? 0m;
            decimal output = tier?.OutputCostPerToken ?? price.OutputCostPerToken ?? 0m;
            decimal cacheRead = tier?.CacheReadInputTokenCost ?? price.CacheReadInputTokenCost ?? 0m;
            decimal cacheWrite = tier?.CacheCreationInputTokenCost ?? price.CacheCreationInputTokenCost ?? 0m;

            return usage.UncachedInputTokens * input
                + usage.CacheReadInputTokens * cacheRead
                + usage.CacheWriteInputTokens * cacheWrite
                + usage.OutputTokens * output;
        }
    }
}
