using System.Collections.Generic;
using System.Text.Json;
using Strands.Types;

namespace Strands.Models.Common
{
    /// <summary>
    /// Writes the <c>tools</c> array of function definitions that OpenAI Chat Completions defined and
    /// Ollama's <c>/api/chat</c> takes unchanged: <c>{"type":"function","function":{name, description, parameters}}</c>.
    /// </summary>
    internal static class FunctionToolsWriter
    {
        /// <summary>Writes the <c>tools</c> property.</summary>
        public static void Write(Utf8JsonWriter w, IReadOnlyList<ToolSpec> tools)
        {
            w.WriteStartArray("tools");
            foreach (var tool in tools)
            {
                w.WriteStartObject();
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", tool.Name);
                w.WriteString("description", tool.Description);
                w.WritePropertyName("parameters");
                tool.InputSchema.WriteTo(w);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    }
}
