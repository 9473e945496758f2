using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Strands.Models.Routing;

namespace Strands.Models.Replay
{
    /// <summary>Where a request first differs from its recording, with both values as short JSON text.</summary>
    /// <param name="Location">A JSON path into the body (<c>$.messages[0].content</c>), or <c>method</c>, <c>path</c>, <c>model.provider</c>.</param>
    /// <param name="Expected">The recorded value, or <c>(missing)</c>.</param>
    /// <param name="Actual">The value the script sent, or <c>(missing)</c>.</param>
    public sealed record RequestDifference(string Location, string Expected, string Actual);

    /// <summary>
    /// Compares a request with its recording by meaning, not bytes: JSON bodies are parsed, object
    /// members may come in any order and numbers compare by value. Two things that legitimately
    /// change between a recording and a later run are not compared:
    /// <list type="bullet">
    /// <item>tool results, wherever a registered provider's <see cref="ReplayShape"/> says its format
    /// keeps them: they are what the local machine answered, and an ops script's tools read the
    /// machine it runs on;</item>
    /// <item>tool-use ids the adapters generate when a provider sends none (<c>call_…</c>,
    /// <c>toolu_…</c>, <c>tooluse_…</c> with a random 32-hex suffix): any two such ids are equal.</item>
    /// </list>
    /// Tool definitions are compared as a set (sorted by name), since their order follows the
    /// hashtable they came from. Everything else — model, parameters, system prompt, prompts, tool names, descriptions and
    /// schemas, the tool calls the model made — must match.
    /// </summary>
    public static class RequestComparer
    {
        private const int MaxShown = 160;
        private const string Missing = "(missing)";
        private static readonly Regex GeneratedId = new("^[A-Za-z]+_(?:[0-9]+_)?[0-9a-f]{32}$", RegexOptions.CultureInvariant);
        private static readonly Regex PlainName = new("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);
        private static readonly ReplayShape[] Shapes = ProviderTable.Registrations.Select(r => r.ReplayShape).Distinct().ToArray();
        private static readonly HashSet<string> ToolArrays = new(Shapes.Select(s => s.ToolsArray), StringComparer.Ordinal);
        private static readonly string[] ToolHolders = Shapes.Select(s => s.ToolHolder).OfType<string>().Distinct().ToArray();

        /// <summary>The first difference between a recorded request and the one being sent, or null when they match.</summary>
        /// <param name="expected">The recorded exchange.</param>
        /// <param name="method">The method being sent.</param>
        /// <param name="path">The path and query being sent, already passed through <see cref="Redaction.RedactQuery"/>.</param>
        /// <param name="body">The body being sent.</param>
        public static RequestDifference? Compare(RecordedExchange expected, string method, string path, byte[] body)
        {
            if (!string.Equals(expected.Method, method, StringComparison.OrdinalIgnoreCase))
                return new RequestDifference("method", expected.Method, method);
            if (!string.Equals(expected.Path, path, StringComparison.Ordinal))
                return new RequestDifference("path", expected.Path, path);

            if (expected.Body is JsonElement recorded)
            {
                JsonDocument actual;
                try
                {
                    actual = JsonDocument.Parse(body);
                }
                catch (JsonException)
                {
                    return new RequestDifference("$", Show(recorded), Shorten(Encoding.UTF8.GetString(body)));
                }

                using (actual) return CompareJson(recorded, actual.RootElement, "$", parentName: null);
            }

            var text = Encoding.UTF8.GetString(body);
            var expectedText = expected.BodyText ?? string.Empty;
            return string.Equals(expectedText, text, StringComparison.Ordinal) ? null : new RequestDifference("body", Shorten(expectedText), Shorten(text));
        }

        /// <summary>The first difference between two JSON values, depth first in the recorded order; null when equal.</summary>
        public static RequestDifference? CompareJson(JsonElement expected, JsonElement actual, string path = "$") =>
            CompareJson(expected, actual, path, parentName: null);

        private static RequestDifference? CompareJson(JsonElement expected, JsonElement actual, string path, string? parentName)
        {
            if (expected.ValueKind != actual.ValueKind) return new RequestDifference(path, Show(expected), Show(actual));
            switch (expected.ValueKind)
            {
                case JsonValueKind.Object:
                    return CompareObjects(expected, actual, path, parentName);
                case JsonValueKind.Array:
                    var left = InComparableOrder(expected, parentName);
                    var right = InComparableOrder(actual, parentName);
                    for (var i = 0; i < Math.Min(left.Count, right.Count); i++)
                    {
                        var d = CompareJson(left[i], right[i], $"{path}[{i}]", parentName);
                        if (d != null) return d;
                    }

                    if (left.Count == right.Count) return null;
                    var at = Math.Min(left.Count, right.Count);
                    return new RequestDifference($"{path}[{at}]", at < left.Count ? Show(left[at]) : Missing, at < right.Count ? Show(right[at]) : Missing);
                case JsonValueKind.String:
                    var a = expected.GetString()!;
                    var b = actual.GetString()!;
                    return a == b || (GeneratedId.IsMatch(a) && GeneratedId.IsMatch(b)) ? null : new RequestDifference(path, Show(expected), Show(actual));
                case JsonValueKind.Number:
                    return SameNumber(expected, actual) ? null : new RequestDifference(path, Show(expected), Show(actual));
                default:
                    return null;
            }
        }

        private static RequestDifference? CompareObjects(JsonElement expected, JsonElement actual, string path, string? name)
        {
            var actualMembers = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var p in actual.EnumerateObject()) actualMembers[p.Name] = p.Value;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in expected.EnumerateObject())
            {
                seen.Add(p.Name);
                if (IsToolResult(expected, name, p.Name)) continue;
                var childPath = Child(path, p.Name);
                if (!actualMembers.TryGetValue(p.Name, out var value)) return new RequestDifference(childPath, Show(p.Value), Missing);
                var d = CompareJson(p.Value, value, childPath, p.Name);
                if (d != null) return d;
            }

