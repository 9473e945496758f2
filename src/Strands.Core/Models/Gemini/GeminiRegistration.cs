using System.Collections.Generic;
using System.Text.Json;
using Strands.Models.Http;
using Strands.Models.Replay;
using Strands.Models.Routing;
using Strands.Types;

namespace Strands.Models.Gemini
{
    /// <summary>Google AI Studio's Gemini API (<c>generateContent</c>): <c>gemini/</c>.</summary>
    internal sealed class GeminiRegistration : ProviderRegistration
    {
        /// <inheritdoc/>
        public override IReadOnlyList<ProviderInfo> Providers { get; } = new[]
        {
            new ProviderInfo("gemini", "https://generativelanguage.googleapis.com", new[] { "GOOGLE_API_KEY", "GEMINI_API_KEY", "PALM_API_KEY" }, new[] { "GEMINI_API_BASE" }),
        };

        /// <inheritdoc/>
        public override ReplayShape ReplayShape { get; } = new("functionDeclarations", null, new ToolResultPlace("response", Parent: "functionResponse"));

        /// <inheritdoc/>
        public override IModel CreateModel(ModelRoute route, ApiKey? apiKey, JsonElement? parameters, HttpSettings http) =>
            new GeminiModel(route.Provider.Name, route.ModelName, route.ApiBase, apiKey, parameters, http);
    }
}
