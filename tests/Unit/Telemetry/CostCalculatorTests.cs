using Strands.Telemetry;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Telemetry;

public class CostCalculatorTests
{
    // "claude-3-7-sonnet-20250219": input 3e-06, output 1.5e-05, cache_read 3e-07, cache_creation 3.75e-06.
    private const decimal SonnetInput = 0.000003m, SonnetOutput = 0.000015m, SonnetCacheRead = 0.0000003m, SonnetCacheWrite = 0.00000375m;

    [Fact]
    public void Anthropic_cache_write_matches_the_litellm_9812_worked_check()
    {
        // LiteLLM's formula: 3 uncached + 12304 cache-write input tokens, 550 output = $0.054399, Anthropic's bill.
        var usage = new Usage(InputTokens: 3 + 12304, OutputTokens: 550, CacheWriteInputTokens: 12304);

        Assert.Equal(0.054399m, CostCalculator.Estimate("anthropic", "claude-3-7-sonnet-20250219", usage));
    }

    [Fact]
    public void Anthropic_cost_with_cache_read_and_write()
    {
        var usage = new Usage(InputTokens: 10000, OutputTokens: 500, CacheReadInputTokens: 8000, CacheWriteInputTokens: 1000);
        decimal expected = 1000 * SonnetInput + 8000 * SonnetCacheRead + 1000 * SonnetCacheWrite + 500 * SonnetOutput;

        Assert.Equal(expected, CostCalculator.Estimate("anthropic", "claude-3-7-sonnet-20250219", usage));
        Assert.Equal(0.01665m, expected);
    }

    [Fact]
    public void Bedrock_cross_region_profile_uses_its_own_entry()
    {
        // "us.anthropic.claude-3-7-sonnet-20250219-v1:0" carries the same rates as the Anthropic entry.
        var usage = new Usage(InputTokens: 2000, OutputTokens: 100, CacheReadInputTokens: 1500);
        decimal expected = 500 * SonnetInput + 1500 * SonnetCacheRead + 100 * SonnetOutput;

        Assert.Equal(expected, CostCalculator.Estimate("bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", usage));
    }

    [Fact]
    public void Openai_cached_tokens_are_part_of_input_and_cache_writes_without_a_rate_are_free()
    {
        // "gpt-4o": input 2.5e-06, output 1e-05, cache_read 1.25e-06, no cache_creation rate.
        var usage = new Usage(InputTokens: 1000, OutputTokens: 200, CacheReadInputTokens: 400, CacheWriteInputTokens: 100);
        decimal expected = 500 * 0.0000025m + 400 * 0.00000125m + 100 * 0m + 200 * 0.00001m;

        Assert.Equal(expected, CostCalculator.Estimate("openai", "gpt-4o", usage));
    }

    [Fact]
    public void Gemini_cost()
    {
        // "gemini/gemini-2.5-flash": input 3e-07, output 2.5e-06, cache_read 3e-08.
        var usage = new Usage(InputTokens: 1000, OutputTokens: 100, CacheReadInputTokens: 200);
        decimal expected = 800 * 0.0000003m + 200 * 0.00000003m + 100 * 0.0000025m;

        Assert.Equal(expected, CostCalculator.Estimate("gemini", "gemini-2.5-flash", usage));
    }

    [Fact]
    public void Input_above_the_threshold_uses_the_tier_rates()
    {
        // "claude-sonnet-4-5-20250929": base input 3e-06 / output 1.5e-05; above 200k: 6e-06 / 2.25e-05,
        // cache_read 6e-07, cache_creation 7.5e-06.
        var above = new Usage(InputTokens: 250000, OutputTokens: 1000, CacheReadInputTokens: 40000, CacheWriteInputTokens: 10000);
        var atThreshold = new Usage(InputTokens: 200000, OutputTokens: 1000);

        Assert.Equal(200000 * 0.000006m + 40000 * 0.0000006m + 10000 * 0.0000075m + 1000 * 0.0000225m,
            CostCalculator.Estimate("anthropic", "claude-sonnet-4-5-20250929", above));
        Assert.Equal(200000 * 0.000003m + 1000 * 0.000015m,
            CostCalculator.Estimate("anthropic", "claude-sonnet-4-5-20250929", atThreshold));
    }

    [Fact]
    public void Known_model_with_no_tokens_costs_zero()
    {
        Assert.Equal(0m, CostCalculator.Estimate("openai", "gpt-4o", Usage.Zero));
    }

    [Theory]
    [InlineData("anthropic", "claude-does-not-exist")]
    [InlineData("hosted_vllm", "meta-llama/Llama-3.1-8B-Instruct")]
    [InlineData("litellm_proxy", "my-team-alias")]
    // "dashscope/qwen-flash" has only a tiered_pricing list, which is not modelled: unknown, not free.
    [InlineData("dashscope", "qwen-flash")]
    public void Unknown_model_or_price_is_null_never_zero(string provider, string modelName)
    {
        Assert.Null(CostCalculator.Estimate(provider, modelName, new Usage(1000, 100)));
    }
}
