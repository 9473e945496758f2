using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Strands.Types;

namespace Strands.Models.Bedrock
{
    /// <summary>
    /// A named profile of the shared config and credentials files (LiteLLM's <c>aws_profile_name</c>;
    /// the files where <c>AWS_CONFIG_FILE</c> and <c>AWS_SHARED_CREDENTIALS_FILE</c> say). The AWS
    /// SDK reads the profile and does what it says: static keys, an SSO session (after
    /// <c>aws sso login</c>), a role to assume, a credential_process.
    /// </summary>
    internal sealed class AwsProfileCredentials : IAwsCredentialsProvider
    {
        private readonly string _profileName;
        private object? _credentials; // AWSCredentials, typed loosely so this class loads without the SDK

        public AwsProfileCredentials(string profileName) => _profileName = profileName;

        public async Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
        {
            try
            {
                // The SDK's credentials object caches and renews what it fetched (SSO, roles), so it is kept.
                var resolved = await ResolveAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                return resolved;
            }
            catch (AmazonClientException ex)
            {
                throw Failed(ex.Message, ex);
            }
            catch (AmazonServiceException ex)
            {
                throw Failed(ex.Message, ex);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private async Task<AwsCredentials> ResolveAsync()
        {
            if (_credentials is not AWSCredentials credentials)
            {
                if (!new CredentialProfileStoreChain().TryGetAWSCredentials(_profileName, out credentials))
                    throw Failed($"no profile '{_profileName}' in the shared AWS config or credentials file (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, ~/.aws)", null);
                _credentials = credentials;
            }

            var current = await credentials.GetCredentialsAsync().ConfigureAwait(false);
            return new AwsCredentials(current.AccessKey, current.SecretKey, current.UseToken ? current.Token : null);
        }

        private ModelException Failed(string why, System.Exception? inner) =>
            new(ErrorIds.AuthenticationFailed, ErrorKind.Authentication, $"No AWS credentials for Bedrock from the profile '{_profileName}': {why}", inner: inner)
            {
                Recommendation = ErrorText.Plain($"Check aws_profile_name '{_profileName}' in ~/.aws/config (run 'aws sso login --profile {_profileName}' for an SSO profile)."),
            };

        /// <summary>The profile name.</summary>
        public override string ToString() => $"profile {_profileName}";
    }
}