            foreach (var p in actual.EnumerateObject())
            {
                if (!seen.Contains(p.Name) && !IsToolResult(actual, name, p.Name)) return new RequestDifference(Child(path, p.Name), Missing, Show(p.Value));
            }

            return null;
        }

        // Tools are offered as a set: a script that builds them from a hashtable lists them in
        // hash order, which changes from one process to the next. Sorted by name, the same set
        // compares equal; anything else keeps its order, which is meaningful (messages, content).
        private static List<JsonElement> InComparableOrder(JsonElement array, string? name)
        {
            var items = array.EnumerateArray().ToList();
            return name != null && ToolArrays.Contains(name)
                ? items.OrderBy(ToolName, StringComparer.Ordinal).ToList()
                : items;
        }

        private static string ToolName(JsonElement tool)
        {
            if (tool.ValueKind != JsonValueKind.Object) return string.Empty;
            foreach (var holder in ToolHolders)
            {
                if (tool.TryGetProperty(holder, out var inner) && inner.ValueKind == JsonValueKind.Object) tool = inner;
            }

            return tool.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : string.Empty;
        }

        private static bool IsToolResult(JsonElement obj, string? objName, string member)
        {
            foreach (var shape in Shapes)
            {
                if (shape.ToolResult.Matches(obj, objName, member)) return true;
            }

            return false;
        }

        private static bool SameNumber(JsonElement a, JsonElement b)
        {
            if (a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y)) return x == y;
            return a.GetDouble().Equals(b.GetDouble());
        }

        private static string Child(string path, string name) =>
            PlainName.IsMatch(name) ? path + "." + name : path + "['" + name.Replace("'", "\\'") + "']";

        private static string Show(JsonElement e) =>
            e.ValueKind == JsonValueKind.True || e.ValueKind == JsonValueKind.False
                ? e.GetRawText()
                : Shorten(e.ValueKind == JsonValueKind.String ? JsonSerializer.Serialize(e.GetString(), ShowOptions) : e.GetRawText());

        private static readonly JsonSerializerOptions ShowOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private static string Shorten(string text)
        {
            text = text.Replace("\r", string.Empty).Replace("\n", " ");
            return text.Length <= MaxShown ? text : text.Substring(0, MaxShown) + "…(" + text.Length.ToString(CultureInfo.InvariantCulture) + " chars)";
        }
    }
}
