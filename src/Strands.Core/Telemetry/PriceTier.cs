namespace Strands.Telemetry
{
    /// <summary>
    /// Rates that replace the base rates once a call's input exceeds a threshold, from the price
    /// table's <c>*_above_{N}k_tokens</c> fields (e.g. Claude Sonnet 4.5 and Gemini Pro above 200k).
    /// A null rate means the base rate applies.
    /// </summary>
    /// <param name="ThresholdTokens">The tier applies when input tokens (cache included) are greater than this.</param>
    /// <param name="InputCostPerToken">USD per uncached input token.</param>
    /// <param name="OutputCostPerToken">USD per output token.</param>
    /// <param name="CacheReadInputTokenCost">USD per token read from the cache.</param>
    /// <param name="CacheCreationInputTokenCost">USD per token written to the cache.</param>
    public sealed record PriceTier(
        long ThresholdTokens,
        decimal? InputCostPerToken,
        decimal? OutputCostPerToken,
        decimal? CacheReadInputTokenCost,
        decimal? CacheCreationInputTokenCost);
}
