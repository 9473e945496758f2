using System;
using System.Collections.Generic;
using System.Linq;
using Strands.Types;

namespace Strands.Models.Routing
{
    /// <summary>
    /// Turns a LiteLLM-style model id (<c>provider/model</c>) into a <see cref="ModelRoute"/>,
    /// following LiteLLM's <c>get_llm_provider</c> (docs/wire-formats.md, Routing). What is common
    /// to every provider is here; what one provider adds is in its registration.
    /// </summary>
    public static class ModelRouter
    {
        /// <summary>The <see cref="ModelRoute.ApiKeySource"/> of a key the caller gave rather than the environment.</summary>
        public const string ExplicitKeySource = "explicit";

        private const string LiteLlmProxy = "litellm_proxy";

        /// <summary>
        /// Resolves <paramref name="modelId"/>. Each setting is taken from the explicit option, else
        /// the provider's environment variables in LiteLLM's order, else the provider default.
        /// </summary>
        /// <param name="modelId">E.g. <c>anthropic/claude-sonnet-4-5</c>, <c>bedrock/us.amazon.nova-pro-v1:0</c>, or a bare <c>gpt-4o</c>.</param>
        /// <param name="options">Explicit settings; null for none.</param>
        /// <param name="getEnv">Reads an environment variable (injected so tests and hosts control it).</param>
        /// <exception cref="StrandsException">
        /// <c>UnknownProvider</c>, <c>MissingApiKey</c>, <c>MissingApiBase</c> or <c>InvalidArgument</c>.
        /// </exception>
        public static ModelRoute Resolve(string modelId, RouteOptions? options, Func<string, string?> getEnv)
        {
            if (getEnv is null) throw new ArgumentNullException(nameof(getEnv));
            if (string.IsNullOrWhiteSpace(modelId))
            {
                throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, "A model id is required, e.g. 'anthropic/claude-sonnet-4-5-20250929' or 'openai/gpt-4o'.");
            }

            options ??= new RouteOptions();
            modelId = modelId.Trim();
            string? Env(string name) => NullIfBlank(getEnv(name));

            var (provider, modelName) = options.UseLiteLlmProxy || IsTrue(Env("USE_LITELLM_PROXY"))
                ? (ProviderTable.All.Single(p => p.Name == LiteLlmProxy), StripLiteLlmProxyPrefix(modelId))
                : Split(modelId);

            var (apiKey, apiKeySource) = ResolveApiKey(provider, options, Env);
            var route = new ModelRoute(provider, modelName, ResolveApiBase(provider, options, Env))
            {
                ApiKey = apiKey,
                ApiKeySource = apiKeySource,
                Headers = ResolveHeaders(provider, Env),
                Options = options.ProviderOptions,
            };
            return ProviderTable.RegistrationOf(provider).CompleteRoute(route, options, Env);
        }

        private static (ProviderInfo Provider, string ModelName) Split(string modelId)
        {
            int slash = modelId.IndexOf('/');
            if (slash > 0 && ProviderTable.TryGet(modelId.Substring(0, slash), out var provider))
            {
                // Only the first segment is the route: "litellm_proxy/anthropic/claude-x" sends "anthropic/claude-x".
                string modelName = modelId.Substring(slash + 1);
                if (modelName.Length == 0)
                {
                    throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, $"The model id '{modelId}' names the provider '{provider.Name}' but no model. Use '{provider.Name}/<model>'.");
                }

                return (provider, modelName);
            }

            if (slash < 0 && OwnerOfBareName(modelId) is ProviderInfo owner)
            {
                return (owner, modelId);
            }

