using System;
using System.Collections.Generic;

namespace Strands.Models.Routing
{
    /// <summary>
    /// How LiteLLM reaches one provider: its routing prefix, default endpoint and the environment
    /// variables it reads (docs/wire-formats.md, Routing). Its registration says which adapter speaks to it.
    /// </summary>
    public sealed record ProviderInfo
    {
        /// <summary>Creates a provider entry.</summary>
        public ProviderInfo(string name, string? defaultApiBase, IReadOnlyList<string> apiKeyEnvVars, IReadOnlyList<string> apiBaseEnvVars)
        {
            Name = name;
            DefaultApiBase = defaultApiBase;
            ApiKeyEnvVars = apiKeyEnvVars;
            ApiBaseEnvVars = apiBaseEnvVars;
            PriceTableProviders = new[] { name };
        }

        /// <summary>Routing prefix, e.g. <c>groq</c> for <c>groq/llama-3.3-70b-versatile</c>.</summary>
        public string Name { get; }

        /// <summary>
        /// LiteLLM's default endpoint; null when it has none and the user must supply one. For
        /// Bedrock it holds a <c>{region}</c> placeholder. For Anthropic it is the full Messages URL,
        /// as LiteLLM reports it: the adapter appends <c>/v1/messages</c> to bases lacking it.
        /// </summary>
        public string? DefaultApiBase { get; }

        /// <summary>Environment variables holding the key, in the order tried.</summary>
        public IReadOnlyList<string> ApiKeyEnvVars { get; }

        /// <summary>Environment variables overriding the base URL, in the order tried.</summary>
        public IReadOnlyList<string> ApiBaseEnvVars { get; }

        /// <summary>
        /// Whether a call without a key must fail before it is sent. False for local servers and for
        /// Bedrock, whose fallback is SigV4 signing with AWS credentials.
        /// </summary>
        public bool KeyRequired { get; init; } = true;

        /// <summary>Key used when none is configured (LiteLLM sends <c>fake-api-key</c> to local OpenAI-compatible servers).</summary>
        public string? DefaultApiKey { get; init; }

        /// <summary>Extra headers the provider expects on every call.</summary>
        public IReadOnlyList<ProviderHeader> ExtraHeaders { get; init; } = Array.Empty<ProviderHeader>();

        /// <summary>
        /// <c>litellm_provider</c> values of this provider's entries in the price table. Usually the
        /// name itself (the default); Bedrock's entries are split between <c>bedrock</c> and
        /// <c>bedrock_converse</c>, and <c>ollama_chat</c> shares Ollama's. Empty when the table has no prices for it.
        /// </summary>
        public IReadOnlyList<string> PriceTableProviders { get; init; }

        /// <summary>The provider name; keeps lists readable in PowerShell output.</summary>
        public override string ToString() => Name;
    }
}
