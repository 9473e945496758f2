using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Strands.PowerShell.Hosting;
using Strands.PowerShell.Schema;
using Strands.PowerShell.Tools;
using Strands.StructuredOutput;
using Strands.Types;

namespace Strands.PowerShell.StructuredOutput
{
    /// <summary>
    /// -OutputSchema: a PowerShell class or .NET type (the result is an instance of it), a
    /// hashtable JSON schema or a JSON-schema string (the result is a PSCustomObject).
    /// </summary>
    internal sealed class OutputSchema
    {
        private readonly Type? _type;

        private OutputSchema(ToolSpec spec, Type? type)
        {
            Spec = spec;
            _type = type;
        }

        public ToolSpec Spec { get; }

        public static OutputSchema From(object value)
        {
            value = value is PSObject p ? p.BaseObject : value;
            switch (value)
            {
                case Type type:
                    var description = type.GetCustomAttributes(typeof(System.ComponentModel.DescriptionAttribute), true)
                        .OfType<System.ComponentModel.DescriptionAttribute>().FirstOrDefault()?.Description;
                    return new OutputSchema(new ToolSpec(ToolName(type.Name), StructuredOutputRequest.DescribeTool(type.Name, description), JsonSchemaBuilder.ForType(type)), type);
                case IDictionary table:
                    return FromJson(PowerShellJson.Serialize(table, maxDepth: 64));
                case string json:
                    return FromJson(json);
                default:
                    throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                        $"-OutputSchema takes a class ([MyClass]), a hashtable JSON schema or a JSON-schema string, not {value?.GetType().Name ?? "null"}.");
            }
        }

        private static OutputSchema FromJson(string json)
        {
            JsonElement schema;
            try
            {
                using var doc = JsonDocument.Parse(json);
                schema = doc.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, $"-OutputSchema is not valid JSON: {ex.Message}");
            }
            if (schema.ValueKind != JsonValueKind.Object)
                throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, "-OutputSchema must be a JSON object schema.");
            var title = schema.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "StructuredOutput";
            var description = schema.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            return new OutputSchema(new ToolSpec(ToolName(title), StructuredOutputRequest.DescribeTool(title, description), schema), null);
        }

        /// <summary>The core request; class conversion (and its validation attributes) runs on the pipeline thread.</summary>
        public StructuredOutputRequest ToRequest(PipelinePump pump) =>
            new(Spec, maxRetries: 2, validate: _type == null ? null : (json, ct) => pump.InvokeAsync(() => Check(json), ct));

        private IReadOnlyList<string> Check(JsonElement json)
        {
            try
            {
                Convert(json);
                return Array.Empty<string>();
            }
            catch (Exception ex) when (ex is PSInvalidCastException or SetValueInvocationException or ValidationMetadataException or ArgumentException or RuntimeException)
            {
                var inner = ex;
                while (inner.InnerException != null) inner = inner.InnerException;
                return new[] { inner.Message };
            }
        }

        /// <summary>The validated output as the user's class instance, or a PSCustomObject. Pipeline thread only.</summary>
        public object Convert(JsonElement json) =>
            _type != null ? LanguagePrimitives.ConvertTo(PowerShellJson.ToHashtable(json), _type, System.Globalization.CultureInfo.InvariantCulture) : ToPSObject(json)!;

        private static object? ToPSObject(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    var pso = new PSObject();
                    foreach (var prop in e.EnumerateObject()) pso.Properties.Add(new PSNoteProperty(prop.Name, ToPSObject(prop.Value)));
                    return pso;
                case JsonValueKind.Array:
                    return e.EnumerateArray().Select(ToPSObject).ToArray();
                default:
                    return PowerShellJson.ToPowerShell(e);
            }
        }

        private static string ToolName(string name)
        {
            var clean = Regex.Replace(name, "[^a-zA-Z0-9_-]", "_");
            return clean.Length > 64 ? clean.Substring(0, 64) : clean.Length == 0 ? "StructuredOutput" : clean;
        }
    }
}
