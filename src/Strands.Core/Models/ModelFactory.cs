using System;
using System.Collections.Generic;
using Strands.Models.Anthropic;
using Strands.Models.Bedrock;
using Strands.Models.Gemini;
using Strands.Models.Ollama;
using Strands.Models.OpenAi;
using Strands.Models.Replay;
using Strands.Models.Routing;
using Strands.Types;

namespace Strands.Models
{
    /// <summary>Routes a LiteLLM-style model id to the adapter that speaks its provider's wire format.</summary>
    public static class ModelFactory
    {
        /// <summary>Resolves the route (environment included) and builds the adapter.</summary>
        public static (IModel Model, ModelRoute Route) Create(ModelSettings settings, Func<string, string?>? getEnv = null)
        {
            getEnv ??= Environment.GetEnvironmentVariable;
            if (settings.ReplayFrom != null || ModelRecording.TryGetReplayPath(settings.ModelId, out _)) return ModelRecording.CreateReplay(settings);
            if (settings.RecordTo != null) return ModelRecording.CreateRecording(settings, getEnv);
            var route = ModelRouter.Resolve(settings.ModelId, new RouteOptions
            {
                ApiKey = settings.ApiKey?.Reveal(),
                ApiBase = settings.ApiBase,
                UseLiteLlmProxy = settings.UseLiteLlmProxy,
                ApiVersion = settings.ApiVersion,
                AwsRegionName = settings.AwsRegionName,
            }, getEnv);

            var key = settings.ApiKey ?? (route.ApiKey != null ? ApiKey.FromPlainText(route.ApiKey) : null);
            var http = settings.Http with { Headers = Merge(route.Headers, settings.Http.Headers) };
            IModel model = route.Provider.Kind switch
            {
                ProviderKind.Azure => new OpenAiModel(route.Provider.Name, route.ModelName,
                    new Uri($"{route.ApiBase.TrimEnd('/')}/openai/deployments/{Uri.EscapeDataString(route.ModelName)}/chat/completions?api-version={Uri.EscapeDataString(route.ApiVersion ?? ModelRouter.DefaultAzureApiVersion)}"),
                    key, OpenAiAuthStyle.ApiKeyHeader, TokenLimitParameter.ForModel(route.ModelName, settings.Params), http),
                ProviderKind.Anthropic => new AnthropicModel(route.Provider.Name, route.ModelName, AnthropicModel.MessagesUrl(route.ApiBase), key, settings.Params, http),
                ProviderKind.Bedrock => new BedrockModel(route.ModelName, route.ApiBase, route.Region ?? ModelRouter.DefaultAwsRegion, key, settings.Params, http),
                ProviderKind.OpenAiCompatible => new OpenAiModel(route.Provider.Name, route.ModelName, ChatCompletionsUrl(route.ApiBase), key, OpenAiAuthStyle.Bearer,
                    route.Provider.Name == "openai" ? TokenLimitParameter.ForModel(route.ModelName, settings.Params) : settings.Params, http),
                ProviderKind.Gemini => new GeminiModel(route.Provider.Name, route.ModelName, route.ApiBase, key, settings.Params, http),
                ProviderKind.Ollama => new OllamaModel(route.Provider.Name, route.ModelName, route.ApiBase, key, settings.Params, http),
                _ => throw new ArgumentOutOfRangeException(nameof(settings), route.Provider.Kind, "Every ProviderKind has an adapter; a new kind needs one here."),
            };
            return (model, route);
        }

        // LiteLLM's get_complete_url: append /chat/completions unless the base already ends there.
        private static Uri ChatCompletionsUrl(string apiBase)
        {
            var trimmed = apiBase.TrimEnd('/');
            return new Uri(trimmed.EndsWith("chat/completions", StringComparison.Ordinal) ? trimmed : trimmed + "/chat/completions");
        }

        private static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string> first, IReadOnlyDictionary<string, string> second)
        {
            if (first.Count == 0) return second;
            var merged = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var kv in first) merged[kv.Key] = kv.Value;
            foreach (var kv in second) merged[kv.Key] = kv.Value;
            return merged;
        }
    }
}
