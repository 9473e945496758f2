using System;
using System.IO;
using System.Text.Json;

namespace Strands.Models.OpenAi
{
    /// <summary>
    /// OpenAI's reasoning models (o1, o3, o4-mini, gpt-5 …) reject <c>max_tokens</c> and take
    /// <c>max_completion_tokens</c>. Strands users copy <c>params={"max_tokens": …}</c> between
    /// models, so, as LiteLLM's o-series and gpt-5 configs do, the name is rewritten for those models
    /// on OpenAI and Azure; every other model gets the parameters exactly as given.
    /// </summary>
    public static class TokenLimitParameter
    {
        private const string MaxTokens = "max_tokens";
        private const string MaxCompletionTokens = "max_completion_tokens";

        /// <summary>Whether <paramref name="modelName"/> (an OpenAI model or an Azure deployment name) is a reasoning model.</summary>
        public static bool IsReasoningModel(string modelName)
        {
            // "openai/o3" style names behind a proxy or router keep the family in the last segment.
            var name = modelName.Substring(modelName.LastIndexOf('/') + 1);
            return name.Length >= 2 && (name[0] == 'o' || name[0] == 'O') && char.IsDigit(name[1])
                || name.StartsWith("gpt-5", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// The parameters to send to <paramref name="modelName"/>: <c>max_tokens</c> renamed to
        /// <c>max_completion_tokens</c> for a reasoning model (unless both are given), otherwise unchanged.
        /// </summary>
        public static JsonElement? ForModel(string modelName, JsonElement? parameters)
        {
            if (parameters is not JsonElement p || p.ValueKind != JsonValueKind.Object || !IsReasoningModel(modelName)
                || !p.TryGetProperty(MaxTokens, out _) || p.TryGetProperty(MaxCompletionTokens, out _))
                return parameters;

            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                foreach (var property in p.EnumerateObject())
                {
                    w.WritePropertyName(property.NameEquals(MaxTokens) ? MaxCompletionTokens : property.Name);
                    property.Value.WriteTo(w);
                }
                w.WriteEndObject();
            }

            using var doc = JsonDocument.Parse(buffer.ToArray());
            return doc.RootElement.Clone();
        }
    }
}
