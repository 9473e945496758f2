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
    /// Microsoft Entra ID tokens for Azure OpenAI from an Azure.Identity credential, for the Cognitive
    /// Services scope. Each kind of sign-in says which credential and how its failure reads; the
    /// credential is made once and keeps its token cache as long as the model. Only these types touch
    /// Azure.Identity, so it loads for the Azure models that sign in this way alone.
    /// </summary>
    internal abstract class AzureIdentityTokens : BearerTokenSource
    {
        /// <summary>The scope LiteLLM asks for (its <c>azure_scope</c> default).</summary>
        public const string Scope = "https://cognitiveservices.azure.com/.default";

        private object? _credential; // a TokenCredential, typed loosely so these classes load without Azure.Identity

        /// <summary>The Azure.Identity credential to ask (a TokenCredential).</summary>
        protected abstract object CreateCredential();

        /// <summary>The AuthenticationFailed error for a credential that could not give a token.</summary>
        protected abstract ModelException Failed(Exception error);

        protected override async Task<(string Token, DateTimeOffset ExpiresOn)> FetchAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await FetchWithAzureIdentityAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AuthenticationFailedException or CredentialUnavailableException or ArgumentException)
            {
                throw Failed(ex);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private async Task<(string, DateTimeOffset)> FetchWithAzureIdentityAsync(CancellationToken cancellationToken)
        {
            var credential = (TokenCredential)(_credential ??= CreateCredential());
            var token = await credential.GetTokenAsync(new TokenRequestContext(new[] { Scope }), cancellationToken).ConfigureAwait(false);
            return (token.Token, token.ExpiresOn);
        }
    }
}
