using Strands.Models.Ollama;
using Strands.Models.OpenAi;
using Strands.Models.Routing;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Routing;

public class ModelRouterTests
{
    /// <summary>
    /// Expected values written out from LiteLLM's provider list (docs/wire-formats.md, Routing)
    /// rather than read from ProviderTable, so a typo in either shows up here.
    /// </summary>
    private static readonly ExpectedProvider[] Expected =
    {
        new("openai", "https://api.openai.com/v1", new[] { "OPENAI_API_KEY" }, new[] { "OPENAI_BASE_URL", "OPENAI_API_BASE" }),
        new("azure", null, new[] { "AZURE_OPENAI_API_KEY", "AZURE_API_KEY" }, new[] { "AZURE_API_BASE" }),
        new("anthropic", "https://api.anthropic.com/v1/messages", new[] { "ANTHROPIC_API_KEY" }, new[] { "ANTHROPIC_API_BASE", "ANTHROPIC_BASE_URL" }),
        new("bedrock", "https://bedrock-runtime.us-west-2.amazonaws.com", new[] { "AWS_BEARER_TOKEN_BEDROCK" }, new[] { "AWS_BEDROCK_RUNTIME_ENDPOINT" }, KeyRequired: false),
        new("gemini", "https://generativelanguage.googleapis.com", new[] { "GOOGLE_API_KEY", "GEMINI_API_KEY", "PALM_API_KEY" }, new[] { "GEMINI_API_BASE" }),
        new("ollama", "http://localhost:11434", new[] { "OLLAMA_API_KEY" }, new[] { "OLLAMA_API_BASE" }, KeyRequired: false),
        new("ollama_chat", "http://localhost:11434", new[] { "OLLAMA_API_KEY" }, new[] { "OLLAMA_API_BASE" }, KeyRequired: false),
        new("groq", "https://api.groq.com/openai/v1", new[] { "GROQ_API_KEY" }, new[] { "GROQ_API_BASE" }),
        new("mistral", "https://api.mistral.ai/v1", new[] { "MISTRAL_AZURE_API_KEY", "MISTRAL_API_KEY" }, new[] { "MISTRAL_AZURE_API_BASE" }),
        new("deepseek", "https://api.deepseek.com/beta", new[] { "DEEPSEEK_API_KEY" }, new[] { "DEEPSEEK_API_BASE" }),
        new("openrouter", "https://openrouter.ai/api/v1", new[] { "OPENROUTER_API_KEY", "OR_API_KEY" }, new[] { "OPENROUTER_API_BASE" }),
        new("together_ai", "https://api.together.xyz/v1", new[] { "TOGETHER_API_KEY", "TOGETHER_AI_API_KEY", "TOGETHERAI_API_KEY", "TOGETHER_AI_TOKEN" }, new[] { "TOGETHER_AI_API_BASE" }),
        new("xai", "https://api.x.ai/v1", new[] { "XAI_API_KEY" }, new[] { "XAI_API_BASE" }),
        new("hosted_vllm", null, new[] { "HOSTED_VLLM_API_KEY" }, new[] { "HOSTED_VLLM_API_BASE" }, KeyRequired: false, DefaultKey: "fake-api-key"),
        new("lm_studio", null, new[] { "LM_STUDIO_API_KEY" }, new[] { "LM_STUDIO_API_BASE" }, KeyRequired: false, DefaultKey: "fake-api-key"),
        new("litellm_proxy", null, new[] { "LITELLM_PROXY_API_KEY" }, new[] { "LITELLM_PROXY_API_BASE" }),
        new("fireworks_ai", "https://api.fireworks.ai/inference/v1", new[] { "FIREWORKS_API_KEY", "FIREWORKS_AI_API_KEY", "FIREWORKSAI_API_KEY", "FIREWORKS_AI_TOKEN" }, new[] { "FIREWORKS_API_BASE" }),
        new("perplexity", "https://api.perplexity.ai", new[] { "PERPLEXITYAI_API_KEY", "PERPLEXITY_API_KEY" }, new[] { "PERPLEXITY_API_BASE" }),
        new("deepinfra", "https://api.deepinfra.com/v1/openai", new[] { "DEEPINFRA_API_KEY" }, new[] { "DEEPINFRA_API_BASE" }),
        new("cerebras", "https://api.cerebras.ai/v1", new[] { "CEREBRAS_API_KEY" }, new[] { "CEREBRAS_API_BASE" }),
        new("nvidia_nim", "https://integrate.api.nvidia.com/v1", new[] { "NVIDIA_NIM_API_KEY" }, new[] { "NVIDIA_NIM_API_BASE" }),
        new("sambanova", "https://api.sambanova.ai/v1", new[] { "SAMBANOVA_API_KEY" }, new[] { "SAMBANOVA_API_BASE" }),
        new("anyscale", "https://api.endpoints.anyscale.com/v1", new[] { "ANYSCALE_API_KEY" }, new[] { "ANYSCALE_API_BASE" }),
        new("nebius", "https://api.studio.nebius.ai/v1", new[] { "NEBIUS_API_KEY" }, new[] { "NEBIUS_API_BASE" }),
        new("novita", "https://api.novita.ai/v3/openai", new[] { "NOVITA_API_KEY" }, new[] { "NOVITA_API_BASE" }),
        new("moonshot", "https://api.moonshot.ai/v1", new[] { "MOONSHOT_API_KEY" }, new[] { "MOONSHOT_API_BASE" }),
        new("dashscope", "https://dashscope.aliyuncs.com/compatible-mode/v1", new[] { "DASHSCOPE_API_KEY" }, new[] { "DASHSCOPE_API_BASE" }),
        new("zai", "https://api.z.ai/api/paas/v4", new[] { "ZAI_API_KEY" }, new[] { "ZAI_API_BASE" }),
        new("codestral", "https://codestral.mistral.ai/v1", new[] { "CODESTRAL_API_KEY" }, new[] { "CODESTRAL_API_BASE" }),
        new("volcengine", "https://ark.cn-beijing.volces.com/api/v3", new[] { "VOLCENGINE_API_KEY" }, new[] { "VOLCENGINE_API_BASE" }),
        new("github", "https://models.inference.ai.azure.com", new[] { "GITHUB_API_KEY" }, new[] { "GITHUB_API_BASE" }),
        new("meta_llama", "https://api.llama.com/compat/v1", new[] { "LLAMA_API_KEY" }, new[] { "LLAMA_API_BASE" }),
        new("friendliai", "https://api.friendli.ai/serverless/v1", new[] { "FRIENDLIAI_API_KEY", "FRIENDLI_TOKEN" }, new[] { "FRIENDLI_API_BASE" }),
        new("galadriel", "https://api.galadriel.com/v1", new[] { "GALADRIEL_API_KEY" }, new[] { "GALADRIEL_API_BASE" }),
        new("featherless_ai", "https://api.featherless.ai/v1", new[] { "FEATHERLESS_AI_API_KEY", "FEATHERLESS_API_KEY" }, new[] { "FEATHERLESS_AI_API_BASE", "FEATHERLESS_API_BASE" }),
        new("nscale", "https://inference.api.nscale.com/v1", new[] { "NSCALE_API_KEY" }, new[] { "NSCALE_API_BASE" }),
        new("llamafile", "http://127.0.0.1:8080/v1", new[] { "LLAMAFILE_API_KEY" }, new[] { "LLAMAFILE_API_BASE" }, KeyRequired: false, DefaultKey: "fake-api-key"),
        new("docker_model_runner", "http://localhost:22088/engines/llama.cpp", new[] { "DOCKER_MODEL_RUNNER_API_KEY" }, new[] { "DOCKER_MODEL_RUNNER_API_BASE" }, KeyRequired: false, DefaultKey: "dummy-key"),
        new("lambda_ai", "https://api.lambda.ai/v1", new[] { "LAMBDA_API_KEY" }, new[] { "LAMBDA_API_BASE" }),
        new("hyperbolic", "https://api.hyperbolic.xyz/v1", new[] { "HYPERBOLIC_API_KEY" }, new[] { "HYPERBOLIC_API_BASE" }),
        new("vercel_ai_gateway", "https://ai-gateway.vercel.sh/v1", new[] { "VERCEL_AI_GATEWAY_API_KEY", "VERCEL_OIDC_TOKEN" }, new[] { "VERCEL_AI_GATEWAY_API_BASE" }),
        new("aiml", "https://api.aimlapi.com/v1", new[] { "AIML_API_KEY" }, new[] { "AIML_API_BASE" }),
        new("wandb", "https://api.inference.wandb.ai/v1", new[] { "WANDB_API_KEY" }, new[] { "WANDB_API_BASE" }),
        new("v0", "https://api.v0.dev/v1", new[] { "V0_API_KEY" }, new[] { "V0_API_BASE" }),
        new("morph", "https://api.morphllm.com/v1", new[] { "MORPH_API_KEY" }, new[] { "MORPH_API_BASE" }),
        new("vertex_ai", "https://{location}-aiplatform.googleapis.com", Array.Empty<string>(), Array.Empty<string>(), KeyRequired: false),
    };

