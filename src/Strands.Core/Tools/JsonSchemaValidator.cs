using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Strands.Tools
{
    /// <summary>
    /// Validates tool arguments and structured output against the JSON-schema subset our schemas
    /// use: type (incl. type arrays and nullable), properties, required, additionalProperties,
    /// items, enum, const, minimum/maximum (and exclusive), minLength/maxLength, pattern,
    /// minItems/maxItems, format date-time, anyOf/oneOf. Errors read like Strands' ("Field 'a -> b': ...").
    /// </summary>
    public static class JsonSchemaValidator
    {
        /// <summary>Every violation of <paramref name="schema"/> by <paramref name="value"/>; empty when valid.</summary>
        public static IReadOnlyList<string> Validate(JsonElement value, JsonElement schema)
        {
            var errors = new List<string>();
            Check(value, schema, new List<string>(), errors);
            return errors;
        }

        private static void Check(JsonElement value, JsonElement schema, List<string> path, List<string> errors)
        {
            if (schema.ValueKind != JsonValueKind.Object) return;

            if (schema.TryGetProperty("anyOf", out var anyOf) || schema.TryGetProperty("oneOf", out anyOf))
            {
                if (anyOf.ValueKind == JsonValueKind.Array && !anyOf.EnumerateArray().Any(s => Validate(value, s).Count == 0))
                    errors.Add(Describe(path, "does not match any allowed form"));
            }

            if (schema.TryGetProperty("type", out var type) && !MatchesType(value, type, schema))
            {
                errors.Add(Describe(path, $"expected {TypeText(type)}, got {KindText(value)}"));
                return;
            }

            if (schema.TryGetProperty("enum", out var allowed) && allowed.ValueKind == JsonValueKind.Array
                && !allowed.EnumerateArray().Any(a => JsonEquals(a, value)))
                errors.Add(Describe(path, "must be one of: " + string.Join(", ", allowed.EnumerateArray().Select(a => a.GetRawText()))));

            if (schema.TryGetProperty("const", out var constant) && !JsonEquals(constant, value))
                errors.Add(Describe(path, "must be " + constant.GetRawText()));

            switch (value.ValueKind)
            {
                case JsonValueKind.Object: CheckObject(value, schema, path, errors); break;
                case JsonValueKind.Array: CheckArray(value, schema, path, errors); break;
                case JsonValueKind.String: CheckString(value.GetString()!, schema, path, errors); break;
                case JsonValueKind.Number: CheckNumber(value.GetDouble(), schema, path, errors); break;
            }
        }

        private static void CheckObject(JsonElement value, JsonElement schema, List<string> path, List<string> errors)
        {
            var hasProps = schema.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object;
            if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
            {
                foreach (var name in required.EnumerateArray())
                {
                    var n = name.GetString();
                    if (n != null && !value.TryGetProperty(n, out _))
                        errors.Add(Describe(Append(path, n), "is required"));
                }
            }
            var closed = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
            foreach (var prop in value.EnumerateObject())
            {
                if (hasProps && props.TryGetProperty(prop.Name, out var propSchema))
                    Check(prop.Value, propSchema, Append(path, prop.Name), errors);
                else if (closed)
                    errors.Add(Describe(Append(path, prop.Name), "is not a known parameter"));
                else if (additional.ValueKind == JsonValueKind.Object)
                    Check(prop.Value, additional, Append(path, prop.Name), errors);
            }
        }

        private static void CheckArray(JsonElement value, JsonElement schema, List<string> path, List<string> errors)
        {
            var count = value.GetArrayLength();
            if (schema.TryGetProperty("minItems", out var min) && min.TryGetInt32(out var minItems) && count < minItems)
                errors.Add(Describe(path, $"must have at least {minItems} items"));
            if (schema.TryGetProperty("maxItems", out var max) && max.TryGetInt32(out var maxItems) && count > maxItems)
                errors.Add(Describe(path, $"must have at most {maxItems} items"));
            if (schema.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object)
            {
                var i = 0;
                foreach (var item in value.EnumerateArray()) Check(item, items, Append(path, "[" + i++ + "]"), errors);
            }
        }

        private static void CheckString(string s, JsonElement schema, List<string> path, List<string> errors)
        {
            var length = new StringInfo(s).LengthInTextElements;
            if (schema.TryGetProperty("minLength", out var min) && min.TryGetInt32(out var minLength) && length < minLength)
                errors.Add(Describe(path, $"must be at least {minLength} characters"));
            if (schema.TryGetProperty("maxLength", out var max) && max.TryGetInt32(out var maxLength) && length > maxLength)
                errors.Add(Describe(path, $"must be at most {maxLength} characters"));
            if (schema.TryGetProperty("pattern", out var pattern) && pattern.GetString() is string p)
            {
                bool matches;
                try { matches = Regex.IsMatch(s, p, RegexOptions.None, TimeSpan.FromSeconds(1)); }
                catch (ArgumentException) { matches = true; } // a pattern .NET cannot compile is not the model's fault
                catch (RegexMatchTimeoutException) { matches = false; }
                if (!matches) errors.Add(Describe(path, $"must match the pattern {p}"));
            }
            if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time"
                && !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
                errors.Add(Describe(path, "must be a date-time (ISO 8601)"));
        }

        private static void CheckNumber(double d, JsonElement schema, List<string> path, List<string> errors)
        {
            if (schema.TryGetProperty("minimum", out var min) && min.ValueKind == JsonValueKind.Number && d < min.GetDouble())
                errors.Add(Describe(path, $"must be greater than or equal to {min.GetRawText()}"));
            if (schema.TryGetProperty("maximum", out var max) && max.ValueKind == JsonValueKind.Number && d > max.GetDouble())
                errors.Add(Describe(path, $"must be less than or equal to {max.GetRawText()}"));
            if (schema.TryGetProperty("exclusiveMinimum", out var xmin) && xmin.ValueKind == JsonValueKind.Number && d <= xmin.GetDouble())
                errors.Add(Describe(path, $"must be greater than {xmin.GetRawText()}"));
            if (schema.TryGetProperty("exclusiveMaximum", out var xmax) && xmax.ValueKind == JsonValueKind.Number && d >= xmax.GetDouble())
                errors.Add(Describe(path, $"must be less than {xmax.GetRawText()}"));
        }

        private static bool MatchesType(JsonElement value, JsonElement type, JsonElement schema)
        {
            if (value.ValueKind == JsonValueKind.Null && schema.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True)
                return true;
            if (type.ValueKind == JsonValueKind.Array) return type.EnumerateArray().Any(t => MatchesType(value, t, default));
            return type.GetString() switch
            {
                "string" => value.ValueKind == JsonValueKind.String,
                "integer" => value.ValueKind == JsonValueKind.Number && IsInteger(value),
                "number" => value.ValueKind == JsonValueKind.Number,
                "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                "object" => value.ValueKind == JsonValueKind.Object,
                "array" => value.ValueKind == JsonValueKind.Array,
                "null" => value.ValueKind == JsonValueKind.Null,
                _ => true,
            };
        }

        private static bool IsInteger(JsonElement value) =>
            value.TryGetInt64(out _) || (value.TryGetDouble(out var d) && Math.Floor(d) == d && !double.IsInfinity(d));

        private static bool JsonEquals(JsonElement a, JsonElement b)
        {
            if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number) return a.GetDouble() == b.GetDouble();
            if (a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String) return a.GetString() == b.GetString();
            return a.ValueKind == b.ValueKind && a.GetRawText() == b.GetRawText();
        }

        private static string TypeText(JsonElement type) =>
            type.ValueKind == JsonValueKind.Array ? string.Join(" or ", type.EnumerateArray().Select(t => t.GetString())) : type.GetString() ?? "?";

        private static string KindText(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(value) ? "integer" : "number",
            var k => k.ToString().ToLowerInvariant(),
        };

        private static List<string> Append(List<string> path, string name) => new(path) { name };

        private static string Describe(List<string> path, string problem) =>
            path.Count == 0 ? "Input " + problem : $"Field '{string.Join(" -> ", path)}' {problem}";
    }
}
