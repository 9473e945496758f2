using Strands.Models.Bedrock;
using Xunit;

namespace Strands.Tests.Models.Bedrock;

/// <summary>The SDK chain, fed only by environment variables; instance metadata is switched off so nothing leaves the machine.</summary>
[Collection(nameof(AwsEnvironmentCollection))]
public class AwsCredentialChainTests
{
    [Fact]
    public async Task Reads_keys_and_session_token_from_the_environment()
    {
        var saved = new Dictionary<string, string?>();
        void Set(string name, string? value)
        {
            saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            Set("AWS_EC2_METADATA_DISABLED", "true");
            Set("AWS_ACCESS_KEY_ID", "TESTKEYID");
            Set("AWS_SECRET_ACCESS_KEY", "test-secret-key");
            Set("AWS_SESSION_TOKEN", "test-session-token");

            var credentials = await new AwsCredentialChain().GetCredentialsAsync(CancellationToken.None);

            Assert.Equal("TESTKEYID", credentials.AccessKeyId);
            Assert.Equal("test-secret-key", credentials.SecretAccessKey);
            Assert.Equal("test-session-token", credentials.SessionToken);
        }
        finally
        {
            foreach (var kv in saved) Environment.SetEnvironmentVariable(kv.Key, kv.Value);
        }
    }
}

/// <summary>Tests that change AWS_* environment variables run one at a time.</summary>
[CollectionDefinition(nameof(AwsEnvironmentCollection), DisableParallelization = true)]
public sealed class AwsEnvironmentCollection { }
