using System;
using System.Collections.Generic;
using System.Linq;

namespace Strands.Models.Routing
{
    /// <summary>
    /// Every provider the router knows: the one list in the code. Base URLs and environment
    /// variable names are LiteLLM 1.82's, from litellm-wire-formats.md §1.3, so a setup that works
    /// with LiteLLM works here unchanged.
    /// </summary>
    public static class ProviderTable
    {
        private const string FakeApiKey = "fake-api-key";

        /// <summary>All providers, in the order of the reference table.</summary>
        public static IReadOnlyList<ProviderInfo> All { get; } = new[]
        {
            OpenAi("openai", "https://api.openai.com/v1", Keys("OPENAI_API_KEY"), Bases("OPENAI_BASE_URL", "OPENAI_API_BASE")),
            Native("azure", ProviderKind.Azure, null, Keys("AZURE_OPENAI_API_KEY", "AZURE_API_KEY"), Bases("AZURE_API_BASE")),
            Native("anthropic", ProviderKind.Anthropic, "https://api.anthropic.com/v1/messages", Keys("ANTHROPIC_API_KEY"), Bases("ANTHROPIC_API_BASE", "ANTHROPIC_BASE_URL")),
            // Without a bearer token the adapter signs with SigV4, so no key is required here.
            Native("bedrock", ProviderKind.Bedrock, "https://bedrock-runtime.{region}.amazonaws.com", Keys("AWS_BEARER_TOKEN_BEDROCK"), Bases("AWS_BEDROCK_RUNTIME_ENDPOINT"))
                with { KeyRequired = false, PriceTableProviders = new[] { "bedrock", "bedrock_converse" } },
            Native("gemini", ProviderKind.Gemini, "https://generativelanguage.googleapis.com", Keys("GOOGLE_API_KEY", "GEMINI_API_KEY", "PALM_API_KEY"), Bases("GEMINI_API_BASE")),
            Native("ollama", ProviderKind.Ollama, "http://localhost:11434", Keys("OLLAMA_API_KEY"), Bases("OLLAMA_API_BASE")) with { KeyRequired = false },
            Native("ollama_chat", ProviderKind.Ollama, "http://localhost:11434", Keys("OLLAMA_API_KEY"), Bases("OLLAMA_API_BASE"))
                with { KeyRequired = false, PriceTableProviders = new[] { "ollama" } },
            OpenAi("groq", "https://api.groq.com/openai/v1", Keys("GROQ_API_KEY"), Bases("GROQ_API_BASE")),
            // MISTRAL_API_BASE is not listed: LiteLLM reads it only after the base is already set (§1.3).
            OpenAi("mistral", "https://api.mistral.ai/v1", Keys("MISTRAL_AZURE_API_KEY", "MISTRAL_API_KEY"), Bases("MISTRAL_AZURE_API_BASE")),
            OpenAi("deepseek", "https://api.deepseek.com/beta", Keys("DEEPSEEK_API_KEY"), Bases("DEEPSEEK_API_BASE")),
            OpenAi("openrouter", "https://openrouter.ai/api/v1", Keys("OPENROUTER_API_KEY", "OR_API_KEY"), Bases("OPENROUTER_API_BASE")) with
            {
                // Same variables as LiteLLM, but OpenRouter credits these headers to an app, so the
                // defaults name this module rather than LiteLLM (whose defaults are litellm.ai / liteLLM).
                ExtraHeaders = new[]
                {
                    new ProviderHeader("HTTP-Referer", "OR_SITE_URL", null),
                    new ProviderHeader("X-Title", "OR_APP_NAME", "Strands for PowerShell"),
                },
            },
            OpenAi("together_ai", "https://api.together.xyz/v1", Keys("TOGETHER_API_KEY", "TOGETHER_AI_API_KEY", "TOGETHERAI_API_KEY", "TOGETHER_AI_TOKEN"), Bases("TOGETHER_AI_API_BASE")),
            OpenAi("xai", "https://api.x.ai/v1", Keys("XAI_API_KEY"), Bases("XAI_API_BASE")),
            OpenAi("hosted_vllm", null, Keys("HOSTED_VLLM_API_KEY"), Bases("HOSTED_VLLM_API_BASE")) with { KeyRequired = false, DefaultApiKey = FakeApiKey },
            OpenAi("lm_studio", null, Keys("LM_STUDIO_API_KEY"), Bases("LM_STUDIO_API_BASE")) with { KeyRequired = false, DefaultApiKey = FakeApiKey },
            OpenAi("litellm_proxy", null, Keys("LITELLM_PROXY_API_KEY"), Bases("LITELLM_PROXY_API_BASE")) with { PriceTableProviders = Array.Empty<string>() },
            OpenAi("fireworks_ai", "https://api.fireworks.ai/inference/v1", Keys("FIREWORKS_API_KEY", "FIREWORKS_AI_API_KEY", "FIREWORKSAI_API_KEY", "FIREWORKS_AI_TOKEN"), Bases("FIREWORKS_API_BASE")),
            OpenAi("perplexity", "https://api.perplexity.ai", Keys("PERPLEXITYAI_API_KEY", "PERPLEXITY_API_KEY"), Bases("PERPLEXITY_API_BASE")),
            OpenAi("deepinfra", "https://api.deepinfra.com/v1/openai", Keys("DEEPINFRA_API_KEY"), Bases("DEEPINFRA_API_BASE")),
            OpenAi("cerebras", "https://api.cerebras.ai/v1", Keys("CEREBRAS_API_KEY"), Bases("CEREBRAS_API_BASE")),
            OpenAi("nvidia_nim", "https://integrate.api.nvidia.com/v1", Keys("NVIDIA_NIM_API_KEY"), Bases("NVIDIA_NIM_API_BASE")),
            OpenAi("sambanova", "https://api.sambanova.ai/v1", Keys("SAMBANOVA_API_KEY"), Bases("SAMBANOVA_API_BASE")),
            OpenAi("anyscale", "https://api.endpoints.anyscale.com/v1", Keys("ANYSCALE_API_KEY"), Bases("ANYSCALE_API_BASE")),
            OpenAi("nebius", "https://api.studio.nebius.ai/v1", Keys("NEBIUS_API_KEY"), Bases("NEBIUS_API_BASE")),
            OpenAi("novita", "https://api.novita.ai/v3/openai", Keys("NOVITA_API_KEY"), Bases("NOVITA_API_BASE")),
            OpenAi("moonshot", "https://api.moonshot.ai/v1", Keys("MOONSHOT_API_KEY"), Bases("MOONSHOT_API_BASE")),
            OpenAi("dashscope", "https://dashscope.aliyuncs.com/compatible-mode/v1", Keys("DASHSCOPE_API_KEY"), Bases("DASHSCOPE_API_BASE")),
            OpenAi("zai", "https://api.z.ai/api/paas/v4", Keys("ZAI_API_KEY"), Bases("ZAI_API_BASE")),
            OpenAi("codestral", "https://codestral.mistral.ai/v1", Keys("CODESTRAL_API_KEY"), Bases("CODESTRAL_API_BASE")),
            OpenAi("volcengine", "https://ark.cn-beijing.volces.com/api/v3", Keys("VOLCENGINE_API_KEY"), Bases("VOLCENGINE_API_BASE")),
            OpenAi("github", "https://models.inference.ai.azure.com", Keys("GITHUB_API_KEY"), Bases("GITHUB_API_BASE")),
            OpenAi("meta_llama", "https://api.llama.com/compat/v1", Keys("LLAMA_API_KEY"), Bases("LLAMA_API_BASE")),
            OpenAi("friendliai", "https://api.friendli.ai/serverless/v1", Keys("FRIENDLIAI_API_KEY", "FRIENDLI_TOKEN"), Bases("FRIENDLI_API_BASE")),
            OpenAi("galadriel", "https://api.galadriel.com/v1", Keys("GALADRIEL_API_KEY"), Bases("GALADRIEL_API_BASE")),
            OpenAi("featherless_ai", "https://api.featherless.ai/v1", Keys("FEATHERLESS_AI_API_KEY", "FEATHERLESS_API_KEY"), Bases("FEATHERLESS_AI_API_BASE", "FEATHERLESS_API_BASE")),
            OpenAi("nscale", "https://inference.api.nscale.com/v1", Keys("NSCALE_API_KEY"), Bases("NSCALE_API_BASE")),
            OpenAi("llamafile", "http://127.0.0.1:8080/v1", Keys("LLAMAFILE_API_KEY"), Bases("LLAMAFILE_API_BASE")) with { KeyRequired = false, DefaultApiKey = FakeApiKey },
            OpenAi("docker_model_runner", "http://localhost:22088/engines/llama.cpp", Keys("DOCKER_MODEL_RUNNER_API_KEY"), Bases("DOCKER_MODEL_RUNNER_API_BASE")) with { KeyRequired = false, DefaultApiKey = "dummy-key" },
            OpenAi("lambda_ai", "https://api.lambda.ai/v1", Keys("LAMBDA_API_KEY"), Bases("LAMBDA_API_BASE")),
            OpenAi("hyperbolic", "https://api.hyperbolic.xyz/v1", Keys("HYPERBOLIC_API_KEY"), Bases("HYPERBOLIC_API_BASE")),
            OpenAi("vercel_ai_gateway", "https://ai-gateway.vercel.sh/v1", Keys("VERCEL_AI_GATEWAY_API_KEY", "VERCEL_OIDC_TOKEN"), Bases("VERCEL_AI_GATEWAY_API_BASE")),
            OpenAi("aiml", "https://api.aimlapi.com/v1", Keys("AIML_API_KEY"), Bases("AIML_API_BASE")),
            OpenAi("wandb", "https://api.inference.wandb.ai/v1", Keys("WANDB_API_KEY"), Bases("WANDB_API_BASE")),
            OpenAi("v0", "https://api.v0.dev/v1", Keys("V0_API_KEY"), Bases("V0_API_BASE")),
            OpenAi("morph", "https://api.morphllm.com/v1", Keys("MORPH_API_KEY"), Bases("MORPH_API_BASE")),
        };

        private static readonly Dictionary<string, ProviderInfo> ByName =
            All.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

        /// <summary>The routing prefixes, sorted, for messages and tab completion.</summary>
        public static IReadOnlyList<string> Names { get; } = All.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        /// <summary>Finds a provider by prefix, ignoring case (PowerShell users type <c>OpenAI/…</c>).</summary>
        public static bool TryGet(string name, out ProviderInfo provider) => ByName.TryGetValue(name, out provider!);

        private static ProviderInfo OpenAi(string name, string? defaultApiBase, string[] keyEnvVars, string[] baseEnvVars) =>
            Native(name, ProviderKind.OpenAiCompatible, defaultApiBase, keyEnvVars, baseEnvVars);

        private static ProviderInfo Native(string name, ProviderKind kind, string? defaultApiBase, string[] keyEnvVars, string[] baseEnvVars) =>
            new(name, kind, defaultApiBase, keyEnvVars, baseEnvVars) { PriceTableProviders = new[] { name } };

        private static string[] Keys(params string[] names) => names;

        private static string[] Bases(params string[] names) => names;
    }
}
