using System;
using System.Collections.Generic;
using System.Text.Json;
using Strands.Models.Routing;

namespace Strands.Models.OpenAi
{
    /// <summary>
    /// The services that speak OpenAI Chat Completions with a bearer key (Groq, Mistral, OpenRouter,
    /// local servers, a LiteLLM proxy, …). Endpoints and environment variable names are LiteLLM
    /// 1.82's, so a setup that works with LiteLLM works here unchanged. Their parameters are sent as
    /// given: OpenAI's max_tokens rename is for OpenAI's own reasoning models.
    /// </summary>
    internal sealed class OpenAiCompatibleRegistration : OpenAiRegistration
    {
        // LiteLLM sends local OpenAI-compatible servers this placeholder key, which they ignore.
        private const string FakeApiKey = "fake-api-key";

        /// <inheritdoc/>
        public override IReadOnlyList<ProviderInfo> Providers { get; } = new[]
        {
            Entry("groq", "https://api.groq.com/openai/v1", Keys("GROQ_API_KEY"), Bases("GROQ_API_BASE")),
            // MISTRAL_API_BASE is not listed: LiteLLM reads it only after the base is already set (docs/wire-formats.md, Routing).
            Entry("mistral", "https://api.mistral.ai/v1", Keys("MISTRAL_AZURE_API_KEY", "MISTRAL_API_KEY"), Bases("MISTRAL_AZURE_API_BASE")),
            Entry("deepseek", "https://api.deepseek.com/beta", Keys("DEEPSEEK_API_KEY"), Bases("DEEPSEEK_API_BASE")),
            Entry("openrouter", "https://openrouter.ai/api/v1", Keys("OPENROUTER_API_KEY", "OR_API_KEY"), Bases("OPENROUTER_API_BASE")) with
            {
                // Same variables as LiteLLM, but OpenRouter credits these headers to an app, so the
                // defaults name this module rather than LiteLLM (whose defaults are litellm.ai / liteLLM).
                ExtraHeaders = new[]
                {
                    new ProviderHeader("HTTP-Referer", "OR_SITE_URL", null),
                    new ProviderHeader("X-Title", "OR_APP_NAME", "Strands for PowerShell"),
                },
            },
            Entry("together_ai", "https://api.together.xyz/v1", Keys("TOGETHER_API_KEY", "TOGETHER_AI_API_KEY", "TOGETHERAI_API_KEY", "TOGETHER_AI_TOKEN"), Bases("TOGETHER_AI_API_BASE")),
            Entry("xai", "https://api.x.ai/v1", Keys("XAI_API_KEY"), Bases("XAI_API_BASE")),
            Entry("hosted_vllm", null, Keys("HOSTED_VLLM_API_KEY"), Bases("HOSTED_VLLM_API_BASE")) with { KeyRequired = false, DefaultApiKey = FakeApiKey },
            Entry("lm_studio", null, Keys("LM_STUDIO_API_KEY"), Bases("LM_STUDIO_API_BASE")) with { KeyRequired = false, DefaultApiKey = FakeApiKey },
            Entry("litellm_proxy", null, Keys("LITELLM_PROXY_API_KEY"), Bases("LITELLM_PROXY_API_BASE")) with { PriceTableProviders = Array.Empty<string>() },
            Entry("fireworks_ai", "https://api.fireworks.ai/inference/v1", Keys("FIREWORKS_API_KEY", "FIREWORKS_AI_API_KEY", "FIREWORKSAI_API_KEY", "FIREWORKS_AI_TOKEN"), Bases("FIREWORKS_API_BASE")),
            Entry("perplexity", "https://api.perplexity.ai", Keys("PERPLEXITYAI_API_KEY", "PERPLEXITY_API_KEY"), Bases("PERPLEXITY_API_BASE")),
            Entry("deepinfra", "https://api.deepinfra.com/v1/openai", Keys("DEEPINFRA_API_KEY"), Bases("DEEPINFRA_API_BASE")),
            Entry("cerebras", "https://api.cerebras.ai/v1", Keys("CEREBRAS_API_KEY"), Bases("CEREBRAS_API_BASE")),
            Entry("nvidia_nim", "https://integrate.api.nvidia.com/v1", Keys("NVIDIA_NIM_API_KEY"), Bases("NVIDIA_NIM_API_BASE")),
            Entry("sambanova", "https://api.sambanova.ai/v1", Keys("SAMBANOVA_API_KEY"), Bases("SAMBANOVA_API_BASE")),
            Entry("anyscale", "https://api.endpoints.anyscale.com/v1", Keys("ANYSCALE_API_KEY"), Bases("ANYSCALE_API_BASE")),
            Entry("nebius", "https://api.studio.nebius.ai/v1", Keys("NEBIUS_API_KEY"), Bases("NEBIUS_API_BASE")),
            Entry("novita", "https://api.novita.ai/v3/openai", Keys("NOVITA_API_KEY"), Bases("NOVITA_API_BASE")),
            Entry("moonshot", "https://api.moonshot.ai/v1", Keys("MOONSHOT_API_KEY"), Bases("MOONSHOT_API_BASE")),
            Entry("dashscope", "https://dashscope.aliyuncs.com/compatible-mode/v1", Keys("DASHSCOPE_API_KEY"), Bases("DASHSCOPE_API_BASE")),
            Entry("zai", "https://api.z.ai/api/paas/v4", Keys("ZAI_API_KEY"), Bases("ZAI_API_BASE")),
            Entry("codestral", "https://codestral.mistral.ai/v1", Keys("CODESTRAL_API_KEY"), Bases("CODESTRAL_API_BASE")),
            Entry("volcengine", "https://ark.cn-beijing.volces.com/api/v3", Keys("VOLCENGINE_API_KEY"), Bases("VOLCENGINE_API_BASE")),
            Entry("github", "https://models.inference.ai.azure.com", Keys("GITHUB_API_KEY"), Bases("GITHUB_API_BASE")),
            Entry("meta_llama", "https://api.llama.com/compat/v1", Keys("LLAMA_API_KEY"), Bases("LLAMA_API_BASE")),
            Entry("friendliai", "https://api.friendli.ai/serverless/v1", Keys("FRIENDLIAI_API_KEY", "FRIENDLI_TOKEN"), Bases("FRIENDLI_API_BASE")),
            Entry("galadriel", "https://api.galadriel.com/v1", Keys("GALADRIEL_API_KEY"), Bases("GALADRIEL_API_BASE")),
            Entry("featherless_ai", "https://api.featherless.ai/v1", Keys("FEATHERLESS_AI_API_KEY", "FEATHERLESS_API_KEY"), Bases("FEATHERLESS_AI_API_BASE", "FEATHERLESS_API_BASE")),
            Entry("nscale", "https://inference.api.nscale.com/v1", Keys("NSCALE_API_KEY"), Bases("NSCALE_API_BASE")),
            Entry("llamafile", "http://127.0.0.1:8080/v1", Keys("LLAMAFILE_API_KEY"), Bases("LLAMAFILE_API_BASE")) with { KeyRequired = false, DefaultApiKey = FakeApiKey },
            Entry("docker_model_runner", "http://localhost:22088/engines/llama.cpp", Keys("DOCKER_MODEL_RUNNER_API_KEY"), Bases("DOCKER_MODEL_RUNNER_API_BASE")) with { KeyRequired = false, DefaultApiKey = "dummy-key" },
            Entry("lambda_ai", "https://api.lambda.ai/v1", Keys("LAMBDA_API_KEY"), Bases("LAMBDA_API_BASE")),
            Entry("hyperbolic", "https://api.hyperbolic.xyz/v1", Keys("HYPERBOLIC_API_KEY"), Bases("HYPERBOLIC_API_BASE")),
            Entry("vercel_ai_gateway", "https://ai-gateway.vercel.sh/v1", Keys("VERCEL_AI_GATEWAY_API_KEY", "VERCEL_OIDC_TOKEN"), Bases("VERCEL_AI_GATEWAY_API_BASE")),
            Entry("aiml", "https://api.aimlapi.com/v1", Keys("AIML_API_KEY"), Bases("AIML_API_BASE")),
            Entry("wandb", "https://api.inference.wandb.ai/v1", Keys("WANDB_API_KEY"), Bases("WANDB_API_BASE")),
            Entry("v0", "https://api.v0.dev/v1", Keys("V0_API_KEY"), Bases("V0_API_BASE")),
            Entry("morph", "https://api.morphllm.com/v1", Keys("MORPH_API_KEY"), Bases("MORPH_API_BASE")),
        };

        /// <inheritdoc/>
        public override bool OwnsBareModelName(string modelId) => false;

        /// <inheritdoc/>
        protected override JsonElement? ParametersFor(string modelName, JsonElement? parameters) => parameters;

        private static ProviderInfo Entry(string name, string? defaultApiBase, string[] keyEnvVars, string[] baseEnvVars) =>
            new(name, defaultApiBase, keyEnvVars, baseEnvVars);

        private static string[] Keys(params string[] names) => names;

        private static string[] Bases(params string[] names) => names;
    }
}
