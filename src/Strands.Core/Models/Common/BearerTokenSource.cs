using System;
using System.Threading;
using System.Threading.Tasks;
using Strands.Types;

namespace Strands.Models.Common
{
    /// <summary>
    /// Short-lived bearer tokens fetched through a vendor's library (Microsoft Entra ID through
    /// Azure.Identity, Google OAuth through Google.Apis.Auth) and kept, protected, until five
    /// minutes before they expire. Subclasses fetch; this class caches.
    /// </summary>
    internal abstract class BearerTokenSource
    {
        private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

        // Replaced whole, so readers never see half an update; two calls racing past expiry both fetch, harmlessly.
        private volatile Cached? _current;

        /// <summary>The token to send now: the kept one while it has more than five minutes left, else a new one.</summary>
        /// <exception cref="ModelException"><c>AuthenticationFailed</c> when no token can be had.</exception>
        public async Task<ApiKey> GetTokenAsync(CancellationToken cancellationToken)
        {
            if (_current is { } current && current.ExpiresOn - RenewBefore > DateTimeOffset.UtcNow) return current.Token;
            var (token, expiresOn) = await FetchAsync(cancellationToken).ConfigureAwait(false);
            var fetched = new Cached(ApiKey.FromPlainText(token), expiresOn);
            _current = fetched;
            return fetched.Token;
        }

        /// <summary>Fetches a new token and when it expires.</summary>
        protected abstract Task<(string Token, DateTimeOffset ExpiresOn)> FetchAsync(CancellationToken cancellationToken);

        private sealed record Cached(ApiKey Token, DateTimeOffset ExpiresOn);
    }
}
