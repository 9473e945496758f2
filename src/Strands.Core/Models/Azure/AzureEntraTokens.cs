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
    /// clouds).
    /// </summary>
    internal sealed class AzureEntraTokens : AzureIdentityTokens
    {
        private readonly string _tenantId;
        private readonly string _clientId;
        private readonly ApiKey _clientSecret;

        public AzureEntraTokens(string tenantId, string clientId, ApiKey clientSecret)
        {
            _tenantId = tenantId;
            _clientId = clientId;
            _clientSecret = clientSecret;
        }

        protected override ModelException Failed(Exception error) =>
            new(ErrorIds.AuthenticationFailed, ErrorKind.Authentication,
                $"No Microsoft Entra ID token for azure (tenant {_tenantId}, client {_clientId}): {error.Message}", inner: error)
            {
                Recommendation = ErrorText.Of($"Check tenant_id, client_id and client_secret (or AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), or pass azure_ad_token or {Setting.ApiKey}."),
            };

        protected override object CreateCredential()
        {
            // AuthorityHost defaults to AZURE_AUTHORITY_HOST. MSAL checks an unknown host with
            // Microsoft's public discovery service, which a private authority (Azure Stack, ADFS) is not in.
            var options = new ClientSecretCredentialOptions();
            options.DisableInstanceDiscovery = !IsPublicCloud(options.AuthorityHost);
            return new ClientSecretCredential(_tenantId, _clientId, _clientSecret.Reveal(), options);
        }

        private static bool IsPublicCloud(Uri authority) =>
            authority == AzureAuthorityHosts.AzurePublicCloud || authority == AzureAuthorityHosts.AzureChina || authority == AzureAuthorityHosts.AzureGovernment;

        /// <summary>The tenant and client; never the secret.</summary>
        public override string ToString() => $"Entra ID client {_clientId} in {_tenantId}";
    }
}
