using System;
using System.Collections.Generic;
using System.Text.Json;
using Strands.Models.Http;
using Strands.Models.Replay;
using Strands.Models.Routing;
using Strands.Types;

namespace Strands.Models.Anthropic
{
    /// <summary>The Anthropic Messages API: <c>anthropic/</c> and bare <c>claude-</c> names.</summary>
    internal sealed class AnthropicRegistration : ProviderRegistration
    {
        /// <inheritdoc/>
        public override IReadOnlyList<ProviderInfo> Providers { get; } = new[]
        {
            new ProviderInfo("anthropic", "https://api.anthropic.com/v1/messages", new[] { "ANTHROPIC_API_KEY" }, new[] { "ANTHROPIC_API_BASE", "ANTHROPIC_BASE_URL" }),
        };

        /// <inheritdoc/>
        public override ReplayShape ReplayShape { get; } = new("tools", null, new ToolResultPlace("content", Discriminator: "type", DiscriminatorValue: "tool_result"));

        /// <inheritdoc/>
        public override bool OwnsBareModelName(string modelId) => modelId.StartsWith("claude-", StringComparison.Ordinal);

        /// <inheritdoc/>
        public override IModel CreateModel(ModelRoute route, ApiKey? apiKey, JsonElement? parameters, HttpSettings http) =>
            new AnthropicModel(route.Provider.Name, route.ModelName, AnthropicModel.MessagesUrl(route.ApiBase), apiKey, parameters, http);
    }
}
