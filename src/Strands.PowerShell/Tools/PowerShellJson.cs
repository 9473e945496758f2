using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Text.Json;

namespace Strands.PowerShell.Tools
{
    /// <summary>
    /// Converts PowerShell output to JSON for tool results and from JSON to PowerShell values for
    /// arguments. Depth-limited and cycle-safe: a tool returning Get-Process or a self-referencing
    /// object must produce a bounded result, not a stack overflow or a 100 MB string.
    /// </summary>
    internal static class PowerShellJson
    {
        public const int DefaultDepth = 4;

        public static string Serialize(object? value, int maxDepth = DefaultDepth)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
                Write(w, value, maxDepth, new HashSet<object>(ReferenceEqualityComparer.Instance));
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static void Write(Utf8JsonWriter w, object? value, int depth, HashSet<object> path)
        {
            if (value is PSObject wrapper && wrapper.BaseObject is not PSCustomObject && IsScalar(wrapper.BaseObject)) value = wrapper.BaseObject;
            switch (value)
            {
                case null: w.WriteNullValue(); return;
                case string s: w.WriteStringValue(s); return;
                case char c: w.WriteStringValue(c.ToString()); return;
                case bool b: w.WriteBooleanValue(b); return;
                case Enum e: w.WriteStringValue(e.ToString()); return;
                case DateTime dt: w.WriteStringValue(dt.ToString("o", CultureInfo.InvariantCulture)); return;
                case DateTimeOffset dto: w.WriteStringValue(dto.ToString("o", CultureInfo.InvariantCulture)); return;
                case Guid g: w.WriteStringValue(g.ToString()); return;
                case TimeSpan ts: w.WriteStringValue(ts.ToString("c", CultureInfo.InvariantCulture)); return;
                case Uri u: w.WriteStringValue(u.ToString()); return;
                case System.Security.SecureString: w.WriteStringValue("***"); return;
                case JsonElement je: je.WriteTo(w); return;
            }
            if (IsNumber(value)) { w.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!.Replace("∞", "null")); return; }

            if (depth <= 0 || !path.Add(value))
            {
                // Past the depth limit or back at an ancestor: its text stands in, as ConvertTo-Json does.
                w.WriteStringValue(value.ToString());
                return;
            }
            try
            {
                switch (value)
                {
                    case IDictionary dict:
                        w.WriteStartObject();
                        foreach (DictionaryEntry entry in dict)
                        {
                            w.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                            Write(w, entry.Value, depth - 1, path);
                        }
                        w.WriteEndObject();
                        return;
                    case PSObject pso when pso.BaseObject is PSCustomObject:
                        WriteProperties(w, pso, depth, path);
                        return;
                    case PSObject pso when pso.BaseObject is IEnumerable and not string:
                        Write(w, pso.BaseObject, depth, path);
                        return;
                    case IEnumerable list:
                        w.WriteStartArray();
                        foreach (var item in list) Write(w, item, depth - 1, path);
                        w.WriteEndArray();
                        return;
                    default:
                        WriteProperties(w, value as PSObject ?? PSObject.AsPSObject(value), depth, path);
                        return;
                }
            }
            finally
            {
                path.Remove(value);
            }
        }

        private static void WriteProperties(Utf8JsonWriter w, PSObject pso, int depth, HashSet<object> path)
        {
            w.WriteStartObject();
            foreach (var prop in pso.Properties)
            {
                if (!prop.IsGettable) continue;
                object? v;
                try { v = prop.Value; }
                catch (Exception ex) when (ex is GetValueException or GetValueInvocationException or InvalidOperationException or NotSupportedException) { continue; }
                w.WritePropertyName(prop.Name);
                Write(w, v, depth - 1, path);
            }
            w.WriteEndObject();
        }

        private static bool IsScalar(object o) => o is string or char or bool or Enum or DateTime or DateTimeOffset or Guid or TimeSpan or Uri || IsNumber(o);

        private static bool IsNumber(object o) => o is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal
            && !(o is double d && (double.IsNaN(d) || double.IsInfinity(d)))
            && !(o is float f && (float.IsNaN(f) || float.IsInfinity(f)));

        /// <summary>A JSON value as the PowerShell value a parameter binder understands.</summary>
        public static object? ToPowerShell(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.Number => e.TryGetInt32(out var i) ? i : e.TryGetInt64(out var l) ? l : (object)e.GetDouble(),
            JsonValueKind.Array => ToArray(e),
            _ => ToHashtable(e),
        };

        private static object?[] ToArray(JsonElement e)
        {
            var list = new List<object?>();
            foreach (var item in e.EnumerateArray()) list.Add(ToPowerShell(item));
            return list.ToArray();
        }

        public static Hashtable ToHashtable(JsonElement e)
        {
            var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var prop in e.EnumerateObject()) table[prop.Name] = ToPowerShell(prop.Value);
            return table;
        }

        private sealed class ReferenceEqualityComparer : IEqualityComparer<object>
        {
            public static readonly ReferenceEqualityComparer Instance = new();
            public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);
            public int GetHashCode(object obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
        }
    }
}
