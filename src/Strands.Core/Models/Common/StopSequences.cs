using System.Text.Json;

namespace Strands.Models.Common
{
    /// <summary>OpenAI's <c>stop</c> may be one string; Gemini and Ollama take only a list.</summary>
    internal static class StopSequences
    {
        /// <summary>Writes <paramref name="stop"/> as a list: a single string becomes a list of one.</summary>
        public static void WriteAsList(Utf8JsonWriter w, JsonElement stop)
        {
            if (stop.ValueKind != JsonValueKind.String)
            {
                stop.WriteTo(w);
                return;
            }

            w.WriteStartArray();
            stop.WriteTo(w);
            w.WriteEndArray();
        }
    }
}
