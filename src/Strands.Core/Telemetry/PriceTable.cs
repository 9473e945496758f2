using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using Strands.Models.Routing;

namespace Strands.Telemetry
{
    /// <summary>
    /// Model limits and prices from the LiteLLM price table embedded in this assembly
    /// (<c>model_prices.json</c>, trimmed by tools/TrimPriceTable). It is parsed on first use, not
    /// when the module loads, and never fetched: LiteLLM's import-time download and parse are its
    /// most reported start-up cost (docs/wire-formats.md, Prices).
    /// </summary>
    public static class PriceTable
    {
        private const string ResourceName = "Strands.Telemetry.model_prices.json";

        private static readonly Lazy<IReadOnlyDictionary<string, ModelPrice>> Models =
            new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

        private static readonly Regex TierField = new(
            "^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost)_above_([0-9]+)(k?)_tokens$",
            RegexOptions.CultureInvariant);

        /// <summary>Number of models in the table (loads it).</summary>
        public static int Count => Models.Value.Count;

        /// <summary>
        /// Finds a model's entry the way LiteLLM's <c>_get_model_info_helper</c> does (docs/wire-formats.md, Prices):
        /// case-insensitive, trying <c>provider/model</c>, then <c>model</c>, then the same with
        /// provider decorations stripped (Bedrock: <c>bedrock/</c>, <c>converse/</c>, an ARN's path,
        /// the throughput suffix, then the <c>us.</c>/<c>eu.</c>/<c>global.</c>… prefix), and taking
        /// a match only when its <c>litellm_provider</c> belongs to the provider. That check is what
        /// keeps <c>gemini/gemini-2.5-flash</c> from the Vertex-priced bare <c>gemini-2.5-flash</c>.
        /// </summary>
        /// <param name="provider">A routing prefix from <see cref="ProviderTable"/>, e.g. <c>bedrock</c>.</param>
        /// <param name="modelName">The model name as sent on the wire (<see cref="ModelRoute.ModelName"/>).</param>
        /// <returns>The entry, or null when the table does not know the model.</returns>
        public static ModelPrice? Find(string provider, string modelName)
        {
            if (string.IsNullOrWhiteSpace(provider) || string.IsNullOrWhiteSpace(modelName)) return null;
            // Every model call estimates its cost, and resolving a name builds candidate lists and
            // sets; the table never changes, so each (provider, model) is resolved once.
            if (Resolved.TryGetValue((provider, modelName), out var known)) return known;
            var found = Resolve(provider, modelName);
            if (Resolved.Count < MaxResolved) Resolved.TryAdd((provider, modelName), found);
            return found;
        }

        // Bounds the memo so a caller cycling through endless model names cannot grow it.
        private const int MaxResolved = 1024;
        private static readonly ConcurrentDictionary<(string Provider, string Model), ModelPrice?> Resolved = new();

        private static ModelPrice? Resolve(string provider, string modelName)
        {
            var models = Models.Value;

            if (string.Equals(provider, "litellm_proxy", StringComparison.OrdinalIgnoreCase))
            {
                return FindBehindProxy(models, modelName);
            }

            var owners = PriceProvidersOf(provider);
            foreach (string candidate in Candidates(provider, modelName, owners))
            {
                if (models.TryGetValue(candidate, out var price) && owners.Contains(price.LiteLlmProvider))
                {
                    return price;
                }
            }

            return null;
        }

        /// <summary>The model's output-token limit, or null when unknown.</summary>
        public static int? MaxOutputTokens(string provider, string modelName) => Find(provider, modelName)?.MaxOutputTokens;

        /// <summary>
        /// Names of the provider's chat models, without the routing prefix and sorted, for tab
        /// completion of <c>provider/</c>. Empty for providers the table does not price.
        /// </summary>
        public static IEnumerable<string> ModelNamesFor(string provider)
        {
            if (string.IsNullOrWhiteSpace(provider)) return Array.Empty<string>();
            var owners = PriceProvidersOf(provider);
            var prefixes = owners.Append(provider).Select(p => p + "/").ToArray();
            return Models.Value.Values
                .Where(m => owners.Contains(m.LiteLlmProvider))
                .Select(m => StripFirstMatchingPrefix(m.Key, prefixes))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .ToArray();
        }

        /// <summary>Parses a table in the trimmed format (<c>{"source":…, "models":{key:{fields}}}</c>).</summary>
        internal static IReadOnlyDictionary<string, ModelPrice> Parse(Stream json)
        {
            using var document = JsonDocument.Parse(json);
            var models = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in document.RootElement.GetProperty("models").EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Object || models.ContainsKey(entry.Name)) continue;
                models.Add(entry.Name, ParseEntry(entry.Name, entry.Value));
            }

