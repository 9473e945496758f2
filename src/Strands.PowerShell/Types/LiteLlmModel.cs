using System;
using System.Collections;
using System.Linq;
using Strands.Models;
using Strands.Models.Routing;
using Strands.Types;

namespace Strands.PowerShell
{
    /// <summary>
    /// A configured model (Strands.LiteLlmModel). Holds no readable key: the key lives inside the
    /// adapter as a SecureString, and this object shows only where it came from.
    /// </summary>
    public sealed class LiteLlmModel
    {
        internal LiteLlmModel(IModel model, ModelRoute route, string modelId, Hashtable parameters, ModelSettings settings,
            LiteLlmModel[]? fallback = null, LiteLlmModel[]? contextWindowFallback = null)
        {
            Core = model;
            Fallback = fallback ?? Array.Empty<LiteLlmModel>();
            ContextWindowFallback = contextWindowFallback ?? Array.Empty<LiteLlmModel>();
            Route = route;
            ModelId = modelId;
            Params = parameters;
            Settings = settings;
        }

        internal IModel Core { get; }

        /// <summary>
        /// The model for another id (the chat's /model, a fallback id). An id of the same provider
        /// keeps this model's key, endpoint, parameters and HTTP settings, as LiteLLM passes a call's
        /// arguments on to its fallbacks (a proxy or a local server stays the target); an id of
        /// another provider gets that provider's environment variables, as -Model 'id' would.
        /// </summary>
        internal LiteLlmModel ForModelId(string resolvedId, string id)
        {
            try
            {
                var inherited = Settings with { ModelId = resolvedId };
                var (model, route) = ModelFactory.Create(inherited);
                if (route.Provider.Name == Provider)
                    return new LiteLlmModel(model, route, id, (Hashtable)Params.Clone(), inherited);
            }
            catch (StrandsException)
            {
                // This model's settings do not fit the other provider; its own defaults are used below.
            }
            var settings = new ModelSettings(resolvedId);
            var (fresh, freshRoute) = ModelFactory.Create(settings);
            return new LiteLlmModel(fresh, freshRoute, id, new Hashtable(), settings);
        }

        internal ModelRoute Route { get; }
        internal ModelSettings Settings { get; }

        /// <summary>The id as given, e.g. <c>litellm_proxy/gpt-4o</c>.</summary>
        public string ModelId { get; }
        /// <summary>The provider it routes to.</summary>
        public string Provider => Route.Provider.Name;
        /// <summary>The model name sent on the wire.</summary>
        public string ModelName => Core.ModelName;
        /// <summary>The endpoint base.</summary>
        public string ApiBase => Route.ApiBase;
        /// <summary>Where the key came from (<c>-ApiKey</c>, <c>env:NAME</c>, <c>default</c>), never the key.</summary>
        public string? ApiKeySource => Settings.ApiKey != null ? "-ApiKey" : Route.ApiKeySource;
        /// <summary>Model parameters merged into each request.</summary>
        public Hashtable Params { get; }
        /// <summary>Seconds allowed for headers and for each read.</summary>
        public double TimeoutSec => Settings.Http.Timeout.TotalSeconds;
        /// <summary>Retries for throttling, 5xx and connection failures.</summary>
        public int MaxRetries => Settings.Http.MaxRetries;

        /// <summary>Models tried in order when a call fails after its retries with a throttle, a 5xx, a timeout or a connection error (-Fallback, fallbacks).</summary>
        public LiteLlmModel[] Fallback { get; }
        /// <summary>Larger models tried in order when the conversation overflows the context window (context_window_fallbacks).</summary>
        public LiteLlmModel[] ContextWindowFallback { get; }

        /// <summary>Every fallback model, both lists.</summary>
        internal LiteLlmModel[] FallbackModels => Fallback.Length + ContextWindowFallback.Length == 0 ? Fallback : Fallback.Concat(ContextWindowFallback).ToArray();

        /// <summary>The id a model call was answered by: this model's, or a fallback's (matched on provider and wire name).</summary>
        internal string ModelIdOf(string provider, string modelName)
        {
            if (Core.Provider == provider && Core.ModelName == modelName) return ModelId;
            foreach (var m in FallbackModels)
            {
                if (m.Core.Provider == provider && m.Core.ModelName == modelName) return m.ModelId;
            }
            return provider + "/" + modelName;
        }

        /// <summary>The model id.</summary>
        public override string ToString() => ModelId;
    }
}
