using System.Threading;
using System.Threading.Tasks;

namespace Strands.Models.Bedrock
{
    /// <summary>
    /// Supplies AWS credentials for each Bedrock request signed with SigV4. Called once per model
    /// call, so an implementation that caches refreshing credentials should hand out fresh ones.
    /// </summary>
    public interface IAwsCredentialsProvider
    {
        /// <summary>The credentials to sign the next request with.</summary>
        /// <exception cref="Strands.Types.ModelException"><c>AuthenticationFailed</c> when none can be found.</exception>
        Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
    }
}
