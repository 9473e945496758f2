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
    /// Microsoft Entra ID tokens for Azure OpenAI from where the code runs, the part of
    /// DefaultAzureCredential LiteLLM reaches with <c>enable_azure_ad_token_refresh</c>: Azure.Identity's
    /// ManagedIdentityCredential (system-assigned, or the user-assigned identity a client id names),
    /// then its AzureCliCredential (<c>az account get-access-token</c>), chained.
    /// </summary>
    internal sealed class AzureIdentityChainTokens : AzureIdentityTokens
    {
        private readonly string? _managedIdentityClientId;

        /// <param name="managedIdentityClientId">A user-assigned managed identity's client id; null for the system-assigned one.</param>
        public AzureIdentityChainTokens(string? managedIdentityClientId) => _managedIdentityClientId = managedIdentityClientId;

        protected override ModelException Failed(Exception error) =>
            new(ErrorIds.AuthenticationFailed, ErrorKind.Authentication,
                $"No Microsoft Entra ID token for azure from the managed identity or the Azure CLI: {error.Message}", inner: error)
            {
                Recommendation = ErrorText.Of($"Run where a managed identity is assigned, or sign in with 'az login'; or pass azure_ad_token, client credentials or {Setting.ApiKey}."),
            };

        protected override object CreateCredential()
        {
            var identity = _managedIdentityClientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(_managedIdentityClientId);
            return new ChainedTokenCredential(new ManagedIdentityCredential(identity), new AzureCliCredential());
        }

        /// <summary>Which identity is asked first; no token.</summary>
        public override string ToString() =>
            _managedIdentityClientId is null ? "Entra ID managed identity or Azure CLI" : $"Entra ID managed identity {_managedIdentityClientId} or Azure CLI";
    }
}
