using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Google.Apis.Auth.OAuth2;
using Strands.Models.Common;
using Strands.Types;

namespace Strands.Models.Vertex
{
    /// <summary>
    /// Google OAuth access tokens for Vertex AI through Google.Apis.Auth: from a service-account key
    /// (LiteLLM's <c>vertex_credentials</c>, a file path or the JSON itself; the key's token_uri is
    /// where the signed JWT goes), else Application
    /// Default Credentials (<c>GOOGLE_APPLICATION_CREDENTIALS</c>, gcloud's
    /// <c>application_default_credentials.json</c>, the metadata server). Scoped to cloud-platform.
    /// Only this type touches Google.Apis.Auth, so it loads for Vertex models alone.
    /// </summary>
    internal sealed class GoogleTokens : BearerTokenSource
    {
        /// <summary>The scope Vertex AI takes (LiteLLM's).</summary>
        public const string Scope = "https://www.googleapis.com/auth/cloud-platform";

        private readonly ApiKey? _credentials;
        private object? _credential; // GoogleCredential, typed loosely so this class loads without Google.Apis.Auth

        /// <param name="credentials">A service-account key file path or its JSON; null for Application Default Credentials.</param>
        public GoogleTokens(ApiKey? credentials) => _credentials = credentials;

        protected override async Task<(string Token, DateTimeOffset ExpiresOn)> FetchAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await FetchWithGoogleAuthAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or ArgumentException
                || ex.GetType().FullName == "Google.Apis.Auth.OAuth2.Responses.TokenResponseException")
            {
                throw new ModelException(ErrorIds.AuthenticationFailed, ErrorKind.Authentication,
                    $"No Google access token for vertex_ai ({(_credentials is null ? "application default credentials" : "vertex_credentials")}): {ex.Message}", inner: ex)
                {
                    Recommendation = ErrorText.Plain("Pass vertex_credentials (a service-account key file or its JSON), set GOOGLE_APPLICATION_CREDENTIALS, or run 'gcloud auth application-default login'."),
                };
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private async Task<(string, DateTimeOffset)> FetchWithGoogleAuthAsync(CancellationToken cancellationToken)
        {
            // The credential keeps and renews its own token, so it lives as long as the model.
            if (_credential is not GoogleCredential credential)
            {
                credential = (await LoadAsync(cancellationToken).ConfigureAwait(false)).CreateScoped(Scope);
                _credential = credential;
            }

            var token = await ((ITokenAccess)credential).GetAccessTokenForRequestAsync(null, cancellationToken).ConfigureAwait(false);
            var issued = (credential.UnderlyingCredential as ServiceCredential)?.Token ?? (credential.UnderlyingCredential as UserCredential)?.Token;
            // A credential whose token we cannot read keeps it itself; asking it again after a minute costs a lookup.
            var expires = issued?.ExpiresInSeconds is long seconds ? new DateTimeOffset(issued.IssuedUtc, TimeSpan.Zero).AddSeconds(seconds) : DateTimeOffset.UtcNow.AddMinutes(6);
            return (token, expires);
        }

        private Task<GoogleCredential> LoadAsync(CancellationToken cancellationToken)
        {
            if (_credentials is null) return GoogleCredential.GetApplicationDefaultAsync(cancellationToken);
            var given = _credentials.Reveal().Trim();
            // LiteLLM takes the JSON itself or a path to it.
            var json = given.StartsWith("{", StringComparison.Ordinal) ? given : File.ReadAllText(given);
            // A service-account key, named as such: the typed factory refuses other credential types in it.
            return Task.FromResult(GoogleCredential.FromServiceAccountCredential(CredentialFactory.FromJson<ServiceAccountCredential>(json)));
        }

        /// <summary>Where the credentials come from; never the key.</summary>
        public override string ToString() => _credentials is null ? "Google application default credentials" : "Google vertex_credentials";
    }
}
