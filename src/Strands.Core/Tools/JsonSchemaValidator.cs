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
    /// minItems/maxItems, format date-time, anyOf, oneOf (exactly one branch). Errors read like Strands' ("Field 'a -> b': ...").
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

            if (schema.TryGetProperty("anyOf", out var anyOf) && anyOf.ValueKind == JsonValueKind.Array
                && !anyOf.EnumerateArray().Any(s => Validate(value, s).Count == 0))
                errors.Add(Describe(path, "does not match any allowed form"));

            if (schema.TryGetProperty("oneOf", out var oneOf) && oneOf.ValueKind == JsonValueKind.Array)
            {
                // Exactly one branch: a value two branches accept is as wrong as one none accepts.
                var matches = oneOf.EnumerateArray().Count(s => Validate(value, s).Count == 0);
                if (matches == 0) errors.Add(Describe(path, "does not match any allowed form"));
                else if (matches > 1) errors.Add(Describe(path, $"matches {matches} of the allowed forms; exactly one must match"));
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
                case JsonValueKind.String:
                    if (TryReadText(value.GetString, out var text)) CheckString(text, schema, path, errors);
                    else errors.Add(Describe(path, "is not valid text (it has an unpaired UTF-16 surrogate)"));
                    break;
                case JsonValueKind.Number: CheckNumber(ToDouble(value), schema, path, errors); break;
            }
        }

        private static void CheckObject(JsonElement value, JsonElement schema, List<string> path, List<string> errors)
        {
            var hasProps = schema.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object;
            if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
            {
                foreach (var name in required.EnumerateArray())
                {
                    var n = name.ValueKind == JsonValueKind.String ? name.GetString() : null;
                    if (n != null && !value.TryGetProperty(n, out _))
                        errors.Add(Describe(Append(path, n), "is required"));
                }
            }
            var closed = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
            foreach (var prop in value.EnumerateObject())
            {
                if (!TryReadText(() => prop.Name, out _))
                {
                    errors.Add(Describe(path, "has a property name that is not valid text (an unpaired UTF-16 surrogate)"));
                    continue;
                }
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
            if (schema.TryGetProperty("minItems", out var min) && TryInt(min, out var minItems) && count < minItems)
                errors.Add(Describe(path, $"must have at least {minItems} items"));
            if (schema.TryGetProperty("maxItems", out var max) && TryInt(max, out var maxItems) && count > maxItems)
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
            if (schema.TryGetProperty("minLength", out var min) && TryInt(min, out var minLength) && length < minLength)
                errors.Add(Describe(path, $"must be at least {minLength} characters"));
            if (schema.TryGetProperty("maxLength", out var max) && TryInt(max, out var maxLength) && length > maxLength)
                errors.Add(Describe(path, $"must be at most {maxLength} characters"));
            if (schema.TryGetProperty("pattern", out var pattern) && pattern.ValueKind == JsonValueKind.String && pattern.GetString() is string p)
            {
                bool matches;
                try { matches = Regex.IsMatch(s, p, RegexOptions.None, TimeSpan.FromSeconds(1)); }
                catch (ArgumentException) { matches = true; } // a pattern .NET cannot compile is not the model's fault
                catch (RegexMatchTimeoutException) { matches = false; }
                if (!matches) errors.Add(Describe(path, $"must match the pattern {p}"));
            }
            if (schema.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == "date-time"
                && !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
                errors.Add(Describe(path, "must be a date-time (ISO 8601)"));
        }

        private static void CheckNumber(double d, JsonElement schema, List<string> path, List<string> errors)
        {
            if (schema.TryGetProperty("minimum", out var min) && min.ValueKind == JsonValueKind.Number && d < ToDouble(min))
                errors.Add(Describe(path, $"must be greater than or equal to {min.GetRawText()}"));
            if (schema.TryGetProperty("maximum", out var max) && max.ValueKind == JsonValueKind.Number && d > ToDouble(max))
                errors.Add(Describe(path, $"must be less than or equal to {max.GetRawText()}"));
            if (schema.TryGetProperty("exclusiveMinimum", out var xmin) && xmin.ValueKind == JsonValueKind.Number && d <= ToDouble(xmin))
                errors.Add(Describe(path, $"must be greater than {xmin.GetRawText()}"));
            if (schema.TryGetProperty("exclusiveMaximum", out var xmax) && xmax.ValueKind == JsonValueKind.Number && d >= ToDouble(xmax))
                errors.Add(Describe(path, $"must be less than {xmax.GetRawText()}"));
        }

        private static bool MatchesType(JsonElement value, JsonElement type, JsonElement schema)
        {
            if (value.ValueKind == JsonValueKind.Null && schema.ValueKind == JsonValueKind.Object
                && schema.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True)
                return true;
            if (type.ValueKind == JsonValueKind.Array) return type.EnumerateArray().Any(t => MatchesType(value, t, default));
            // A type that is not a name (a hand-written schema's mistake) constrains nothing.
            if (type.ValueKind != JsonValueKind.String) return true;
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
            if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number) return ToDouble(a) == ToDouble(b);
            if (a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String)
                return TryReadText(a.GetString, out var x) && TryReadText(b.GetString, out var y) ? x == y : a.GetRawText() == b.GetRawText();
            return a.ValueKind == b.ValueKind && a.GetRawText() == b.GetRawText();
        }

        private static string TypeText(JsonElement type) =>
            type.ValueKind == JsonValueKind.Array ? string.Join(" or ", type.EnumerateArray().Select(TypeText))
            : type.ValueKind == JsonValueKind.String ? type.GetString() ?? "?" : type.GetRawText();

        private static string KindText(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(value) ? "integer" : "number",
            var k => k.ToString().ToLowerInvariant(),
        };

        // Schemas and arguments are untrusted text: a keyword of the wrong JSON type, or a number
        // beyond double's range (1e400), must not throw out of validation.
        private static bool TryInt(JsonElement e, out int value)
        {
            value = 0;
            return e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out value);
        }

        // JSON may escape half a surrogate pair ("\ud800"), which .NET refuses to read as a string.
        private static bool TryReadText(Func<string?> read, out string text)
        {
            try
            {
                text = read() ?? string.Empty;
                return true;
            }
            catch (InvalidOperationException)
            {
                text = string.Empty;
                return false;
            }
        }

        private static double ToDouble(JsonElement number) =>
            number.TryGetDouble(out var d) ? d
            : number.GetRawText().TrimStart().StartsWith("-", StringComparison.Ordinal) ? double.NegativeInfinity : double.PositiveInfinity;

        private static List<string> Append(List<string> path, string name) => new(path) { name };

        private static string Describe(List<string> path, string problem) =>
            path.Count == 0 ? "Input " + problem : $"Field '{string.Join(" -> ", path)}' {problem}";
    }
}
