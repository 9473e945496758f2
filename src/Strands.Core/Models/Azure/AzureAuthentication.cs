using System;
using System.Collections.Generic;
using Strands.Models.Routing;
using Strands.Types;

namespace Strands.Models.Azure
{
    /// <summary>
    /// How an Azure OpenAI route authenticates, chosen once when it is resolved: an <c>api-key</c>, a
    /// Microsoft Entra ID token given as it is (<c>azure_ad_token</c>), Entra client credentials
    /// (<c>tenant_id</c>, <c>client_id</c>, <c>client_secret</c>), or, as LiteLLM does when
    /// <c>enable_azure_ad_token_refresh</c> is on and nothing else is given, the managed identity
    /// (user-assigned when <c>AZURE_CLIENT_ID</c> names one) and then the Azure CLI. What the caller
    /// gave beats the environment; within each, the order is key, token, client credentials.
    /// </summary>
    internal static class AzureAuthentication
    {
        public const string AdToken = "azure_ad_token";
        public const string TenantId = "tenant_id";
        public const string ClientId = "client_id";
        public const string ClientSecret = "client_secret";
        public const string EnableTokenRefresh = "enable_azure_ad_token_refresh";

        /// <summary>The options Azure's registration lists.</summary>
        public static IReadOnlyList<ProviderOption> Options { get; } = new[]
        {
            new ProviderOption(AdToken, IsSecret: true),
            new ProviderOption(TenantId),
            new ProviderOption(ClientId),
            new ProviderOption(ClientSecret, IsSecret: true),
            new ProviderOption(EnableTokenRefresh, IsSwitch: true),
        };

        /// <summary>
        /// The route with only the chosen method left: the key (api-key header), or
        /// <see cref="ModelRoute.Options"/> holding the token, the client credentials or the switch to the
        /// managed identity / Azure CLI chain (with a user-assigned identity's client id), the key dropped.
        /// </summary>
        /// <exception cref="StrandsException">InvalidArgument for incomplete client credentials.</exception>
        public static ModelRoute Choose(ModelRoute route, ProviderOptions given, Func<string, string?> getEnv)
        {
            if (route.ApiKeySource == ModelRouter.ExplicitKeySource) return route with { Options = ProviderOptions.None };

            if (given.Secret(AdToken) is { } token) return WithToken(route, token, "explicit azure_ad_token");
            if (ClientCredentials(given.Value(TenantId), given.Value(ClientId) ?? given.Credential?.UserName,
                    given.Secret(ClientSecret) ?? given.Credential?.Secret, "explicit") is { } explicitClient)
                return WithClient(route, explicitClient);

            if (route.ApiKey != null) return route with { Options = ProviderOptions.None };
            if (getEnv("AZURE_AD_TOKEN") is { } envToken) return WithToken(route, ApiKey.FromPlainText(envToken), "env:AZURE_AD_TOKEN");
            var envSecret = getEnv("AZURE_CLIENT_SECRET");
            if (ClientCredentials(getEnv("AZURE_TENANT_ID"), getEnv("AZURE_CLIENT_ID"), envSecret is null ? null : ApiKey.FromPlainText(envSecret), "env") is { } envClient)
                return WithClient(route, envClient);
            // The router lets a route without a key through only when IsConfigured, so the switch is on here.
            return WithIdentityChain(route, getEnv("AZURE_CLIENT_ID"));
        }

        /// <summary>Whether the route was left to the managed identity / Azure CLI chain.</summary>
        public static bool UsesIdentityChain(ProviderOptions chosen) => IsOn(chosen);

        /// <summary>Whether Entra ID settings are given or in the environment (a token, some client credentials, or the token refresh switch on).</summary>
        public static bool IsConfigured(ProviderOptions given, Func<string, string?> getEnv) =>
            given.Secret(AdToken) != null || given.Value(TenantId) != null || given.Value(ClientId) != null || given.Secret(ClientSecret) != null || given.Credential != null
            || getEnv("AZURE_AD_TOKEN") != null
            || (getEnv("AZURE_TENANT_ID") != null && getEnv("AZURE_CLIENT_ID") != null && getEnv("AZURE_CLIENT_SECRET") != null)
            || IsOn(given);

        private static bool IsOn(ProviderOptions options) => bool.TryParse(options.Value(EnableTokenRefresh), out var on) && on;

        private static ModelRoute WithIdentityChain(ModelRoute route, string? managedIdentityClientId)
        {
            var values = new List<KeyValuePair<string, string>> { new(EnableTokenRefresh, "true") };
            if (managedIdentityClientId != null) values.Add(new(ClientId, managedIdentityClientId));
            return route with
            {
                ApiKey = null,
                ApiKeySource = managedIdentityClientId is null ? "Entra ID managed identity or Azure CLI" : $"Entra ID managed identity {managedIdentityClientId} or Azure CLI",
                Options = new ProviderOptions(values),
            };
        }

        private static ModelRoute WithToken(ModelRoute route, ApiKey token, string source) =>
            route with
            {
                ApiKey = null,
                ApiKeySource = source,
                Options = new ProviderOptions(null, new[] { new KeyValuePair<string, ApiKey>(AdToken, token) }),
            };

        private static ModelRoute WithClient(ModelRoute route, (string Tenant, string Client, ApiKey Secret, string Source) client) =>
            route with
            {
                ApiKey = null,
                ApiKeySource = $"Entra ID client credentials ({client.Source})",
                Options = new ProviderOptions(
                    new[] { new KeyValuePair<string, string>(TenantId, client.Tenant), new KeyValuePair<string, string>(ClientId, client.Client) },
                    new[] { new KeyValuePair<string, ApiKey>(ClientSecret, client.Secret) }),
            };

        // All three, or none (null); a part without the others is a mistake worth naming.
        private static (string, string, ApiKey, string)? ClientCredentials(string? tenant, string? client, ApiKey? secret, string source)
        {
            if (tenant is null && client is null && secret is null) return null;
            if (tenant != null && client != null && secret != null) return (tenant, client, secret, source);
            if (source == "env") return null;
            throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"Microsoft Entra ID client credentials need {TenantId}, {ClientId} and {ClientSecret} together (missing: {string.Join(", ", Missing(tenant, client, secret))}).");
        }

        private static IEnumerable<string> Missing(string? tenant, string? client, ApiKey? secret)
        {
            if (tenant is null) yield return TenantId;
            if (client is null) yield return ClientId;
            if (secret is null) yield return ClientSecret;
        }
    }
}
