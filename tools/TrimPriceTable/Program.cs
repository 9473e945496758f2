using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Strands.Models.Routing;

namespace Strands.Tools.TrimPriceTable
{
    /// <summary>
    /// Trims LiteLLM's model_prices_and_context_window.json to what Strands uses: chat models of
    /// the providers in <see cref="ProviderTable"/>, and only the limit, price and capability
    /// fields that PriceTable reads. Output is sorted and one model per line, so a refresh diffs well.
    /// Usage: dotnet run --project tools/TrimPriceTable -- &lt;model_prices_and_context_window.json&gt; src/Strands.Core/Telemetry/model_prices.json
    /// </summary>
    internal static class Program
    {
        private static readonly HashSet<string> KeptFields = new(StringComparer.Ordinal)
        {
            "litellm_provider", "mode", "max_input_tokens", "max_output_tokens",
            "input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost", "cache_creation_input_token_cost",
            "supports_function_calling", "supports_prompt_caching",
        };

        // Threshold prices (§7.3): input_cost_per_token_above_200k_tokens and its output and cache siblings.
        private static readonly Regex TierField = new(
            "^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost)_above_[0-9]+k?_tokens$",
            RegexOptions.CultureInvariant);

        private static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: TrimPriceTable <model_prices_and_context_window.json> <output.json>");
                return 2;
            }

            byte[] source = File.ReadAllBytes(args[0]);
            var providers = new HashSet<string>(ProviderTable.All.SelectMany(p => p.PriceTableProviders), StringComparer.Ordinal);
            using var document = JsonDocument.Parse(source);

            var lines = new List<string>();
            foreach (var entry in document.RootElement.EnumerateObject().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (!IsKept(entry, providers)) continue;
                var fields = entry.Value.EnumerateObject()
                    .Where(f => KeptFields.Contains(f.Name) || TierField.IsMatch(f.Name)
                        // LiteLLM's get_max_tokens falls back to the legacy max_tokens (§3.2).
                        || (f.Name == "max_tokens" && !entry.Value.TryGetProperty("max_output_tokens", out _)))
                    .Select(f => JsonSerializer.Serialize(f.Name) + ":" + f.Value.GetRawText());
                lines.Add(JsonSerializer.Serialize(entry.Name) + ":{" + string.Join(",", fields) + "}");
            }

            string sha256 = ToHex(SHA256.HashData(source));
            var output = new StringBuilder()
                .Append("{\"source\":").Append(JsonSerializer.Serialize($"BerriAI/litellm model_prices_and_context_window.json, sha256 {sha256}; trimmed by tools/TrimPriceTable"))
                .Append(",\n\"models\":{\n")
                .Append(string.Join(",\n", lines))
                .Append("\n}}\n");
            File.WriteAllText(args[1], output.ToString(), new UTF8Encoding(false));
            Console.WriteLine($"{lines.Count} models, {new FileInfo(args[1]).Length:N0} bytes -> {args[1]}");
            return 0;
        }

        private static bool IsKept(JsonProperty entry, HashSet<string> providers)
        {
            if (entry.Value.ValueKind != JsonValueKind.Object) return false;
            if (!entry.Value.TryGetProperty("mode", out var mode) || mode.GetString() != "chat") return false;
            if (!entry.Value.TryGetProperty("litellm_provider", out var provider) || !providers.Contains(provider.GetString() ?? string.Empty)) return false;

            // bedrock/<region>/… and bedrock/*/<n>-month-commitment/… price provisioned or
            // region-pinned capacity; the router sends the plain model id, so they would never match.
            return !(provider.GetString()!.StartsWith("bedrock", StringComparison.Ordinal) && entry.Name.Count(c => c == '/') >= 2);
        }

        private static string ToHex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2")));
    }
}