    public static TheoryData<string> Prefixes()
    {
        var data = new TheoryData<string>();
        foreach (var p in Expected) data.Add(p.Name);
        return data;
    }

    // Providers whose key and endpoint come from environment variables; vertex_ai takes neither
    // (its project and location make the endpoint, Google's credentials the token: VertexTests).
    public static TheoryData<string> EnvPrefixes()
    {
        var data = new TheoryData<string>();
        foreach (var p in Expected.Where(p => p.KeyEnvVars.Length > 0 && p.BaseEnvVars.Length > 0)) data.Add(p.Name);
        return data;
    }

    [Fact]
    public void Expected_table_covers_every_provider_in_ProviderTable()
    {
        Assert.Equal(Expected.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal), ProviderTable.Names);
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void Provider_entry_matches_the_reference(string prefix)
    {
        var expected = Of(prefix);
        Assert.True(ProviderTable.TryGet(prefix, out var info));
        Assert.Equal(expected.KeyEnvVars, info.ApiKeyEnvVars);
        Assert.Equal(expected.BaseEnvVars, info.ApiBaseEnvVars);
        Assert.Equal(expected.KeyRequired, info.KeyRequired);
        Assert.Equal(expected.DefaultKey, info.DefaultApiKey);
    }

    [Theory]
    [MemberData(nameof(EnvPrefixes))]
    public void Default_base_url_is_used_when_no_base_is_configured(string prefix)
    {
        var expected = Of(prefix);
        var env = Env((expected.KeyEnvVars[0], "k"));

        if (expected.DefaultBase is null)
        {
            var error = Assert.Throws<StrandsException>(() => ModelRouter.Resolve($"{prefix}/some-model", null, env));
            Assert.Equal(ErrorIds.MissingApiBase, error.ErrorId);
            Assert.Contains(expected.BaseEnvVars[0], error.Message);
            Assert.Contains(Setting.ApiBase, error.Text.Facts);
            return;
        }

        var route = ModelRouter.Resolve($"{prefix}/some-model", null, env);
        Assert.Equal(prefix, route.Provider.Name);
        Assert.Equal("some-model", route.ModelName);
        Assert.Equal(expected.DefaultBase, route.ApiBase);
    }

