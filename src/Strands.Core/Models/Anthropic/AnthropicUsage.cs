using System;
using System.Text.Json;
using Strands.Types;
using static Strands.Models.WireJson;

namespace Strands.Models.Anthropic
{
    /// <summary>
    /// Token counts the way Anthropic reports them: <c>input_tokens</c> excludes the tokens read
    /// from and written to the cache, which come as separate counts.
    /// </summary>
    internal struct AnthropicUsage
    {
        public long InputTokens;
        public long OutputTokens;
        public long CacheReadInputTokens;
        public long CacheCreationInputTokens;

        /// <summary>
        /// Reads a <c>usage</c> object. When it holds <c>iterations</c> (server-side compaction
        /// sampled more than once), their sum is the call's total: the top-level numbers then
        /// cover only the last iteration, and billing counts every one.
        /// </summary>
        public static AnthropicUsage Read(ref Utf8JsonReader r)
        {
            var top = new AnthropicUsage();
            if (Next(ref r) != JsonTokenType.StartObject)
            {
                if (r.TokenType == JsonTokenType.StartArray) r.Skip();
                return top;
            }
            var sum = new AnthropicUsage();
            var iterations = 0;
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("iterations"))
                {
                    if (Next(ref r) != JsonTokenType.StartArray)
                    {
                        if (r.TokenType == JsonTokenType.StartObject) r.Skip();
                        continue;
                    }
                    while (Next(ref r) == JsonTokenType.StartObject)
                    {
                        ReadCounts(ref r, ref sum);
                        iterations++;
                    }
                }
                else if (!TryReadCount(ref r, ref top)) SkipValue(ref r);
            }
            return iterations > 0 ? sum : top;
        }

        /// <summary>
        /// Combines the <c>message_start</c> counts with a later <c>message_delta</c>'s. Stream counts
        /// are cumulative, so the larger of the two is the current one; taking it also keeps the
        /// start's cache counts when a delta reports them as 0 or not at all.
        /// </summary>
        public AnthropicUsage Merge(AnthropicUsage later) => new()
        {
            InputTokens = Math.Max(InputTokens, later.InputTokens),
            OutputTokens = Math.Max(OutputTokens, later.OutputTokens),
            CacheReadInputTokens = Math.Max(CacheReadInputTokens, later.CacheReadInputTokens),
            CacheCreationInputTokens = Math.Max(CacheCreationInputTokens, later.CacheCreationInputTokens),
        };

        /// <summary>Our convention: input counts every prompt token, the cache counts are parts of it.</summary>
        public Usage ToUsage() => new(
            InputTokens + CacheReadInputTokens + CacheCreationInputTokens,
            OutputTokens,
            CacheReadInputTokens,
            CacheCreationInputTokens);

        // Reads the counts of one object whose StartObject was just consumed; adds them to `into`.
        private static void ReadCounts(ref Utf8JsonReader r, ref AnthropicUsage into)
        {
            var one = new AnthropicUsage();
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (!TryReadCount(ref r, ref one)) SkipValue(ref r);
            }
            into.InputTokens += one.InputTokens;
            into.OutputTokens += one.OutputTokens;
            into.CacheReadInputTokens += one.CacheReadInputTokens;
            into.CacheCreationInputTokens += one.CacheCreationInputTokens;
        }

        private static bool TryReadCount(ref Utf8JsonReader r, ref AnthropicUsage usage)
        {
            if (r.ValueTextEquals("input_tokens")) usage.InputTokens = ReadLong(ref r);
            else if (r.ValueTextEquals("output_tokens")) usage.OutputTokens = ReadLong(ref r);
            else if (r.ValueTextEquals("cache_read_input_tokens")) usage.CacheReadInputTokens = ReadLong(ref r);
            else if (r.ValueTextEquals("cache_creation_input_tokens")) usage.CacheCreationInputTokens = ReadLong(ref r);
            else return false;
            return true;
        }
    }
}
