using System;
using Strands.Types;

namespace Strands.Models
{
    /// <summary>
    /// A user name and secret pair given as one credential (a PowerShell PSCredential). Each provider
    /// says what the pair means: for Bedrock an access key id and secret access key, for Azure a
    /// client id and client secret. <see cref="ToString"/> shows the user name only.
    /// </summary>
    public sealed class ProviderCredential
    {
        /// <summary>Creates the pair.</summary>
        /// <param name="userName">The public half (key id, client id).</param>
        /// <param name="secret">The secret half.</param>
        public ProviderCredential(string userName, ApiKey secret)
        {
            if (string.IsNullOrWhiteSpace(userName)) throw new ArgumentException("A user name is required.", nameof(userName));
            UserName = userName.Trim();
            Secret = secret ?? throw new ArgumentNullException(nameof(secret));
        }

        /// <summary>The public half.</summary>
        public string UserName { get; }

        /// <summary>The secret half, protected.</summary>
        public ApiKey Secret { get; }

        /// <summary>The user name; never the secret.</summary>
        public override string ToString() => UserName + " (secret: ***)";
    }
}