    [Theory]
    [MemberData(nameof(EnvPrefixes))]
    public void Key_env_vars_are_tried_in_order(string prefix)
    {
        var expected = Of(prefix);
        var values = expected.KeyEnvVars.ToDictionary(n => n, n => "key-from-" + n);
        values[expected.BaseEnvVars[0]] = "http://base.example";

        foreach (string name in expected.KeyEnvVars)
        {
            var route = ModelRouter.Resolve($"{prefix}/m", null, n => values.TryGetValue(n, out var v) ? v : null);
            Assert.Equal("key-from-" + name, route.ApiKey?.Reveal());
            Assert.Equal("env:" + name, route.ApiKeySource);
            values.Remove(name);
        }
    }

    [Theory]
    [MemberData(nameof(EnvPrefixes))]
    public void Base_env_vars_override_the_default_in_order(string prefix)
    {
        var expected = Of(prefix);
        var values = expected.BaseEnvVars.ToDictionary(n => n, n => "http://" + n.ToLowerInvariant() + ".example");
        values[expected.KeyEnvVars[0]] = "k";

        foreach (string name in expected.BaseEnvVars)
        {
            var route = ModelRouter.Resolve($"{prefix}/m", null, n => values.TryGetValue(n, out var v) ? v : null);
            Assert.Equal("http://" + name.ToLowerInvariant() + ".example", route.ApiBase);
            values.Remove(name);
        }
    }

