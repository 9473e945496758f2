using System;
using System.Collections.Generic;
using System.Text.Json;
using Strands.Models.Anthropic;
using Strands.Models.Gemini;
using Strands.Models.Http;
using Strands.Models.Replay;
using Strands.Models.Routing;
using Strands.Types;

namespace Strands.Models.Vertex
{
    /// <summary>
    /// Google Vertex AI: <c>vertex_ai/</c>. Gemini models speak the Gemini format on
    /// <c>…/projects/{project}/locations/{location}/publishers/google/models/{model}:streamGenerateContent</c>;
    /// Claude models speak Anthropic Messages on <c>…/publishers/anthropic/models/{model}:streamRawPredict</c>,
    /// with <c>anthropic_version: vertex-2023-10-16</c> in the body and the model in the URL.
    /// Both send a Google OAuth token (<see cref="GoogleTokens"/>) as <c>Authorization: Bearer</c>.
    /// </summary>
    internal sealed class VertexRegistration : ProviderRegistration
    {
        /// <summary>The <c>anthropic_version</c> Claude on Vertex AI takes.</summary>
        public const string AnthropicVertexVersion = "vertex-2023-10-16";

        /// <inheritdoc/>
        public override IReadOnlyList<ProviderInfo> Providers { get; } = new[]
        {
            // The default endpoint depends on the location, so CompleteRoute fills it in.
            new ProviderInfo("vertex_ai", "https://{location}-aiplatform.googleapis.com", Array.Empty<string>(), Array.Empty<string>())
                { KeyRequired = false, PriceTableProviders = new[] { "vertex_ai-language-models", "vertex_ai-anthropic_models" } },
        };

        /// <inheritdoc/>
        public override IReadOnlyList<ProviderOption> Options => VertexOptions.All;

        /// <summary>As Gemini's: replay compares tool results by every registered shape, Anthropic's included.</summary>
        public override ReplayShape ReplayShape { get; } = new("functionDeclarations", null, new ToolResultPlace("response", Parent: "functionResponse"));

        /// <summary>The project and location (see <see cref="VertexOptions"/>); the location's endpoint unless an api_base was given.</summary>
        public override ModelRoute CompleteRoute(ModelRoute route, RouteOptions options, Func<string, string?> getEnv)
        {
            var resolved = VertexOptions.Resolve(options.ProviderOptions, getEnv);
            var apiBase = string.IsNullOrWhiteSpace(options.ApiBase) ? VertexOptions.DefaultApiBase(resolved.Value(VertexOptions.Location)!) : route.ApiBase;
            return route with { ApiBase = apiBase, Options = resolved, ApiKey = null, ApiKeySource = "google oauth" };
        }

        /// <summary>LiteLLM prices Claude on Vertex as <c>vertex_ai/claude-…</c> and Gemini by its bare name.</summary>
        public override IReadOnlyList<string> PriceTableNames(string modelName) => new[] { modelName, "vertex_ai/" + modelName };

        /// <inheritdoc/>
        public override IModel CreateModel(ModelRoute route, ApiKey? apiKey, JsonElement? parameters, HttpSettings http)
        {
            var tokens = new GoogleTokens(route.Options.Secret(VertexOptions.Credentials));
            var streaming = !(parameters is JsonElement p && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.False);
            // LiteLLM leaves the '@' of a Claude version (claude-sonnet-4-5@20250929) as it is.
            var model = Uri.EscapeDataString(route.ModelName).Replace("%40", "@");
            var prefix = $"{route.ApiBase.TrimEnd('/')}/v1/projects/{Uri.EscapeDataString(route.Options.Value(VertexOptions.Project)!)}/locations/{Uri.EscapeDataString(route.Options.Value(VertexOptions.Location)!)}/publishers";

            if (route.ModelName.StartsWith("claude", StringComparison.OrdinalIgnoreCase))
            {
                var endpoint = new Uri($"{prefix}/anthropic/models/{model}:{(streaming ? "streamRawPredict" : "rawPredict")}");
                return new AnthropicModel(route.Provider.Name, route.ModelName, endpoint, tokens, AnthropicVertexVersion, parameters, http);
            }

            return new GeminiModel(route.Provider.Name, route.ModelName, new Uri($"{prefix}/google/models/{model}{GeminiModel.Method(streaming)}"), tokens, parameters, http);
        }
    }
}
