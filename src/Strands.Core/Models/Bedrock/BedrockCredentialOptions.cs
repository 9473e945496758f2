using System;
using System.Collections.Generic;
using System.Globalization;
using Strands.Types;

namespace Strands.Models.Bedrock
{
    /// <summary>
    /// Bedrock's settings under LiteLLM's names, and the credentials they choose: explicit keys (or a
    /// credential pair: key id as user name, secret as password), else a named profile, else the
    /// AWS default chain; with <c>aws_role_name</c> the chosen credentials assume that role first.
    /// </summary>
    internal static class BedrockCredentialOptions
    {
        public const string AccessKeyId = "aws_access_key_id";
        public const string SecretAccessKey = "aws_secret_access_key";
        public const string SessionToken = "aws_session_token";
        public const string ProfileName = "aws_profile_name";
        public const string RoleName = "aws_role_name";
        public const string SessionName = "aws_session_name";
        public const string StsEndpoint = "aws_sts_endpoint";
        public const string RuntimeEndpoint = "aws_bedrock_runtime_endpoint";

        /// <summary>The options Bedrock's registration lists.</summary>
        public static IReadOnlyList<ProviderOption> All { get; } = new[]
        {
            new ProviderOption(AccessKeyId),
            new ProviderOption(SecretAccessKey, IsSecret: true),
            new ProviderOption(SessionToken, IsSecret: true),
            new ProviderOption(ProfileName),
            new ProviderOption(RoleName),
            new ProviderOption(SessionName),
            new ProviderOption(StsEndpoint),
            new ProviderOption(RuntimeEndpoint),
        };

        /// <summary>Whether the options name credentials of their own, which then beat a bearer token from the environment.</summary>
        public static bool NameCredentials(ProviderOptions options) =>
            options.Value(AccessKeyId) != null || options.Credential != null || options.Value(ProfileName) != null || options.Value(RoleName) != null;

        /// <summary>
        /// The credentials provider the options choose, or null for the AWS default chain. Builds
        /// only our own wrappers: no AWS SDK type is touched until a request is signed.
        /// </summary>
        /// <exception cref="StrandsException">InvalidArgument for half a key pair or a session token without keys.</exception>
        public static IAwsCredentialsProvider? For(ProviderOptions options, string region)
        {
            var keyId = options.Value(AccessKeyId) ?? options.Credential?.UserName;
            var secret = options.Secret(SecretAccessKey) ?? (options.Value(AccessKeyId) is null ? options.Credential?.Secret : null);
            var token = options.Secret(SessionToken);
            if (keyId is null != secret is null)
                throw Invalid(keyId is null ? $"{SecretAccessKey} was given without {AccessKeyId}." : $"{AccessKeyId} was given without {SecretAccessKey}.");
            if (token != null && keyId is null)
                throw Invalid($"{SessionToken} was given without {AccessKeyId} and {SecretAccessKey}.");

            IAwsCredentialsProvider? source = keyId != null ? new StaticAwsCredentials(keyId, secret!, token)
                : options.Value(ProfileName) is { } profile ? new AwsProfileCredentials(profile)
                : null;
            if (options.Value(RoleName) is not { } role) return source;

            var session = options.Value(SessionName) ?? "strands-" + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            return new AwsAssumedRoleCredentials(source ?? new AwsCredentialChain(), role, session, region, options.Value(StsEndpoint));
        }

        private static StrandsException Invalid(string message) =>
            new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message + " Give both keys (and aws_session_token for temporary keys), or neither to use a profile or the AWS default chain.");
    }
}
