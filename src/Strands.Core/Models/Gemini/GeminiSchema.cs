using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Strands.Models.Gemini
{
    /// <summary>
    /// Rewrites a tool's JSON Schema into the OpenAPI 3.0 subset Gemini's <c>Schema</c> accepts; the
    /// API answers 400 INVALID_ARGUMENT for any keyword outside it.
    /// </summary>
    /// <remarks>
    /// Kept: type (upper-cased to Gemini's enum), properties, items, anyOf, required, description,
    /// enum (string values only), nullable, pattern, minimum, maximum, minItems, maxItems,
    /// minLength, maxLength, minProperties, maxProperties, propertyOrdering, default, example.
    /// Rewritten: a type array such as <c>["string","null"]</c> becomes the first non-null type plus
    /// <c>nullable: true</c>; <c>oneOf</c> becomes <c>anyOf</c>; a string <c>const</c> becomes a
    /// one-value enum; <c>format</c> survives only as enum, date-time, int32, int64, float or double
    /// (the only formats the API accepts).
    /// A local <c>$ref</c> (<c>#/$defs/…</c>, <c>#/definitions/…</c>) is replaced by the schema it
    /// points to, up to <see cref="MaxRefDepth"/> levels (recursive types are cut there).
    /// Stripped, with everything else: additionalProperties, $schema, $id, $defs, definitions,
    /// examples, const (non-string), allOf, not, if/then/else, exclusiveMinimum, exclusiveMaximum,
    /// multipleOf, uniqueItems, patternProperties, strict, and title (the spec lists it, but older
    /// API versions rejected it and it tells the model nothing the property name does not).
    /// A schema without a type gets one inferred from its enum, const, properties or items, since
    /// Gemini requires it (a numeric enum keeps its INTEGER or NUMBER type but loses the values); one
    /// with nothing to infer from (any value) becomes an anyOf of STRING, NUMBER, BOOLEAN, OBJECT and
    /// ARRAY of STRING.
    /// An empty <c>properties</c> object is dropped because Gemini requires OBJECT properties to
    /// be non-empty.
    /// </remarks>
    internal static class GeminiSchema
    {
        private static readonly HashSet<string> CopiedAsIs = new(StringComparer.Ordinal)
        {
            "description", "pattern", "minimum", "maximum", "minItems", "maxItems",
            "minLength", "maxLength", "minProperties", "maxProperties", "required", "propertyOrdering",
            "default", "example",
        };

        private static readonly HashSet<string> Formats = new(StringComparer.Ordinal)
        {
            "enum", "date-time", "int32", "int64", "float", "double",
        };

        /// <summary>Whether the tool's parameters are worth sending: an object schema with at least one property.</summary>
        public static bool HasParameters(JsonElement schema) =>
            schema.ValueKind == JsonValueKind.Object
            && schema.TryGetProperty("properties", out var properties)
            && properties.ValueKind == JsonValueKind.Object
            && properties.EnumerateObject().MoveNext();

        private const int MaxRefDepth = 8;

        public static void Write(Utf8JsonWriter w, JsonElement schema) => Write(w, schema, schema, 0);

        private static void Write(Utf8JsonWriter w, JsonElement schema, JsonElement root, int refDepth)
        {
            while (refDepth < MaxRefDepth && schema.ValueKind == JsonValueKind.Object
                   && schema.TryGetProperty("$ref", out var reference) && Resolve(root, reference) is JsonElement target)
            {
                schema = target;
                refDepth++;
            }
            w.WriteStartObject();
            if (schema.ValueKind == JsonValueKind.Object) WriteKeywords(w, schema, root, refDepth);
            w.WriteEndObject();
        }

        // Only pointers into this document ("#/..."); remote references cannot be fetched here.
        private static JsonElement? Resolve(JsonElement root, JsonElement reference)
        {
            var pointer = reference.ValueKind == JsonValueKind.String ? reference.GetString() : null;
            if (pointer is null || !pointer.StartsWith("#/", StringComparison.Ordinal)) return null;
            var current = root;
            foreach (var token in pointer.Substring(2).Split('/'))
            {
                var name = Uri.UnescapeDataString(token).Replace("~1", "/").Replace("~0", "~");
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return null;
            }
            return current;
        }

        private static void WriteKeywords(Utf8JsonWriter w, JsonElement schema, JsonElement root, int refDepth)
        {
            var nullable = false;
            var wroteAnyOf = false;
            var wroteType = false;
            foreach (var keyword in schema.EnumerateObject())
            {
                var value = keyword.Value;
                switch (keyword.Name)
                {
                    case "type" when value.ValueKind is JsonValueKind.String or JsonValueKind.Array:
                        nullable |= WriteType(w, value);
                        wroteType = true;
                        break;
                    case "properties" when value.ValueKind == JsonValueKind.Object && value.EnumerateObject().MoveNext():
                        w.WriteStartObject("properties");
                        foreach (var property in value.EnumerateObject())
                        {
                            w.WritePropertyName(property.Name);
                            Write(w, property.Value, root, refDepth);
                        }
                        w.WriteEndObject();
                        break;
                    case "items" when value.ValueKind == JsonValueKind.Object:
                        w.WritePropertyName("items");
                        Write(w, value, root, refDepth);
                        break;
                    case "anyOf" or "oneOf" when value.ValueKind == JsonValueKind.Array && !wroteAnyOf:
                        wroteAnyOf = true;
                        w.WriteStartArray("anyOf");
                        foreach (var option in value.EnumerateArray()) Write(w, option, root, refDepth);
                        w.WriteEndArray();
                        break;
                    case "enum" when value.ValueKind == JsonValueKind.Array && AllStrings(value):
                        keyword.WriteTo(w);
                        break;
                    case "const" when value.ValueKind == JsonValueKind.String:
                        w.WriteStartArray("enum");
                        w.WriteStringValue(value.GetString());
                        w.WriteEndArray();
                        break;
                    case "format" when value.ValueKind == JsonValueKind.String && Formats.Contains(value.GetString()!):
                        keyword.WriteTo(w);
                        break;
                    case "nullable":
                        nullable |= value.ValueKind == JsonValueKind.True;
                        break;
                    default:
                        if (CopiedAsIs.Contains(keyword.Name)) keyword.WriteTo(w);
                        break;
                }
            }
            if (!wroteType && !wroteAnyOf)
            {
                if (InferType(schema) is string inferred) w.WriteString("type", inferred);
                else if (!schema.TryGetProperty("enum", out _) && !schema.TryGetProperty("const", out _)) WriteAnyValue(w);
            }
            if (nullable) w.WriteBoolean("nullable", true);
        }

        // A schema with nothing to say about its value ({} or only a description) accepts any JSON
        // value. Gemini's Schema cannot say that (Gemini 3 rejects a missing type, ARRAY needs items),
        // so it gets the widest union Gemini accepts: a string, number, boolean, object or array of strings.
        private static void WriteAnyValue(Utf8JsonWriter w)
        {
            w.WriteStartArray("anyOf");
            foreach (var type in new[] { "STRING", "NUMBER", "BOOLEAN", "OBJECT" })
            {
                w.WriteStartObject();
                w.WriteString("type", type);
                w.WriteEndObject();
            }
            w.WriteStartObject();
            w.WriteString("type", "ARRAY");
            w.WriteStartObject("items");
            w.WriteString("type", "STRING");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }

        // Gemini's Schema requires a type; JSON Schema lets enum, properties or items imply it.
        private static string? InferType(JsonElement schema)
        {
            if (schema.TryGetProperty("properties", out _)) return "OBJECT";
            if (schema.TryGetProperty("items", out _)) return "ARRAY";
            if (!schema.TryGetProperty("enum", out var values) && !schema.TryGetProperty("const", out values)) return null;
            var first = values.ValueKind == JsonValueKind.Array ? values.EnumerateArray().FirstOrDefault() : values;
            return first.ValueKind switch
            {
                JsonValueKind.String => "STRING",
                JsonValueKind.True or JsonValueKind.False => "BOOLEAN",
                JsonValueKind.Number => (values.ValueKind == JsonValueKind.Array ? values.EnumerateArray() : Enumerable.Repeat(values, 1))
                    .All(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _)) ? "INTEGER" : "NUMBER",
                _ => null,
            };
        }

        // Returns whether the type allowed null, which Gemini expresses as nullable.
        private static bool WriteType(Utf8JsonWriter w, JsonElement type)
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                w.WriteString("type", type.GetString()!.ToUpperInvariant());
                return false;
            }
            if (type.ValueKind != JsonValueKind.Array) return false;
            string? first = null;
            var allowsNull = false;
            foreach (var item in type.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String) continue;
                var name = item.GetString()!;
                if (name == "null") allowsNull = true;
                else first ??= name;
            }
            w.WriteString("type", (first ?? "null").ToUpperInvariant());
            return allowsNull && first != null;
        }

        private static bool AllStrings(JsonElement array)
        {
            foreach (var item in array.EnumerateArray())
                if (item.ValueKind != JsonValueKind.String) return false;
            return true;
        }
    }
}
