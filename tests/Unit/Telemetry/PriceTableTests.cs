using Strands.Models.Routing;
using Strands.Telemetry;
using Xunit;

namespace Strands.Tests.Telemetry;

public class PriceTableTests
{
    [Fact]
    public void Anthropic_lookup_finds_the_bare_key()
    {
        // model_prices_and_context_window.json "claude-3-7-sonnet-20250219" (litellm_provider anthropic).
        var price = PriceTable.Find("anthropic", "claude-3-7-sonnet-20250219");

        Assert.NotNull(price);
        Assert.Equal("claude-3-7-sonnet-20250219", price!.Key);
        Assert.Equal("anthropic", price.LiteLlmProvider);
        Assert.Equal("chat", price.Mode);
        Assert.Equal(0.000003m, price.InputCostPerToken);
        Assert.Equal(0.000015m, price.OutputCostPerToken);
        Assert.Equal(0.0000003m, price.CacheReadInputTokenCost);
        Assert.Equal(0.00000375m, price.CacheCreationInputTokenCost);
        Assert.Equal(200000, price.MaxInputTokens);
        Assert.Equal(64000, price.MaxOutputTokens);
        Assert.True(price.SupportsFunctionCalling);
        Assert.True(price.SupportsPromptCaching);
    }

    [Theory]
    // "us.anthropic.claude-3-7-sonnet-20250219-v1:0" is its own key (litellm_provider bedrock_converse).
    [InlineData("us.anthropic.claude-3-7-sonnet-20250219-v1:0", "us.anthropic.claude-3-7-sonnet-20250219-v1:0")]
    [InlineData("converse/us.anthropic.claude-3-7-sonnet-20250219-v1:0", "us.anthropic.claude-3-7-sonnet-20250219-v1:0")]
    // No "apac." entry for this model: the cross-region prefix is stripped to the base id.
    [InlineData("apac.anthropic.claude-3-7-sonnet-20250219-v1:0", "anthropic.claude-3-7-sonnet-20250219-v1:0")]
    // Provisioned-throughput suffix ":28k" is stripped, keeping the ":0" version.
    [InlineData("anthropic.claude-3-7-sonnet-20250219-v1:0:28k", "anthropic.claude-3-7-sonnet-20250219-v1:0")]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0", "us.anthropic.claude-3-7-sonnet-20250219-v1:0")]
    // "eu.anthropic.claude-3-7-sonnet-20250219-v1:0" is priced under litellm_provider bedrock, not bedrock_converse.
    [InlineData("eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "eu.anthropic.claude-3-7-sonnet-20250219-v1:0")]
    public void Bedrock_lookup_strips_route_region_and_throughput_decorations(string modelName, string expectedKey)
    {
        var price = PriceTable.Find("bedrock", modelName);

        Assert.NotNull(price);
        Assert.Equal(expectedKey, price!.Key);
        Assert.Equal(8192, price.MaxOutputTokens);
    }

    [Fact]
    public void Openai_lookup_is_case_insensitive()
    {
        // "gpt-4o": input 2.5e-06, output 1e-05, cache_read 1.25e-06, max_output_tokens 16384.
        var price = PriceTable.Find("openai", "GPT-4o");

        Assert.NotNull(price);
        Assert.Equal("gpt-4o", price!.Key);
        Assert.Equal(0.0000025m, price.InputCostPerToken);
        Assert.Equal(16384, price.MaxOutputTokens);
    }

    [Fact]
    public void Gemini_lookup_prefers_the_gemini_entry_over_the_vertex_one()
    {
        // "gemini/gemini-2.5-flash" is litellm_provider gemini; the bare "gemini-2.5-flash" belongs to vertex_ai.
        var price = PriceTable.Find("gemini", "gemini-2.5-flash");

        Assert.NotNull(price);
        Assert.Equal("gemini/gemini-2.5-flash", price!.Key);
        Assert.Equal("gemini", price.LiteLlmProvider);
        Assert.Equal(65535, price.MaxOutputTokens);
    }

    [Fact]
    public void A_match_owned_by_another_provider_is_not_taken()
    {
        Assert.Null(PriceTable.Find("groq", "gpt-4o"));
        Assert.NotNull(PriceTable.Find("azure", "gpt-4o"));
    }

    [Theory]
    [InlineData("anthropic", "claude-does-not-exist")]
    [InlineData("no_such_provider", "gpt-4o")]
    [InlineData("litellm_proxy", "my-team-alias")]
    [InlineData("", "gpt-4o")]
    public void Unknown_models_are_null(string provider, string modelName)
    {
        Assert.Null(PriceTable.Find(provider, modelName));
        Assert.Null(PriceTable.MaxOutputTokens(provider, modelName));
    }

    [Theory]
    [InlineData("anthropic/claude-3-7-sonnet-20250219", "claude-3-7-sonnet-20250219")]
    [InlineData("gemini/gemini-2.5-flash", "gemini/gemini-2.5-flash")]
    [InlineData("gpt-4o", "gpt-4o")]
    public void Litellm_proxy_names_are_priced_as_the_model_they_route_to(string modelName, string expectedKey)
    {
        Assert.Equal(expectedKey, PriceTable.Find("litellm_proxy", modelName)?.Key);
    }

    [Fact]
    public void Ollama_chat_shares_ollama_prices()
    {
        Assert.Equal("ollama/llama3", PriceTable.Find("ollama_chat", "llama3")?.Key);
        Assert.Equal(PriceTable.ModelNamesFor("ollama"), PriceTable.ModelNamesFor("ollama_chat"));
    }

    [Fact]
    public void Max_output_tokens_comes_from_the_entry()
    {
        // "claude-sonnet-4-5-20250929": max_output_tokens 64000.
        Assert.Equal(64000, PriceTable.MaxOutputTokens("anthropic", "claude-sonnet-4-5-20250929"));
    }

    [Fact]
    public void Threshold_tiers_are_parsed()
    {
        // "claude-sonnet-4-5-20250929": *_above_200k_tokens input 6e-06, output 2.25e-05, cache_read 6e-07, cache_creation 7.5e-06.
        var tier = Assert.Single(PriceTable.Find("anthropic", "claude-sonnet-4-5-20250929")!.Tiers);

        Assert.Equal(200000, tier.ThresholdTokens);
        Assert.Equal(0.000006m, tier.InputCostPerToken);
        Assert.Equal(0.0000225m, tier.OutputCostPerToken);
        Assert.Equal(0.0000006m, tier.CacheReadInputTokenCost);
        Assert.Equal(0.0000075m, tier.CacheCreationInputTokenCost);
    }

    [Fact]
    public void Model_names_for_completion_are_unprefixed_and_sorted()
    {
        var anthropic = PriceTable.ModelNamesFor("anthropic").ToList();
        var gemini = PriceTable.ModelNamesFor("gemini").ToList();

        Assert.Contains("claude-3-7-sonnet-20250219", anthropic);
        Assert.Equal(anthropic.OrderBy(n => n, StringComparer.OrdinalIgnoreCase), anthropic);
        Assert.Contains("gemini-2.5-flash", gemini);
        Assert.DoesNotContain(gemini, n => n.StartsWith("gemini/", StringComparison.Ordinal));
        Assert.Empty(PriceTable.ModelNamesFor("litellm_proxy"));
    }

    [Fact]
    public void Every_completion_name_resolves_to_a_chat_model_of_its_provider()
    {
        var owners = ProviderTable.All.SelectMany(p => p.PriceTableProviders).ToHashSet();
        var all = ProviderTable.All.SelectMany(p => PriceTable.ModelNamesFor(p.Name).Select(n => PriceTable.Find(p.Name, n))).ToList();

        Assert.True(PriceTable.Count > 1000);
        Assert.All(all, price =>
        {
            Assert.NotNull(price);
            Assert.Equal("chat", price!.Mode);
            Assert.Contains(price.LiteLlmProvider, owners);
        });
    }
}
