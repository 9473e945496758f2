using System.Threading;
using System.Threading.Tasks;
using Strands.Types;

namespace Strands.Models.Bedrock
{
    /// <summary>
    /// Access keys the caller gave (LiteLLM's <c>aws_access_key_id</c>, <c>aws_secret_access_key</c>,
    /// <c>aws_session_token</c>). The secrets stay protected and are revealed for each signature; no
    /// AWS SDK assembly is loaded.
    /// </summary>
    internal sealed class StaticAwsCredentials : IAwsCredentialsProvider
    {
        private readonly string _accessKeyId;
        private readonly ApiKey _secretAccessKey;
        private readonly ApiKey? _sessionToken;

        public StaticAwsCredentials(string accessKeyId, ApiKey secretAccessKey, ApiKey? sessionToken)
        {
            _accessKeyId = accessKeyId;
            _secretAccessKey = secretAccessKey;
            _sessionToken = sessionToken;
        }

        public Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new AwsCredentials(_accessKeyId, _secretAccessKey.Reveal(), _sessionToken?.Reveal()));

        /// <summary>The key id; never the secrets.</summary>
        public override string ToString() => $"explicit keys {_accessKeyId}";
    }
}
