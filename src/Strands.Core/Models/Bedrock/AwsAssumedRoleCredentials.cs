using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Strands.Types;

namespace Strands.Models.Bedrock
{
    /// <summary>
    /// LiteLLM's <c>aws_role_name</c> + <c>aws_session_name</c>: the role is assumed through STS
    /// (AWSSDK.SecurityToken's client, signed with the source credentials) and requests are signed
    /// with the temporary credentials, which are kept until five minutes before they expire.
    /// </summary>
    internal sealed class AwsAssumedRoleCredentials : IAwsCredentialsProvider
    {
        private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

        private readonly IAwsCredentialsProvider _source;
        private readonly string _roleArn;
        private readonly string _sessionName;
        private readonly string _region;
        private readonly string? _stsEndpoint;
        // Replaced whole, so readers never see half an update; two calls racing past expiry both assume the role, harmlessly.
        private volatile Assumed? _current;

        /// <param name="source">Who assumes the role: explicit keys, a profile or the default chain.</param>
        /// <param name="roleArn">The role's ARN.</param>
        /// <param name="sessionName">The role session name.</param>
        /// <param name="region">The region whose STS endpoint is called.</param>
        /// <param name="stsEndpoint">An STS endpoint URL overriding the region's (LiteLLM's <c>aws_sts_endpoint</c>), or null.</param>
        public AwsAssumedRoleCredentials(IAwsCredentialsProvider source, string roleArn, string sessionName, string region, string? stsEndpoint)
        {
            _source = source;
            _roleArn = roleArn;
            _sessionName = sessionName;
            _region = region;
            _stsEndpoint = stsEndpoint;
        }

        public async Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
        {
            if (_current is { } current && current.ExpiresUtc - RenewBefore > DateTime.UtcNow) return current.Credentials;
            var source = await _source.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
            var assumed = await AssumeAsync(source, cancellationToken).ConfigureAwait(false);
            _current = assumed;
            return assumed.Credentials;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private async Task<Assumed> AssumeAsync(AwsCredentials source, CancellationToken cancellationToken)
        {
            var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(_region) };
            if (_stsEndpoint != null)
            {
                config.ServiceURL = _stsEndpoint;
                config.AuthenticationRegion = _region;
            }

            var sourceCredentials = source.SessionToken is null
                ? (AWSCredentials)new BasicAWSCredentials(source.AccessKeyId, source.SecretAccessKey)
                : new SessionAWSCredentials(source.AccessKeyId, source.SecretAccessKey, source.SessionToken);
            try
            {
                using var sts = new AmazonSecurityTokenServiceClient(sourceCredentials, config);
                var response = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = _roleArn, RoleSessionName = _sessionName }, cancellationToken).ConfigureAwait(false);
                var temporary = response.Credentials;
                var expires = temporary.Expiration is DateTime at ? at.ToUniversalTime() : DateTime.UtcNow.AddMinutes(15);
                return new Assumed(new AwsCredentials(temporary.AccessKeyId, temporary.SecretAccessKey, temporary.SessionToken), expires);
            }
            catch (AmazonServiceException ex)
            {
                throw Failed(ex.Message, ex);
            }
            catch (AmazonClientException ex)
            {
                throw Failed(ex.Message, ex);
            }
        }

        private ModelException Failed(string why, Exception inner) =>
            new(ErrorIds.AuthenticationFailed, ErrorKind.Authentication, $"Could not assume the role '{_roleArn}' for Bedrock: {why}", inner: inner)
            {
                Recommendation = ErrorText.Plain("Check aws_role_name and that the source credentials may call sts:AssumeRole on it."),
            };

        private sealed record Assumed(AwsCredentials Credentials, DateTime ExpiresUtc);

        /// <summary>The role and the source; never a secret.</summary>
        public override string ToString() => $"role {_roleArn} (session {_sessionName}) from {_source}";
    }
}
