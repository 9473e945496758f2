using System;
using System.Collections.Generic;
using Strands.Models.Replay;
using Strands.Models.Routing;
using Strands.Types;

namespace Strands.Models
{
    /// <summary>Routes a LiteLLM-style model id to the adapter that speaks its provider's wire format.</summary>
    public static class ModelFactory
    {
        /// <summary>Resolves the route (environment included) and has the provider's registration build the adapter.</summary>
        public static (IModel Model, ModelRoute Route) Create(ModelSettings settings, Func<string, string?>? getEnv = null)
        {
            getEnv ??= Environment.GetEnvironmentVariable;
            if (settings.ReplayFrom != null || ModelRecording.TryGetReplayPath(settings.ModelId, out _)) return ModelRecording.CreateReplay(settings);
            if (settings.RecordTo != null) return ModelRecording.CreateRecording(settings, getEnv);
            var route = ModelRouter.Resolve(settings.ModelId, new RouteOptions
            {
                ApiKey = settings.ApiKey,
                ApiBase = settings.ApiBase,
                UseLiteLlmProxy = settings.UseLiteLlmProxy,
                ApiVersion = settings.ApiVersion,
                AwsRegionName = settings.AwsRegionName,
                ProviderOptions = settings.ProviderOptions,
            }, getEnv);

            var http = settings.Http with { Headers = Merge(route.Headers, settings.Http.Headers) };
            return (ProviderTable.RegistrationOf(route.Provider).CreateModel(route, route.ApiKey, settings.Params, http), route);
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
