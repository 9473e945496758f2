namespace Strands.Types
{
    /// <summary>
    /// Token counts of one model call or a sum of calls.
    /// Convention (one for every provider): <see cref="InputTokens"/> counts every prompt token the
    /// model processed, cached or not; <see cref="CacheReadInputTokens"/> and
    /// <see cref="CacheWriteInputTokens"/> are the parts of it read from or written to the cache.
    /// OpenAI and LiteLLM already report this way; Anthropic and Bedrock report cache tokens beside
    /// the input count, so their adapters add them in. Summing never double-counts (Strands #3546).
    /// </summary>
    public sealed record Usage(long InputTokens, long OutputTokens, long CacheReadInputTokens = 0, long CacheWriteInputTokens = 0)
    {
        /// <summary>No tokens.</summary>
        public static readonly Usage Zero = new(0, 0);

        /// <summary>Input plus output tokens.</summary>
        public long TotalTokens => InputTokens + OutputTokens;

        /// <summary>Input tokens billed at the normal input rate (neither read from nor written to the cache).</summary>
        public long UncachedInputTokens => System.Math.Max(0, InputTokens - CacheReadInputTokens - CacheWriteInputTokens);

        /// <summary>Adds two usages field by field.</summary>
        public static Usage operator +(Usage a, Usage b) => new(
            a.InputTokens + b.InputTokens,
            a.OutputTokens + b.OutputTokens,
            a.CacheReadInputTokens + b.CacheReadInputTokens,
            a.CacheWriteInputTokens + b.CacheWriteInputTokens);
    }
}