    [Theory]
    [MemberData(nameof(EnvPrefixes))]
    public void Explicit_api_base_and_key_beat_the_environment(string prefix)
    {
        var expected = Of(prefix);
        var env = Env((expected.KeyEnvVars[0], "env-key"), (expected.BaseEnvVars[0], "http://env.example"));

        var route = ModelRouter.Resolve($"{prefix}/m", new RouteOptions { ApiBase = "http://explicit.example", ApiKey = ApiKey.FromPlainText("explicit-key") }, env);

        Assert.Equal("http://explicit.example", route.ApiBase);
        Assert.Equal("explicit-key", route.ApiKey?.Reveal());
        Assert.Equal(ModelRouter.ExplicitKeySource, route.ApiKeySource);
    }

    [Theory]
    [MemberData(nameof(EnvPrefixes))]
    public void Missing_key_fails_naming_the_env_vars_or_falls_back_to_the_default(string prefix)
    {
        var expected = Of(prefix);
        var options = new RouteOptions { ApiBase = "http://base.example" };

        if (!expected.KeyRequired)
        {
            var route = ModelRouter.Resolve($"{prefix}/m", options, Env());
            Assert.Equal(expected.DefaultKey, route.ApiKey?.Reveal());
            return;
        }

        var error = Assert.Throws<StrandsException>(() => ModelRouter.Resolve($"{prefix}/m", options, Env()));
        Assert.Equal(ErrorIds.MissingApiKey, error.ErrorId);
        Assert.Equal(ErrorKind.Authentication, error.Kind);
        foreach (string name in expected.KeyEnvVars) Assert.Contains(name, error.Message);
        Assert.Contains(Setting.ApiKey, error.Text.Facts);
    }

    [Fact]
    public void Blank_env_values_count_as_unset()
    {
        var route = ModelRouter.Resolve("groq/llama-3.3-70b-versatile", null, Env(("GROQ_API_KEY", "k"), ("GROQ_API_BASE", "  ")));
        Assert.Equal("https://api.groq.com/openai/v1", route.ApiBase);
    }

    [Theory]
    [InlineData("bedrock/converse/us.anthropic.claude-3-7-sonnet-20250219-v1:0", "bedrock", "converse/us.anthropic.claude-3-7-sonnet-20250219-v1:0")]
    [InlineData("openrouter/anthropic/claude-3.5-sonnet", "openrouter", "anthropic/claude-3.5-sonnet")]
    [InlineData("OpenAI/gpt-4o", "openai", "gpt-4o")]
    [InlineData("ollama/llama3.1:8b", "ollama", "llama3.1:8b")]
    public void Only_the_first_segment_is_the_route(string id, string provider, string modelName)
    {
        var route = ModelRouter.Resolve(id, new RouteOptions { ApiKey = ApiKey.FromPlainText("k") }, Env());
        Assert.Equal(provider, route.Provider.Name);
        Assert.Equal(modelName, route.ModelName);
    }

