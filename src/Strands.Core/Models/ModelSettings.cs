using System.Text.Json;
using Strands.Models.Http;
using Strands.Types;

namespace Strands.Models
{
    /// <summary>Everything needed to build a model adapter from a LiteLLM-style id.</summary>
    /// <param name="ModelId">The id as the user wrote it, e.g. <c>anthropic/claude-3-7-sonnet-20250219</c>.</param>
    public sealed record ModelSettings(string ModelId)
    {
        /// <summary>Explicit key (client_args api_key); else the provider's environment variables.</summary>
        public ApiKey? ApiKey { get; init; }
        /// <summary>Explicit endpoint (api_base); overrides every provider's default.</summary>
        public string? ApiBase { get; init; }
        /// <summary>Send through a LiteLLM proxy (use_litellm_proxy).</summary>
        public bool UseLiteLlmProxy { get; init; }
        /// <summary>Model parameters (Strands' params), a JSON object merged into each request.</summary>
        public JsonElement? Params { get; init; }
        /// <summary>Azure api-version.</summary>
        public string? ApiVersion { get; init; }
        /// <summary>Bedrock region.</summary>
        public string? AwsRegionName { get; init; }
        /// <summary>Provider settings beside endpoint and key (aws_profile_name, vertex_project, …); secrets stay protected.</summary>
        public ProviderOptions ProviderOptions { get; init; } = ProviderOptions.None;
        /// <summary>Records every HTTP exchange to this JSON file (keys never written); see <see cref="Replay.ModelRecording"/>.</summary>
        public string? RecordTo { get; init; }
        /// <summary>Answers from this recording instead of the network; see <see cref="Replay.ModelRecording"/>.</summary>
        public string? ReplayFrom { get; init; }
        /// <summary>Timeouts, retries, bounds and extra headers.</summary>
        public HttpSettings Http { get; init; } = new();

        /// <summary>Never prints the key.</summary>
        public override string ToString() => ModelId;
    }
}
