using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.RegularExpressions;
using Strands.Models.Http;
using Strands.Models.Replay;
using Strands.Models.Routing;
using Strands.Types;

namespace Strands.Models.Bedrock
{
    /// <summary>
    /// Amazon Bedrock Converse: <c>bedrock/</c>. Without a bearer token the adapter signs with SigV4,
    /// so no key is required; the route carries the AWS region.
    /// </summary>
    internal sealed class BedrockRegistration : ProviderRegistration
    {
        /// <summary>The region when nothing names one (LiteLLM's last resort).</summary>
        public const string DefaultRegion = "us-west-2";

        private const string RegionPlaceholder = "{region}";

        // Id decorations LiteLLM's get_base_model strips: the route segment, the provisioned-throughput
        // suffix ":0:28k" (keeping ":0") and the cross-region profile prefix.
        private static readonly Regex RouteSegment = new("^(bedrock/)?((converse|invoke)/)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex ThroughputSuffix = new("(:[0-9]+):[0-9]+k$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex CrossRegionPrefix = new(@"^(global|us-gov|us|eu|apac|jp|au)\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <inheritdoc/>
        public override IReadOnlyList<ProviderInfo> Providers { get; } = new[]
        {
            new ProviderInfo("bedrock", "https://bedrock-runtime." + RegionPlaceholder + ".amazonaws.com", new[] { "AWS_BEARER_TOKEN_BEDROCK" }, new[] { "AWS_BEDROCK_RUNTIME_ENDPOINT" })
                { KeyRequired = false, PriceTableProviders = new[] { "bedrock", "bedrock_converse" } },
        };

        /// <inheritdoc/>
        public override IReadOnlyList<ProviderOption> Options => BedrockCredentialOptions.All;

        /// <inheritdoc/>
        public override ReplayShape ReplayShape { get; } = new("tools", "toolSpec", new ToolResultPlace("content", Parent: "toolResult"));

        /// <summary>
        /// LiteLLM's region order: the explicit option, the region of a model ARN, AWS_REGION_NAME,
        /// AWS_REGION, then what boto3's session would find, of which we read its environment
        /// variable AWS_DEFAULT_REGION (not ~/.aws/config), then us-west-2. The default endpoint
        /// gets the region; an endpoint the user gave is used as it is, and LiteLLM's
        /// <c>aws_bedrock_runtime_endpoint</c> comes after an explicit api_base and before AWS_BEDROCK_RUNTIME_ENDPOINT.
        /// </summary>
        public override ModelRoute CompleteRoute(ModelRoute route, RouteOptions options, Func<string, string?> getEnv)
        {
            var region = Blank(options.AwsRegionName)
                ?? RegionOfArn(route.ModelName)
                ?? getEnv("AWS_REGION_NAME")
                ?? getEnv("AWS_REGION")
                ?? getEnv("AWS_DEFAULT_REGION")
                ?? DefaultRegion;
            var apiBase = Blank(options.ApiBase) ?? route.Options.Value(BedrockCredentialOptions.RuntimeEndpoint) ?? route.ApiBase;
            if (apiBase == route.Provider.DefaultApiBase) apiBase = apiBase.Replace(RegionPlaceholder, region);
            return route with { Region = region, ApiBase = apiBase };
        }

        /// <summary>The id as given, then without the decorations LiteLLM's get_base_model strips, then without a cross-region prefix.</summary>
        public override IReadOnlyList<string> PriceTableNames(string modelName)
        {
            string stripped = RouteSegment.Replace(modelName, string.Empty);
            if (stripped.IndexOf("arn:", StringComparison.OrdinalIgnoreCase) >= 0) stripped = stripped.Substring(stripped.LastIndexOf('/') + 1);
            stripped = ThroughputSuffix.Replace(stripped, "$1");
            return new[] { modelName, stripped, CrossRegionPrefix.Replace(stripped, string.Empty) };
        }

        /// <summary>
        /// Builds the adapter. A bearer token given explicitly is used; credentials named in the
        /// options (keys, a profile, a role) beat a token from AWS_BEARER_TOKEN_BEDROCK.
        /// </summary>
        public override IModel CreateModel(ModelRoute route, ApiKey? apiKey, JsonElement? parameters, HttpSettings http)
        {
            var region = route.Region ?? DefaultRegion;
            var credentials = BedrockCredentialOptions.For(route.Options, region);
            var bearer = route.ApiKeySource == ModelRouter.ExplicitKeySource || !BedrockCredentialOptions.NameCredentials(route.Options) ? apiKey : null;
            return new BedrockModel(route.ModelName, route.ApiBase, region, bearer, parameters, http, credentials);
        }

        private static string? RegionOfArn(string modelName)
        {
            // arn:aws:bedrock:<region>:<account>:<resource>; the ARN may follow a route segment such as "converse/".
            int start = modelName.IndexOf("arn:", StringComparison.Ordinal);
            if (start < 0) return null;
            string[] fields = modelName.Substring(start).Split(':');
            return fields.Length > 3 ? Blank(fields[3]) : null;
        }

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }
}
