using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Identity;
using Strands.Models.Common;
using Strands.Types;

namespace Strands.Models.Azure
{
    /// <summary>
    /// Microsoft Entra ID tokens for Azure OpenAI from a client secret (LiteLLM's <c>tenant_id</c>,
    /// <c>client_id</c>, <c>client_secret</c>), fetched by Azure.Identity's ClientSecretCredential
    /// for the Cognitive Services scope. Azure.Identity honours <c>AZURE_AUTHORITY_HOST</c> (sovereign
    /// clouds). Only this type touches Azure.Identity, so it loads for these models alone.
    /// </summary>
    internal sealed class AzureEntraTokens : BearerTokenSource
    {
        /// <summary>The scope LiteLLM asks for (its <c>azure_scope</c> default).</summary>
        public const string Scope = "https://cognitiveservices.azure.com/.default";

        private readonly string _tenantId;
        private readonly string _clientId;
        private readonly ApiKey _clientSecret;
        private object? _credential; // ClientSecretCredential, typed loosely so this class loads without Azure.Identity

        public AzureEntraTokens(string tenantId, string clientId, ApiKey clientSecret)
        {
            _tenantId = tenantId;
            _clientId = clientId;
            _clientSecret = clientSecret;
        }

        protected override async Task<(string Token, DateTimeOffset ExpiresOn)> FetchAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await FetchWithAzureIdentityAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AuthenticationFailedException or CredentialUnavailableException or ArgumentException)
            {
                throw new ModelException(ErrorIds.AuthenticationFailed, ErrorKind.Authentication,
                    $"No Microsoft Entra ID token for azure (tenant {_tenantId}, client {_clientId}): {ex.Message}", inner: ex)
                {
                    Recommendation = ErrorText.Of($"Check tenant_id, client_id and client_secret (or AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), or pass azure_ad_token or {Setting.ApiKey}."),
                };
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private async Task<(string, DateTimeOffset)> FetchWithAzureIdentityAsync(CancellationToken cancellationToken)
        {
            // The credential keeps MSAL's token cache, so it lives as long as the model.
            if (_credential is not ClientSecretCredential credential)
            {
                // AuthorityHost defaults to AZURE_AUTHORITY_HOST. MSAL checks an unknown host with
                // Microsoft's public discovery service, which a private authority (Azure Stack, ADFS) is not in.
                var options = new ClientSecretCredentialOptions();
                options.DisableInstanceDiscovery = !IsPublicCloud(options.AuthorityHost);
                credential = new ClientSecretCredential(_tenantId, _clientId, _clientSecret.Reveal(), options);
                _credential = credential;
            }

            var token = await credential.GetTokenAsync(new TokenRequestContext(new[] { Scope }), cancellationToken).ConfigureAwait(false);
            return (token.Token, token.ExpiresOn);
        }

        private static bool IsPublicCloud(Uri authority) =>
            authority == AzureAuthorityHosts.AzurePublicCloud || authority == AzureAuthorityHosts.AzureChina || authority == AzureAuthorityHosts.AzureGovernment;

        /// <summary>The tenant and client; never the secret.</summary>
        public override string ToString() => $"Entra ID client {_clientId} in {_tenantId}";
    }
}