    [Fact]
    public void Ollama_and_ollama_chat_both_use_the_chat_adapter()
    {
        Assert.IsType<OllamaRegistration>(ProviderTable.RegistrationOf(ModelRouter.Resolve("ollama/llama3", null, Env()).Provider));
        Assert.IsType<OllamaRegistration>(ProviderTable.RegistrationOf(ModelRouter.Resolve("ollama_chat/llama3", null, Env()).Provider));
    }

    [Theory]
    [InlineData("gpt-4o", "openai")]
    [InlineData("gpt-4.1-mini", "openai")]
    [InlineData("o1", "openai")]
    [InlineData("o3-mini", "openai")]
    [InlineData("o4-mini", "openai")]
    [InlineData("claude-sonnet-4-5-20250929", "anthropic")]
    public void Well_known_bare_names_infer_their_provider(string id, string provider)
    {
        var route = ModelRouter.Resolve(id, new RouteOptions { ApiKey = ApiKey.FromPlainText("k") }, Env());
        Assert.Equal(provider, route.Provider.Name);
        Assert.Equal(id, route.ModelName);
    }

    [Theory]
    [InlineData("foo/bar", "'foo'")]
    [InlineData("llama3", "no provider prefix")]
    public void Unknown_or_missing_prefix_lists_the_known_ones(string id, string expectedText)
    {
        var error = Assert.Throws<StrandsException>(() => ModelRouter.Resolve(id, null, Env()));
        Assert.Equal(ErrorIds.UnknownProvider, error.ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(expectedText, error.Message);
        foreach (string known in new[] { "anthropic", "bedrock", "litellm_proxy", "ollama_chat", "openai" }) Assert.Contains(known, error.Message);
        Assert.Contains("litellm_proxy/<model>", error.Message);
        Assert.Contains("litellm_proxy/<model>", error.RecommendedAction);
        Assert.Contains(Setting.UseLiteLlmProxy, error.Recommendation!.Facts);
    }

    [Theory]
    [InlineData("")]
    [InlineData("openai/")]
    public void Empty_model_is_an_invalid_argument(string id)
    {
        var error = Assert.Throws<StrandsException>(() => ModelRouter.Resolve(id, new RouteOptions { ApiKey = ApiKey.FromPlainText("k") }, Env()));
        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
    }

    [Theory]
    [InlineData("litellm_proxy/anthropic/claude-x", "anthropic/claude-x")]
    [InlineData("litellm_proxy/gpt-4", "gpt-4")]
    public void Litellm_proxy_prefix_sends_the_rest_of_the_id(string id, string modelName)
    {
        var route = ModelRouter.Resolve(id, null, Env(("LITELLM_PROXY_API_BASE", "http://proxy:4000"), ("LITELLM_PROXY_API_KEY", "sk-proxy")));
        Assert.Equal("litellm_proxy", route.Provider.Name);
        Assert.IsType<OpenAiCompatibleRegistration>(ProviderTable.RegistrationOf(route.Provider));
        Assert.Equal(modelName, route.ModelName);
        Assert.Equal("http://proxy:4000", route.ApiBase);
        Assert.Equal("sk-proxy", route.ApiKey?.Reveal());
    }

    [Theory]
    [InlineData("gemini/gemini-1.5-pro", "gemini/gemini-1.5-pro")]
    [InlineData("mistral/mistral-large", "mistral/mistral-large")]
    [InlineData("litellm_proxy/gpt-4", "gpt-4")]
    [InlineData("my-team-alias", "my-team-alias")]
    public void UseLiteLlmProxy_keeps_the_id_except_a_leading_litellm_proxy(string id, string modelName)
    {
        var env = Env(("LITELLM_PROXY_API_BASE", "http://proxy:4000"), ("LITELLM_PROXY_API_KEY", "sk-proxy"));

        var route = ModelRouter.Resolve(id, new RouteOptions { UseLiteLlmProxy = true }, env);

        Assert.Equal("litellm_proxy", route.Provider.Name);
        Assert.Equal(modelName, route.ModelName);
    }

    [Theory]
    [InlineData("True", true)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("1", false)]
    public void USE_LITELLM_PROXY_env_forces_proxy_mode(string value, bool proxied)
    {
        var env = Env(("USE_LITELLM_PROXY", value), ("LITELLM_PROXY_API_BASE", "http://proxy:4000"), ("LITELLM_PROXY_API_KEY", "sk-proxy"), ("GEMINI_API_KEY", "g"));

        var route = ModelRouter.Resolve("gemini/gemini-2.5-flash", null, env);

        Assert.Equal(proxied ? "litellm_proxy" : "gemini", route.Provider.Name);
        Assert.Equal(proxied ? "gemini/gemini-2.5-flash" : "gemini-2.5-flash", route.ModelName);
    }

    [Fact]
    public void Litellm_proxy_without_a_base_fails_instead_of_falling_back_to_openai()
    {
        var env = Env(("LITELLM_PROXY_API_KEY", "sk-proxy"), ("OPENAI_API_BASE", "https://api.openai.com/v1"), ("OPENAI_API_KEY", "sk-openai"));

        var error = Assert.Throws<StrandsException>(() => ModelRouter.Resolve("litellm_proxy/gpt-4", null, env));

        Assert.Equal(ErrorIds.MissingApiBase, error.ErrorId);
        Assert.Contains("LITELLM_PROXY_API_BASE", error.Message);
    }

    [Fact]
    public void Litellm_proxy_does_not_borrow_the_openai_key()
    {
        var env = Env(("LITELLM_PROXY_API_BASE", "http://proxy:4000"), ("OPENAI_API_KEY", "sk-openai"));

        var error = Assert.Throws<StrandsException>(() => ModelRouter.Resolve("litellm_proxy/gpt-4", null, env));

        Assert.Equal(ErrorIds.MissingApiKey, error.ErrorId);
        Assert.Contains("LITELLM_PROXY_API_KEY", error.Message);
    }

    [Theory]
    [InlineData("explicit", "arn", "name", "region", "default", "eu-central-1")]
    [InlineData(null, "arn", "name", "region", "default", "ap-south-1")]
    [InlineData(null, null, "name", "region", "default", "eu-west-1")]
    [InlineData(null, null, null, "region", "default", "eu-west-2")]
    [InlineData(null, null, null, null, "default", "eu-west-3")]
    [InlineData(null, null, null, null, null, "us-west-2")]
    public void Bedrock_region_follows_LiteLLMs_order(string? option, string? arn, string? regionName, string? region, string? defaultRegion, string expected)
    {
        var env = Env(
            ("AWS_REGION_NAME", regionName is null ? null : "eu-west-1"),
            ("AWS_REGION", region is null ? null : "eu-west-2"),
            ("AWS_DEFAULT_REGION", defaultRegion is null ? null : "eu-west-3"));
        string model = arn is null
            ? "bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0"
            : "bedrock/arn:aws:bedrock:ap-south-1:123456789012:inference-profile/apac.anthropic.claude-3-7-sonnet-20250219-v1:0";

        var route = ModelRouter.Resolve(model, new RouteOptions { AwsRegionName = option is null ? null : "eu-central-1" }, env);

        Assert.Equal(expected, route.Region);
        Assert.Equal($"https://bedrock-runtime.{expected}.amazonaws.com", route.ApiBase);
    }

    [Fact]
    public void Bedrock_uses_the_bearer_token_when_set_and_signs_otherwise()
    {
        var withToken = ModelRouter.Resolve("bedrock/amazon.nova-pro-v1:0", null, Env(("AWS_BEARER_TOKEN_BEDROCK", "bedrock-token")));
        Assert.Equal("bedrock-token", withToken.ApiKey?.Reveal());
        Assert.Equal("env:AWS_BEARER_TOKEN_BEDROCK", withToken.ApiKeySource);

        var withoutToken = ModelRouter.Resolve("bedrock/amazon.nova-pro-v1:0", null, Env());
        Assert.Null(withoutToken.ApiKey);
        Assert.Null(withoutToken.ApiKeySource);
    }

    [Fact]
    public void Bedrock_runtime_endpoint_env_beats_the_regional_default()
    {
        var route = ModelRouter.Resolve("bedrock/amazon.nova-pro-v1:0", null, Env(("AWS_BEDROCK_RUNTIME_ENDPOINT", "https://vpce.example"), ("AWS_REGION", "eu-west-1")));
        Assert.Equal("https://vpce.example", route.ApiBase);
        Assert.Equal("eu-west-1", route.Region);
    }

    [Theory]
    [InlineData("2024-10-21", "2024-06-01", "2024-10-21")]
    [InlineData(null, "2024-06-01", "2024-06-01")]
    [InlineData(null, null, "2025-02-01-preview")]
    public void Azure_api_version_option_then_env_then_default(string? option, string? env, string expected)
    {
        var route = ModelRouter.Resolve("azure/my-gpt4o-deployment", new RouteOptions { ApiVersion = option },
            Env(("AZURE_API_KEY", "k"), ("AZURE_API_BASE", "https://res.openai.azure.com"), ("AZURE_API_VERSION", env)));

        Assert.Equal(expected, route.ApiVersion);
        Assert.Equal("my-gpt4o-deployment", route.ModelName);
        Assert.Equal("https://res.openai.azure.com", route.ApiBase);
    }

    [Fact]
    public void Region_and_api_version_stay_null_for_other_providers()
    {
        var route = ModelRouter.Resolve("openai/gpt-4o", null, Env(("OPENAI_API_KEY", "k"), ("AWS_REGION", "eu-west-1"), ("AZURE_API_VERSION", "2024-06-01")));
        Assert.Null(route.Region);
        Assert.Null(route.ApiVersion);
    }

    [Fact]
    public void Openrouter_sends_attribution_headers_from_env_or_defaults()
    {
        var defaults = ModelRouter.Resolve("openrouter/openai/gpt-4o", null, Env(("OPENROUTER_API_KEY", "k")));
        Assert.Equal("Strands for PowerShell", defaults.Headers["X-Title"]);
        Assert.False(defaults.Headers.ContainsKey("HTTP-Referer"));

        var configured = ModelRouter.Resolve("openrouter/openai/gpt-4o", null, Env(("OPENROUTER_API_KEY", "k"), ("OR_SITE_URL", "https://me.example"), ("OR_APP_NAME", "MyApp")));
        Assert.Equal("https://me.example", configured.Headers["HTTP-Referer"]);
        Assert.Equal("MyApp", configured.Headers["X-Title"]);

        Assert.Empty(ModelRouter.Resolve("groq/llama3", null, Env(("GROQ_API_KEY", "k"))).Headers);
    }

    [Fact]
    public void ToString_never_shows_the_key()
    {
        var options = new RouteOptions { ApiKey = ApiKey.FromPlainText("sk-secret-123") };
        var route = ModelRouter.Resolve("anthropic/claude-sonnet-4-5-20250929", options, Env());

        Assert.DoesNotContain("sk-secret-123", route.ToString());
        Assert.DoesNotContain("sk-secret-123", options.ToString());
        Assert.Contains("key: explicit", route.ToString());
    }

    private static ExpectedProvider Of(string prefix) => Expected.Single(p => p.Name == prefix);

    private static Func<string, string?> Env(params (string Name, string? Value)[] values)
    {
        var map = values.Where(v => v.Value is not null).ToDictionary(v => v.Name, v => v.Value);
        return name => map.TryGetValue(name, out var value) ? value : null;
    }

    private sealed record ExpectedProvider(string Name, string? DefaultBase, string[] KeyEnvVars, string[] BaseEnvVars, bool KeyRequired = true, string? DefaultKey = null);
}
