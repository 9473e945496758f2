using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Strands.Models.Http;
using Strands.Models.Replay;
using Strands.Models.Routing;
using Strands.Types;

namespace Strands.Models.OpenAi
{
    /// <summary>OpenAI's own API: <c>openai/</c> and bare OpenAI names (<c>gpt-4o</c>, <c>o3</c>, …).</summary>
    internal class OpenAiRegistration : ProviderRegistration
    {
        private static readonly string[] BareNameStarts = { "gpt-", "ft:gpt-", "chatgpt-", "o1", "o3", "o4" };

        /// <inheritdoc/>
        public override IReadOnlyList<ProviderInfo> Providers { get; } = new[]
        {
            new ProviderInfo("openai", "https://api.openai.com/v1", new[] { "OPENAI_API_KEY" }, new[] { "OPENAI_BASE_URL", "OPENAI_API_BASE" }),
        };

        /// <inheritdoc/>
        public override ReplayShape ReplayShape { get; } = new("tools", "function", new ToolResultPlace("content", Discriminator: "role", DiscriminatorValue: "tool"));

        /// <inheritdoc/>
        public override bool OwnsBareModelName(string modelId) => BareNameStarts.Any(s => modelId.StartsWith(s, StringComparison.Ordinal));

        /// <inheritdoc/>
        public override IModel CreateModel(ModelRoute route, ApiKey? apiKey, JsonElement? parameters, HttpSettings http) =>
            new OpenAiModel(route.Provider.Name, route.ModelName, OpenAiModel.ChatCompletionsUrl(route.ApiBase), apiKey, OpenAiAuthStyle.Bearer,
                ParametersFor(route.ModelName, parameters), http);

        /// <summary>OpenAI's reasoning models take max_completion_tokens, so max_tokens is renamed for them.</summary>
        protected virtual JsonElement? ParametersFor(string modelName, JsonElement? parameters) => TokenLimitParameter.ForModel(modelName, parameters);
    }
}
