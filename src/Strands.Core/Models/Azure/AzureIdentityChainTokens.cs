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
    /// then its AzureCliCredential (<c>az account get-access-token</c>), chained. Only this type and
    /// <see cref="AzureEntraTokens"/> touch Azure.Identity, so it loads for these models alone.
    /// </summary>
    internal sealed class AzureIdentityChainTokens : BearerTokenSource
    {
        private readonly string? _managedIdentityClientId;
        private object? _credential; // ChainedTokenCredential, typed loosely so this class loads without Azure.Identity

        /// <param name="managedIdentityClientId">A user-assigned managed identity's client id; null for the system-assigned one.</param>
        public AzureIdentityChainTokens(string? managedIdentityClientId) => _managedIdentityClientId = managedIdentityClientId;

        protected override async Task<(string Token, DateTimeOffset ExpiresOn)> FetchAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await FetchWithAzureIdentityAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AuthenticationFailedException or CredentialUnavailableException)
            {
                throw new ModelException(ErrorIds.AuthenticationFailed, ErrorKind.Authentication,
                    $"No Microsoft Entra ID token for azure from the managed identity or the Azure CLI: {ex.Message}", inner: ex)
                {
                    Recommendation = ErrorText.Of($"Run where a managed identity is assigned, or sign in with 'az login'; or pass azure_ad_token, client credentials or {Setting.ApiKey}."),
                };
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private async Task<(string, DateTimeOffset)> FetchWithAzureIdentityAsync(CancellationToken cancellationToken)
        {
            // The credentials keep their token caches, so the chain lives as long as the model.
            if (_credential is not ChainedTokenCredential credential)
            {
                var identity = _managedIdentityClientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(_managedIdentityClientId);
                credential = new ChainedTokenCredential(new ManagedIdentityCredential(identity), new AzureCliCredential());
                _credential = credential;
            }

            var token = await credential.GetTokenAsync(new TokenRequestContext(new[] { AzureEntraTokens.Scope }), cancellationToken).ConfigureAwait(false);
            return (token.Token, token.ExpiresOn);
        }

        /// <summary>Which identity is asked first; no token.</summary>
        public override string ToString() =>
            _managedIdentityClientId is null ? "Entra ID managed identity or Azure CLI" : $"Entra ID managed identity {_managedIdentityClientId} or Azure CLI";
    }
}