            return models;
        }

        private static IReadOnlyDictionary<string, ModelPrice> LoadEmbedded()
        {
            using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(PriceTable).Assembly.GetName().Name}.");
            return Parse(stream);
        }

        private static ModelPrice ParseEntry(string key, JsonElement e)
        {
            var tiers = new Dictionary<long, Dictionary<string, decimal>>();
            foreach (var field in e.EnumerateObject())
            {
                var match = TierField.Match(field.Name);
                if (!match.Success || ReadDecimal(field.Value) is not decimal rate) continue;
                long threshold = long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) * (match.Groups[3].Length > 0 ? 1000 : 1);
                if (!tiers.TryGetValue(threshold, out var rates)) tiers[threshold] = rates = new Dictionary<string, decimal>();
                rates[match.Groups[1].Value] = rate;
            }

            return new ModelPrice(key, ReadString(e, "litellm_provider") ?? string.Empty)
            {
                Mode = ReadString(e, "mode"),
                MaxInputTokens = ReadInt(e, "max_input_tokens"),
                MaxOutputTokens = ReadInt(e, "max_output_tokens") ?? ReadInt(e, "max_tokens"),
                InputCostPerToken = ReadDecimal(e, "input_cost_per_token"),
                OutputCostPerToken = ReadDecimal(e, "output_cost_per_token"),
                CacheReadInputTokenCost = ReadDecimal(e, "cache_read_input_token_cost"),
                CacheCreationInputTokenCost = ReadDecimal(e, "cache_creation_input_token_cost"),
                SupportsFunctionCalling = ReadBool(e, "supports_function_calling"),
                SupportsPromptCaching = ReadBool(e, "supports_prompt_caching"),
                // LiteLLM keys a tier on its input rate; the other rates fall back to the base ones.
                Tiers = tiers
                    .Where(t => t.Value.ContainsKey("input_cost_per_token"))
                    .OrderByDescending(t => t.Key)
                    .Select(t => new PriceTier(t.Key, Rate(t.Value, "input_cost_per_token"), Rate(t.Value, "output_cost_per_token"),
                        Rate(t.Value, "cache_read_input_token_cost"), Rate(t.Value, "cache_creation_input_token_cost")))
                    .ToArray(),
            };
        }

        private static ModelPrice? FindBehindProxy(IReadOnlyDictionary<string, ModelPrice> models, string modelName)
        {
            // A proxy name is either a routed id ("anthropic/claude-x") or an alias. The proxy's own
            // x-litellm-response-cost is authoritative; this is only the estimate for a known model.
            int slash = modelName.IndexOf('/');
            if (slash > 0 && ProviderTable.TryGet(modelName.Substring(0, slash), out var inner) && inner.Name != "litellm_proxy")
            {
                return Find(inner.Name, modelName.Substring(slash + 1));
            }

            return models.TryGetValue(modelName, out var price) ? price : null;
        }

        private static HashSet<string> PriceProvidersOf(string provider) =>
            new(ProviderTable.TryGet(provider, out var info) ? info.PriceTableProviders : new[] { provider }, StringComparer.OrdinalIgnoreCase);

        private static IEnumerable<string> Candidates(string provider, string modelName, HashSet<string> owners)
        {
            var names = ProviderTable.TryGet(provider, out var info) ? ProviderTable.RegistrationOf(info).PriceTableNames(modelName) : new[] { modelName };

            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in names)
            {
                foreach (string candidate in owners.Select(o => o + "/" + name).Append(name))
                {
                    if (seen.Add(candidate)) yield return candidate;
                }
            }
        }

        private static string StripFirstMatchingPrefix(string key, string[] prefixes)
        {
            string? prefix = prefixes.FirstOrDefault(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase));
            return prefix is null ? key : key.Substring(prefix.Length);
        }

        private static decimal? Rate(Dictionary<string, decimal> rates, string name) => rates.TryGetValue(name, out var rate) ? rate : null;

        private static string? ReadString(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static bool ReadBool(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

        private static int? ReadInt(JsonElement e, string name) =>
            ReadDecimal(e, name) is decimal d && d > 0 && d <= int.MaxValue ? (int)d : null;

        private static decimal? ReadDecimal(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) ? ReadDecimal(v) : null;

        // Parsed from the JSON text, not through double, so 3e-06 stays exactly 0.000003.
        private static decimal? ReadDecimal(JsonElement v) =>
            v.ValueKind == JsonValueKind.Number && decimal.TryParse(v.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }
}
