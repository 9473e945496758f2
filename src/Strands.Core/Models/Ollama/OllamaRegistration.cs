using System.Collections.Generic;
using System.Text.Json;
using Strands.Models.Http;
using Strands.Models.Replay;
using Strands.Models.Routing;
using Strands.Types;

namespace Strands.Models.Ollama
{
    /// <summary>
    /// Ollama's <c>/api/chat</c>. Both <c>ollama/</c> and <c>ollama_chat/</c> route here: LiteLLM
    /// sends plain <c>ollama/</c> to the legacy <c>/api/generate</c>, which flattens the
    /// conversation into one prompt and has no tools, and an agent without tools is no agent.
    /// </summary>
    internal sealed class OllamaRegistration : ProviderRegistration
    {
        private const string LocalServer = "http://localhost:11434";

        /// <inheritdoc/>
        public override IReadOnlyList<ProviderInfo> Providers { get; } = new[]
        {
            new ProviderInfo("ollama", LocalServer, new[] { "OLLAMA_API_KEY" }, new[] { "OLLAMA_API_BASE" }) { KeyRequired = false },
            new ProviderInfo("ollama_chat", LocalServer, new[] { "OLLAMA_API_KEY" }, new[] { "OLLAMA_API_BASE" })
                { KeyRequired = false, PriceTableProviders = new[] { "ollama" } },
        };

        /// <inheritdoc/>
        public override ReplayShape ReplayShape { get; } = new("tools", "function", new ToolResultPlace("content", Discriminator: "role", DiscriminatorValue: "tool"));

        /// <inheritdoc/>
        public override IModel CreateModel(ModelRoute route, ApiKey? apiKey, JsonElement? parameters, HttpSettings http) =>
            new OllamaModel(route.Provider.Name, route.ModelName, route.ApiBase, apiKey, parameters, http);
    }
}
