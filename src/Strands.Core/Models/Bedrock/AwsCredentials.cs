using System;

namespace Strands.Models.Bedrock
{
    /// <summary>
    /// One set of AWS credentials for SigV4 signing. <see cref="ToString"/> shows the key id only,
    /// so the secret and session token never reach a log or a transcript.
    /// </summary>
    public sealed class AwsCredentials
    {
        /// <summary>Creates credentials.</summary>
        /// <param name="accessKeyId">The access key id.</param>
        /// <param name="secretAccessKey">The secret access key.</param>
        /// <param name="sessionToken">The session token of temporary credentials (STS, SSO, roles), or null.</param>
        public AwsCredentials(string accessKeyId, string secretAccessKey, string? sessionToken = null)
        {
            if (string.IsNullOrEmpty(accessKeyId)) throw new ArgumentException("An access key id is required.", nameof(accessKeyId));
            if (string.IsNullOrEmpty(secretAccessKey)) throw new ArgumentException("A secret access key is required.", nameof(secretAccessKey));
            AccessKeyId = accessKeyId;
            SecretAccessKey = secretAccessKey;
            SessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
        }

        /// <summary>The access key id (not secret: it appears in every signed request).</summary>
        public string AccessKeyId { get; }

        /// <summary>The secret access key.</summary>
        internal string SecretAccessKey { get; }

        /// <summary>The session token, sent as <c>x-amz-security-token</c>; null for long-term keys.</summary>
        internal string? SessionToken { get; }

        /// <summary>The key id and whether a session token is present; never the secret.</summary>
        public override string ToString() => $"{AccessKeyId} (secret: ***{(SessionToken is null ? string.Empty : ", session token: ***")})";
    }
}
