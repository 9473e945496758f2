using Strands.Types;

namespace Strands.Models.Routing
{
    /// <summary>What the caller supplies beside the model id; each set value beats the environment.</summary>
    public sealed record RouteOptions
    {
        /// <summary>The API key the caller gave, still protected; an empty key counts as none.</summary>
        public ApiKey? ApiKey { get; init; }

        /// <summary>Base URL overriding the environment and the provider default.</summary>
        public string? ApiBase { get; init; }

        /// <summary>
        /// Sends every model id to a LiteLLM proxy unchanged (LiteLLM's <c>use_litellm_proxy</c>);
        /// the environment variable <c>USE_LITELLM_PROXY=True</c> does the same.
        /// </summary>
        public bool UseLiteLlmProxy { get; init; }

        /// <summary>AWS region for Bedrock (LiteLLM's <c>aws_region_name</c>).</summary>
        public string? AwsRegionName { get; init; }

        /// <summary>Azure OpenAI <c>api-version</c>.</summary>
        public string? ApiVersion { get; init; }

        /// <summary>Provider settings such as <c>aws_profile_name</c> or <c>vertex_project</c>; see <see cref="ProviderRegistration.Options"/>.</summary>
        public ProviderOptions ProviderOptions { get; init; } = ProviderOptions.None;

        /// <summary>Describes the options without the key, so they can be logged.</summary>
        public override string ToString() =>
            $"RouteOptions {{ ApiKey = {(ApiKey is null ? "(none)" : "***")}, ApiBase = {ApiBase}, UseLiteLlmProxy = {UseLiteLlmProxy}, AwsRegionName = {AwsRegionName}, ApiVersion = {ApiVersion}, ProviderOptions = {ProviderOptions} }}";
    }
}
