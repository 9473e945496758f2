using System;
using System.Collections.Generic;
using System.Linq;
using Strands.Models.Anthropic;
using Strands.Models.Azure;
using Strands.Models.Bedrock;
using Strands.Models.Gemini;
using Strands.Models.Ollama;
using Strands.Models.OpenAi;
using Strands.Models.Vertex;

namespace Strands.Models.Routing
{
    /// <summary>
    /// Every provider the module knows: the list of provider registrations. A new provider is a
    /// folder under Models/ with its adapter and a <see cref="ProviderRegistration"/>, and one line here.
    /// </summary>
    public static class ProviderTable
    {
        /// <summary>The registrations, in the order of LiteLLM's provider list (docs/wire-formats.md, Routing).</summary>
        internal static IReadOnlyList<ProviderRegistration> Registrations { get; } = new ProviderRegistration[]
        {
            new OpenAiRegistration(),
            new AzureRegistration(),
            new AnthropicRegistration(),
            new BedrockRegistration(),
            new GeminiRegistration(),
            new VertexRegistration(),
            new OllamaRegistration(),
            new OpenAiCompatibleRegistration(),
        };

        private static readonly Dictionary<string, (ProviderInfo Provider, ProviderRegistration Registration)> ByName =
            Registrations.SelectMany(r => r.Providers.Select(p => (p, r))).ToDictionary(e => e.p.Name, e => e, StringComparer.OrdinalIgnoreCase);

        /// <summary>All routing entries, registration by registration.</summary>
        public static IReadOnlyList<ProviderInfo> All { get; } = Registrations.SelectMany(r => r.Providers).ToArray();

        /// <summary>The routing prefixes, sorted, for messages and tab completion.</summary>
        public static IReadOnlyList<string> Names { get; } = All.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        /// <summary>Every provider's own settings (<see cref="ProviderRegistration.Options"/>), once each, sorted by name.</summary>
        public static IReadOnlyList<ProviderOption> Options { get; } = Registrations.SelectMany(r => r.Options)
            .GroupBy(o => o.Name, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).OrderBy(o => o.Name, StringComparer.Ordinal).ToArray();

        /// <summary>Finds a provider by prefix, ignoring case (PowerShell users type <c>OpenAI/…</c>).</summary>
        public static bool TryGet(string name, out ProviderInfo provider)
        {
            var found = ByName.TryGetValue(name, out var entry);
            provider = entry.Provider;
            return found;
        }

        /// <summary>The registration that serves <paramref name="provider"/>.</summary>
        internal static ProviderRegistration RegistrationOf(ProviderInfo provider) => ByName[provider.Name].Registration;
    }
}
