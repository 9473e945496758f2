using System;
using System.Collections.Generic;
using System.Text.Json;
using Strands.Models.Http;
using Strands.Models.OpenAi;
using Strands.Models.Replay;
using Strands.Models.Routing;
using Strands.Types;

namespace Strands.Models.Azure
{
    /// <summary>
    /// Azure OpenAI: <c>azure/</c>. It speaks the OpenAI Chat Completions format, so it builds the
    /// OpenAI adapter, on deployment URLs with an <c>api-version</c> query, and an <c>api-key</c>
    /// header or a Microsoft Entra ID bearer token (<see cref="AzureAuthentication"/>).
    /// </summary>
    internal sealed class AzureRegistration : ProviderRegistration
    {
        /// <summary>The <c>api-version</c> when nothing names one (<c>litellm.AZURE_DEFAULT_API_VERSION</c>).</summary>
        public const string DefaultApiVersion = "2025-02-01-preview";

        /// <inheritdoc/>
        public override IReadOnlyList<ProviderInfo> Providers { get; } = new[]
        {
            new ProviderInfo("azure", null, new[] { "AZURE_OPENAI_API_KEY", "AZURE_API_KEY" }, new[] { "AZURE_API_BASE" }),
        };

        /// <inheritdoc/>
        public override IReadOnlyList<ProviderOption> Options => AzureAuthentication.Options;

        /// <summary>A Microsoft Entra ID token or client credentials, given or in the environment, or the managed identity / Azure CLI switch, stand in for the key.</summary>
        public override bool HasOtherCredentials(RouteOptions options, Func<string, string?> getEnv) => AzureAuthentication.IsConfigured(options.ProviderOptions, getEnv);

        /// <inheritdoc/>
        public override ReplayShape ReplayShape { get; } = new("tools", "function", new ToolResultPlace("content", Discriminator: "role", DiscriminatorValue: "tool"));

        /// <summary>The api-version (the explicit option, else AZURE_API_VERSION, else LiteLLM's default) and how to authenticate.</summary>
        public override ModelRoute CompleteRoute(ModelRoute route, RouteOptions options, Func<string, string?> getEnv) =>
            AzureAuthentication.Choose(route, options.ProviderOptions, getEnv) with
            {
                ApiVersion = string.IsNullOrWhiteSpace(options.ApiVersion) ? getEnv("AZURE_API_VERSION") ?? DefaultApiVersion : options.ApiVersion!.Trim(),
            };

        /// <inheritdoc/>
        public override IModel CreateModel(ModelRoute route, ApiKey? apiKey, JsonElement? parameters, HttpSettings http)
        {
            var deployment = Uri.EscapeDataString(route.ModelName);
            var version = Uri.EscapeDataString(route.ApiVersion ?? DefaultApiVersion);
            var endpoint = new Uri($"{route.ApiBase.TrimEnd('/')}/openai/deployments/{deployment}/chat/completions?api-version={version}");
            parameters = TokenLimitParameter.ForModel(route.ModelName, parameters);
            if (route.Options.Secret(AzureAuthentication.AdToken) is { } token)
                return new OpenAiModel(route.Provider.Name, route.ModelName, endpoint, token, OpenAiAuthStyle.Bearer, parameters, http);
            if (route.Options.Secret(AzureAuthentication.ClientSecret) is { } secret)
            {
                var tokens = new AzureEntraTokens(route.Options.Value(AzureAuthentication.TenantId)!, route.Options.Value(AzureAuthentication.ClientId)!, secret);
                return new OpenAiModel(route.Provider.Name, route.ModelName, endpoint, tokens, parameters, http);
            }
            if (AzureAuthentication.UsesIdentityChain(route.Options))
                return new OpenAiModel(route.Provider.Name, route.ModelName, endpoint, new AzureIdentityChainTokens(route.Options.Value(AzureAuthentication.ClientId)), parameters, http);
            return new OpenAiModel(route.Provider.Name, route.ModelName, endpoint, apiKey, OpenAiAuthStyle.ApiKeyHeader, parameters, http);
        }
    }
}
