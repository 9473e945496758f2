using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Strands.Models.Common;
using Strands.Types;

namespace Strands.Models.Ollama
{
    /// <summary>Writes an Ollama <c>/api/chat</c> body from the internal content model.</summary>
    internal static class OllamaRequestWriter
    {
        // OpenAI-style names and the Ollama option they become.
        private static readonly Dictionary<string, string> MappedOptions = new(StringComparer.Ordinal)
        {
            ["max_tokens"] = "num_predict",
            ["max_completion_tokens"] = "num_predict",
        };

        // Top-level request fields; every other param is a model option (num_ctx, temperature, …),
        // since Ollama's option list is long and grows with each release.
        private static readonly HashSet<string> TopLevelFields = new(StringComparer.Ordinal) { "think", "keep_alive", "format" };

        // tool_choice is withheld as LiteLLM does: Ollama has no such field and requests with it
        // have been seen to hang. "tools" and "messages" are built here, never taken from params.
        private static readonly HashSet<string> Withheld = new(StringComparer.Ordinal) { "stream", "tool_choice", "tools", "messages", "model", ReasoningEffort.ParamName };

        public static byte[] Write(string modelName, ModelRequest request, JsonElement? parameters, bool stream)
        {
            var options = new List<KeyValuePair<string, JsonElement>>();
            var topLevel = new List<JsonProperty>();
            // reasoning_effort becomes think unless the params set think, which wins.
            var think = !(parameters is JsonElement given && given.ValueKind == JsonValueKind.Object && given.TryGetProperty("think", out var t) && t.ValueKind != JsonValueKind.Null)
                        && ReasoningEffort.Read(parameters) is Effort effort
                ? OllamaThink.For(modelName, effort)
                : (OllamaThink?)null;
            if (parameters is JsonElement p && p.ValueKind == JsonValueKind.Object)
            {
                foreach (var param in p.EnumerateObject())
                {
                    if (param.Value.ValueKind == JsonValueKind.Null || Withheld.Contains(param.Name)) continue;
                    if (TopLevelFields.Contains(param.Name)) topLevel.Add(param);
                    else if (param.Name == "options" && param.Value.ValueKind == JsonValueKind.Object)
                        foreach (var inner in param.Value.EnumerateObject()) Set(options, inner.Name, inner.Value);
                    else Set(options, MappedOptions.TryGetValue(param.Name, out var option) ? option : param.Name, param.Value);
                }
            }

            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
            {
                w.WriteStartObject();
                w.WriteString("model", modelName);
                WriteMessages(w, request);
                if (request.Tools.Count > 0) FunctionToolsWriter.Write(w, request.Tools);
                w.WriteBoolean("stream", stream);
                if (options.Count > 0)
                {
                    w.WriteStartObject("options");
                    foreach (var option in options)
                    {
                        w.WritePropertyName(option.Key);
                        if (option.Key == "stop") StopSequences.WriteAsList(w, option.Value);
                        else option.Value.WriteTo(w);
                    }
                    w.WriteEndObject();
                }
                foreach (var field in topLevel) field.WriteTo(w);
                if (think is OllamaThink thinks)
                {
                    if (thinks.Level is string level) w.WriteString("think", level);
                    else w.WriteBoolean("think", thinks.Enabled);
                }
                w.WriteEndObject();
            }
            return buffer.ToArray();
        }

        private static void Set(List<KeyValuePair<string, JsonElement>> fields, string name, JsonElement value)
        {
            var at = fields.FindIndex(f => f.Key == name);
            if (at >= 0) fields[at] = new KeyValuePair<string, JsonElement>(name, value);
            else fields.Add(new KeyValuePair<string, JsonElement>(name, value));
        }

        private static void WriteMessages(Utf8JsonWriter w, ModelRequest request)
        {
            w.WriteStartArray("messages");
            // Ollama takes plain-string content, so system text blocks become one message; cache
            // points have no meaning for a local server and are dropped.
            var system = string.Join("\n", request.SystemPrompt.OfType<TextBlock>().Select(t => t.Text).Where(t => t.Length > 0));
            if (system.Length > 0)
            {
                w.WriteStartObject();
                w.WriteString("role", "system");
                w.WriteString("content", system);
                w.WriteEndObject();
            }

            var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var message in request.Messages)
            {
                if (message.Role == Role.Assistant) WriteAssistant(w, message, toolNames);
                else WriteUser(w, message, toolNames);
            }
            w.WriteEndArray();
        }

        private static void WriteAssistant(Utf8JsonWriter w, Message message, Dictionary<string, string> toolNames)
        {
            var text = string.Concat(message.Content.OfType<TextBlock>().Select(t => t.Text));
            var thinking = string.Concat(message.Content.OfType<ReasoningBlock>().Select(r => r.Text));
            var calls = message.ToolUses.ToList();
            if (text.Length == 0 && thinking.Length == 0 && calls.Count == 0) return;

            w.WriteStartObject();
            w.WriteString("role", "assistant");
            w.WriteString("content", text);
            // Thinking models (gpt-oss, qwen3) reason better across tool rounds with their thoughts back.
            if (thinking.Length > 0) w.WriteString("thinking", thinking);
            if (calls.Count > 0)
            {
                w.WriteStartArray("tool_calls");
                foreach (var call in calls)
                {
                    toolNames[call.ToolUseId] = call.Name;
                    w.WriteStartObject();
                    w.WriteStartObject("function");
                    w.WriteString("name", call.Name);
                    w.WritePropertyName("arguments");
                    if (call.Input.ValueKind == JsonValueKind.Object) call.Input.WriteTo(w);
                    else { w.WriteStartObject(); w.WriteEndObject(); }
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }

        // Tool results go first: they answer the assistant turn just before, and Ollama's chat
        // templates expect tool messages right after the calls.
        private static void WriteUser(Utf8JsonWriter w, Message message, Dictionary<string, string> toolNames)
        {
            foreach (var result in message.ToolResults)
            {
                w.WriteStartObject();
                w.WriteString("role", "tool");
                w.WriteString("content", result.ToText());
                if (toolNames.TryGetValue(result.ToolUseId, out var name)) w.WriteString("tool_name", name);
                w.WriteEndObject();
            }

            var text = string.Join("\n", message.Content.OfType<TextBlock>().Select(t => t.Text).Where(t => t.Length > 0));
            var images = message.Content.OfType<ImageBlock>().ToList();
            if (text.Length == 0 && images.Count == 0) return;
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", text);
            if (images.Count > 0)
            {
                w.WriteStartArray("images");
                foreach (var image in images) w.WriteBase64StringValue(image.Bytes.Span);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
    }
}
