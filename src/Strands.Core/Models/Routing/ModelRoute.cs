using System.Collections.Generic;
using Strands.Types;

namespace Strands.Models.Routing
{
    /// <summary>
    /// Where and how to send one model id: the resolved endpoint, key and provider settings an
    /// adapter needs, with nothing left to look up in the environment.
    /// </summary>
    public sealed record ModelRoute
    {
        /// <summary>Creates a route.</summary>
        public ModelRoute(ProviderInfo provider, string modelName, string apiBase)
        {
            Provider = provider;
            ModelName = modelName;
            ApiBase = apiBase;
        }

        /// <summary>The provider the id routes to.</summary>
        public ProviderInfo Provider { get; }

        /// <summary>The model name sent on the wire: the id without its routing prefix.</summary>
        public string ModelName { get; }

        /// <summary>Base URL to call (for Bedrock with the region filled in).</summary>
        public string ApiBase { get; init; }

        /// <summary>
        /// The key to send, or null when there is none (local servers, Bedrock with SigV4). For
        /// Bedrock it is the bearer token. Held protected: only an adapter writing a request's
        /// headers reveals it, so a route kept for a model's lifetime holds no plain key.
        /// </summary>
        public ApiKey? ApiKey { get; init; }

        /// <summary>
        /// Where the key came from: <c>explicit</c>, e.g. <c>env:GROQ_API_KEY</c>, or <c>default</c>;
        /// null without a key. Safe to show in verbose output.
        /// </summary>
        public string? ApiKeySource { get; init; }

        /// <summary>AWS region, for Bedrock only.</summary>
        public string? Region { get; init; }

        /// <summary>Azure OpenAI <c>api-version</c>, for Azure only.</summary>
        public string? ApiVersion { get; init; }

        /// <summary>The provider settings the caller gave (secrets stay protected); none by default.</summary>
        public ProviderOptions Options { get; init; } = ProviderOptions.None;

        /// <summary>Extra headers to send with every call (empty for most providers).</summary>
        public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

        /// <summary>Describes the route without the key, so it can be logged.</summary>
        public override string ToString() =>
            $"{Provider.Name}/{ModelName} via {ApiBase} (key: {ApiKeySource ?? "none"}"
            + (Region is null ? string.Empty : $", region: {Region}")
            + (ApiVersion is null ? string.Empty : $", api-version: {ApiVersion}")
            + ")";
    }
}