            string prefix = slash > 0 ? modelId.Substring(0, slash) : string.Empty;
            string what = prefix.Length > 0 ? $"The provider prefix '{prefix}' in '{modelId}' is not known." : $"The model id '{modelId}' has no provider prefix.";
            var proxyHint = ErrorText.Of($"For a model alias served by a LiteLLM proxy, use litellm_proxy/<model> or {Setting.UseLiteLlmProxy}.");
            throw new StrandsException(ErrorIds.UnknownProvider, ErrorKind.InvalidArgument,
                ErrorText.Of($"{what} Write it as '<provider>/<model>' with one of: {string.Join(", ", ProviderTable.Names)}. {proxyHint}"))
            {
                Recommendation = proxyHint,
            };
        }

        /// <summary>
        /// LiteLLM infers a bare name's provider from the model lists built out of its price table.
        /// Agents overwhelmingly use OpenAI and Anthropic names bare, and those follow stable
        /// patterns, so each registration's name rule covers them without loading the table to route.
        /// </summary>
        private static ProviderInfo? OwnerOfBareName(string modelId)
        {
            string id = modelId.ToLowerInvariant();
            return ProviderTable.Registrations.FirstOrDefault(r => r.OwnsBareModelName(id))?.Providers[0];
        }

        private static string StripLiteLlmProxyPrefix(string modelId)
        {
            // In proxy mode the id is the proxy's model name, so any other prefix is part of it.
            string prefix = LiteLlmProxy + "/";
            return modelId.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && modelId.Length > prefix.Length
                ? modelId.Substring(prefix.Length)
                : modelId;
        }

        private static string ResolveApiBase(ProviderInfo provider, RouteOptions options, Func<string, string?> env)
        {
            string? apiBase = NullIfBlank(options.ApiBase) ?? provider.ApiBaseEnvVars.Select(env).FirstOrDefault(v => v is not null);
            if (apiBase is not null) return apiBase;

            // LiteLLM sends providers without a base of their own (litellm_proxy, lm_studio,
            // hosted_vllm) on to OPENAI_BASE_URL or https://api.openai.com/v1, with OPENAI_API_KEY:
            // a forgotten variable then leaks the OpenAI key to, and bills, the
            // wrong service. We stop and say which variable to set instead.
            if (provider.DefaultApiBase is null)
            {
                throw new StrandsException(ErrorIds.MissingApiBase, ErrorKind.InvalidArgument,
                    ErrorText.Of($"The provider '{provider.Name}' has no default endpoint: {Either(provider.ApiBaseEnvVars)} is not set and no {Setting.ApiBase} was given."))
                {
                    Recommendation = ErrorText.Of($"Set {provider.ApiBaseEnvVars[0]} to the server's base URL, or pass {Setting.ApiBase}."),
                };
            }

            return provider.DefaultApiBase;
        }

        private static (ApiKey? Key, string? Source) ResolveApiKey(ProviderInfo provider, RouteOptions options, Func<string, string?> env)
        {
            if (options.ApiKey is { Length: > 0 } given) return (given, ExplicitKeySource);

            foreach (string name in provider.ApiKeyEnvVars)
            {
                string? key = env(name);
                if (key is not null) return (ApiKey.FromPlainText(key), "env:" + name);
            }

            if (provider.DefaultApiKey is not null) return (ApiKey.FromPlainText(provider.DefaultApiKey), "default");
            if (!provider.KeyRequired || ProviderTable.RegistrationOf(provider).HasOtherCredentials(options, env)) return (null, null);

            throw new StrandsException(ErrorIds.MissingApiKey, ErrorKind.Authentication,
                ErrorText.Of($"No API key for the provider '{provider.Name}': {Either(provider.ApiKeyEnvVars)} is not set and no {Setting.ApiKey} was given."))
            {
                Recommendation = ErrorText.Of($"Set {provider.ApiKeyEnvVars[0]}, or pass {Setting.ApiKey}."),
            };
        }

        private static IReadOnlyDictionary<string, string> ResolveHeaders(ProviderInfo provider, Func<string, string?> env)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in provider.ExtraHeaders)
            {
                string? value = env(header.EnvVar) ?? header.DefaultValue;
                if (value is not null) headers[header.Name] = value;
            }

            return headers;
        }

        // LiteLLM's get_secret_bool: "true" in any case.
        private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

        // An empty variable counts as unset, as in LiteLLM's `os.getenv(...) or …` chains.
        private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

        private static string Either(IReadOnlyList<string> names) =>
            names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[names.Count - 1];
    }
}
