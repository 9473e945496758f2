using System;
using System.Collections.Generic;
using Strands.Models.Routing;
using Strands.Types;

namespace Strands.Models.Azure
{
    /// <summary>
    /// How an Azure OpenAI route authenticates, chosen once when it is resolved: an <c>api-key</c>, a
    /// Microsoft Entra ID token given as it is (<c>azure_ad_token</c>), or Entra client credentials
    /// (<c>tenant_id</c>, <c>client_id</c>, <c>client_secret</c>). What the caller gave beats the
    /// environment; within each, the order is key, token, client credentials.
    /// </summary>
    internal static class AzureAuthentication
    {
        public const string AdToken = "azure_ad_token";
        public const string TenantId = "tenant_id";
        public const string ClientId = "client_id";
        public const string ClientSecret = "client_secret";

        /// <summary>The options Azure's registration lists.</summary>
        public static IReadOnlyList<ProviderOption> Options { get; } = new[]
        {
            new ProviderOption(AdToken, IsSecret: true),
            new ProviderOption(TenantId),
            new ProviderOption(ClientId),
            new ProviderOption(ClientSecret, IsSecret: true),
        };

        /// <summary>
        /// The route with only the chosen method left: the key (api-key header), or
        /// <see cref="ModelRoute.Options"/> holding the token or the client credentials, the key dropped.
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
            // The router lets a route without a key through only when IsConfigured, so the environment's client credentials are complete here.
            return WithClient(route, ClientCredentials(getEnv("AZURE_TENANT_ID"), getEnv("AZURE_CLIENT_ID"), envSecret is null ? null : ApiKey.FromPlainText(envSecret), "env")!.Value);
        }

        /// <summary>Whether Entra ID settings are given or in the environment (a token, or some client credentials).</summary>
        public static bool IsConfigured(ProviderOptions given, Func<string, string?> getEnv) =>
            given.Secret(AdToken) != null || given.Value(TenantId) != null || given.Value(ClientId) != null || given.Secret(ClientSecret) != null || given.Credential != null
            || getEnv("AZURE_AD_TOKEN") != null
            || (getEnv("AZURE_TENANT_ID") != null && getEnv("AZURE_CLIENT_ID") != null && getEnv("AZURE_CLIENT_SECRET") != null);

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
