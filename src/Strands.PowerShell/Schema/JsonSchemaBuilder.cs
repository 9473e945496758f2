using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Strands.PowerShell.Schema
{
    /// <summary>
    /// JSON schemas from PowerShell and .NET types: tool parameters and structured-output classes.
    /// PowerShell validation attributes become schema keywords so the model sees the same rules the
    /// binder will enforce (ValidateSet → enum, ValidateRange → minimum/maximum, ...).
    /// </summary>
    internal static class JsonSchemaBuilder
    {
        private const int MaxNesting = 8;

        /// <summary>An object schema whose properties are the parameters.</summary>
        public static JsonElement ForParameters(IEnumerable<ToolParameter> parameters)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                WriteObject(w, parameters.ToList(), new HashSet<Type>());
            }
            return Parse(buffer);
        }

        /// <summary>The schema of a class: its public settable properties, validation attributes included.</summary>
        public static JsonElement ForType(Type type)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                WriteType(w, type, null, new HashSet<Type>(), 0);
            }
            return Parse(buffer);
        }

        /// <summary>The parameters a class contributes: one per public settable instance property.</summary>
        public static IReadOnlyList<ToolParameter> PropertiesOf(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0 && !p.IsDefined(typeof(HiddenAttribute), true))
                .Select(p => FromAttributes(p.Name, p.PropertyType, p.GetCustomAttributes(true)))
                .ToList();

        /// <summary>Reads validation and description attributes into a parameter description.</summary>
        public static ToolParameter FromAttributes(string name, Type type, IEnumerable<object> attributes)
        {
            var p = new ToolParameter(name, type);
            var nullable = Nullable.GetUnderlyingType(type) != null;
            var valueType = Nullable.GetUnderlyingType(type) ?? type;
            // Value types (int, bool, DateTime) always hold a value, so a class property of one is
            // required in its schema; reference types and Nullable<T> may be left out.
            var mandatory = valueType.IsValueType && !nullable;
            foreach (var a in attributes)
            {
                switch (a)
                {
                    case ParameterAttribute pa:
                        mandatory |= pa.Mandatory;
                        if (!string.IsNullOrWhiteSpace(pa.HelpMessage)) p = p with { Description = pa.HelpMessage };
                        break;
                    case ValidateSetAttribute set: p = p with { AllowedValues = set.ValidValues.ToList() }; break;
                    case ValidateRangeAttribute range: p = p with { Minimum = range.MinRange, Maximum = range.MaxRange }; break;
                    case ValidatePatternAttribute pattern: p = p with { Pattern = pattern.RegexPattern }; break;
                    case ValidateLengthAttribute length: p = p with { MinLength = length.MinLength, MaxLength = length.MaxLength }; break;
                    case ValidateCountAttribute count: p = p with { MinCount = count.MinLength, MaxCount = count.MaxLength }; break;
                    case ValidateNotNullOrEmptyAttribute: mandatory = true; p = p with { MinLength = p.MinLength ?? (valueType == typeof(string) ? 1 : null), MinCount = p.MinCount ?? (IsList(valueType) ? 1 : null) }; break;
                    case ValidateNotNullAttribute: mandatory = true; break;
                    case DescriptionAttribute d when !string.IsNullOrWhiteSpace(d.Description): p = p with { Description = d.Description }; break;
                }
            }
            return p with { Mandatory = mandatory };
        }

        private static void WriteObject(Utf8JsonWriter w, IReadOnlyList<ToolParameter> parameters, HashSet<Type> visiting, int nesting = 0)
        {
            w.WriteStartObject();
            w.WriteString("type", "object");
            w.WriteStartObject("properties");
            foreach (var p in parameters)
            {
                w.WritePropertyName(p.Name);
                WriteType(w, p.Type, p, visiting, nesting);
            }
            w.WriteEndObject();
            var required = parameters.Where(p => p.Mandatory).Select(p => p.Name).ToList();
            w.WriteStartArray("required");
            foreach (var r in required) w.WriteStringValue(r);
            w.WriteEndArray();
            w.WriteBoolean("additionalProperties", false);
            w.WriteEndObject();
        }

        private static void WriteType(Utf8JsonWriter w, Type type, ToolParameter? p, HashSet<Type> visiting, int nesting)
        {
            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            w.WriteStartObject();
            if (p?.Description != null) w.WriteString("description", p.Description);
            else if (nesting == 0 && p == null && underlying.GetCustomAttribute<DescriptionAttribute>() is { } typeDescription)
                w.WriteString("description", typeDescription.Description);

            if (p?.AllowedValues is { } allowed)
            {
                w.WriteString("type", "string");
                w.WriteStartArray("enum");
                foreach (var v in allowed) w.WriteStringValue(v);
                w.WriteEndArray();
            }
            else if (underlying.IsEnum)
            {
                w.WriteString("type", "string");
                w.WriteStartArray("enum");
                foreach (var v in Enum.GetNames(underlying)) w.WriteStringValue(v);
                w.WriteEndArray();
            }
            else if (underlying == typeof(string) || underlying == typeof(char) || underlying == typeof(Guid) || underlying == typeof(Uri))
            {
                w.WriteString("type", "string");
            }
            else if (underlying == typeof(DateTime) || underlying == typeof(DateTimeOffset))
            {
                w.WriteString("type", "string");
                w.WriteString("format", "date-time");
            }
            else if (underlying == typeof(bool) || underlying == typeof(SwitchParameter))
            {
                w.WriteString("type", "boolean");
            }
            else if (IsInteger(underlying))
            {
                w.WriteString("type", "integer");
            }
            else if (underlying == typeof(double) || underlying == typeof(float) || underlying == typeof(decimal))
            {
                w.WriteString("type", "number");
            }
            else if (IsList(underlying))
            {
                w.WriteString("type", "array");
                var element = ElementType(underlying);
                w.WritePropertyName("items");
                // Lists count towards the nesting bound like classes do: a list of lists of classes…
                // would otherwise nest past what JSON readers (ours included, at 64) accept.
                if (element == null || element == typeof(object) || element == typeof(PSObject) || nesting >= MaxNesting) { w.WriteStartObject(); w.WriteEndObject(); }
                else WriteType(w, element, null, visiting, nesting + 1);
            }
            else if (underlying == typeof(object))
            {
                // [object], and every untyped parameter (param($x)), takes any value in PowerShell, so
                // the schema takes any JSON value: no "type" at all. Providers whose schema dialect
                // needs a type (Gemini) widen this to the most permissive form they accept.
            }
            else if (typeof(IDictionary).IsAssignableFrom(underlying) || underlying == typeof(PSObject))
            {
                w.WriteString("type", "object");
            }
            else if (nesting < MaxNesting && visiting.Add(underlying))
            {
                // A nested class: its properties, recursively (a self-referencing class stops here).
                var props = PropertiesOf(underlying);
                w.WriteString("type", "object");
                w.WriteStartObject("properties");
                foreach (var prop in props)
                {
                    w.WritePropertyName(prop.Name);
                    WriteType(w, prop.Type, prop, visiting, nesting + 1);
                }
                w.WriteEndObject();
                w.WriteStartArray("required");
                foreach (var r in props.Where(x => x.Mandatory)) w.WriteStringValue(r.Name);
                w.WriteEndArray();
                w.WriteBoolean("additionalProperties", false);
                visiting.Remove(underlying);
            }
            else
            {
                w.WriteString("type", "object");
            }

            if (p != null) WriteKeywords(w, p);
            w.WriteEndObject();
        }

        private static void WriteKeywords(Utf8JsonWriter w, ToolParameter p)
        {
            if (p.Minimum != null && TryNumber(p.Minimum, out var min)) { w.WritePropertyName("minimum"); w.WriteRawValue(min); }
            if (p.Maximum != null && TryNumber(p.Maximum, out var max)) { w.WritePropertyName("maximum"); w.WriteRawValue(max); }
            if (p.Pattern != null) w.WriteString("pattern", p.Pattern);
            if (p.MinLength is int minLength) w.WriteNumber("minLength", minLength);
            if (p.MaxLength is int maxLength) w.WriteNumber("maxLength", maxLength);
            if (p.MinCount is int minCount) w.WriteNumber("minItems", minCount);
            if (p.MaxCount is int maxCount) w.WriteNumber("maxItems", maxCount);
        }

        // JSON has no infinity or NaN: [ValidateRange(0, [double]::PositiveInfinity)] leaves that side open.
        private static bool TryNumber(object value, out string text)
        {
            text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            return value switch
            {
                double d => !double.IsNaN(d) && !double.IsInfinity(d),
                float f => !float.IsNaN(f) && !float.IsInfinity(f),
                _ => value is byte or sbyte or short or ushort or int or uint or long or ulong or decimal,
            };
        }

        private static bool IsInteger(Type t) => t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte)
            || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort) || t == typeof(sbyte) || t == typeof(System.Numerics.BigInteger);

        private static bool IsList(Type t) => t.IsArray || (t != typeof(string) && !typeof(IDictionary).IsAssignableFrom(t) && typeof(IEnumerable).IsAssignableFrom(t) && t != typeof(PSObject));

        private static Type? ElementType(Type t)
        {
            if (t.IsArray) return t.GetElementType();
            var generic = t.GetInterfaces().Concat(new[] { t })
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
            return generic?.GetGenericArguments()[0];
        }

        private static JsonElement Parse(MemoryStream buffer)
        {
            using var doc = JsonDocument.Parse(buffer.ToArray());
            return doc.RootElement.Clone();
        }
    }
}
