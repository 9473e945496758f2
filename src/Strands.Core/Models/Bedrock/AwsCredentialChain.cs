using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Strands.Types;

namespace Strands.Models.Bedrock
{
    /// <summary>
    /// The AWS SDK's default credential chain: environment variables, the shared credentials and
    /// config files (profiles, SSO, credential_process), web identity, then container and instance
    /// metadata. This is the only type that touches AWSSDK.Core, and BedrockModel creates it only
    /// when a request needs SigV4, so importing the module or using a bearer token never loads it.
    /// </summary>
    internal sealed class AwsCredentialChain : IAwsCredentialsProvider
    {
        public async Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
        {
            try
            {
                // The resolver caches what it found (and refreshing credentials renew themselves),
                // so asking on every call costs a lookup, not a new search of the chain.
                var resolved = await ResolveAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                return resolved;
            }
            catch (AmazonClientException ex)
            {
                throw new ModelException(ErrorIds.AuthenticationFailed, ErrorKind.Authentication,
                    $"No AWS credentials for Bedrock: {ex.Message}", inner: ex)
                {
                    Recommendation = ErrorText.Of($"Set AWS_BEARER_TOKEN_BEDROCK or pass {Setting.ApiKey}, or configure AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, 'aws sso login', or a role)."),
                };
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static async Task<AwsCredentials> ResolveAsync()
        {
            var credentials = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync().ConfigureAwait(false);
            var current = await credentials.GetCredentialsAsync().ConfigureAwait(false);
            return new AwsCredentials(current.AccessKey, current.SecretKey, current.UseToken ? current.Token : null);
        }
    }
}
