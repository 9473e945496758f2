using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Strands.Types;

namespace Strands.Models.OpenAi
{
    /// <summary>
    /// Writes a chat-completions body from the internal content model, the way Strands' LiteLLM
    /// provider formats it (strands-agents-semantics.md §2.3), with two conscious fixes: an empty
    /// tools array is omitted (OpenAI rejects <c>"tools": []</c>) and <c>stream_options</c> is not
    /// sent when streaming is switched off (Strands #477/#1076 broke Azure that way).
    /// </summary>
    internal static class OpenAiRequestWriter
    {

        public static byte[] Write(string modelName, ModelRequest request, JsonElement? parameters, bool stream)
        {
            var overridden = new HashSet<string>(StringComparer.Ordinal);
            if (parameters is JsonElement p && p.ValueKind == JsonValueKind.Object)
                foreach (var prop in p.EnumerateObject()) overridden.Add(prop.Name);

            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
            {
                w.WriteStartObject();
                if (!overridden.Contains("messages")) { w.WritePropertyName("messages"); WriteMessages(w, request); }
                if (!overridden.Contains("model")) w.WriteString("model", modelName);
                if (!overridden.Contains("stream")) w.WriteBoolean("stream", stream);
                if (stream && !overridden.Contains("stream_options"))
                {
                    w.WriteStartObject("stream_options");
                    w.WriteBoolean("include_usage", true);
                    w.WriteEndObject();
                }
                if (request.Tools.Count > 0 && !overridden.Contains("tools"))
                {
                    w.WriteStartArray("tools");
                    foreach (var tool in request.Tools)
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
                if (request.ToolChoice is ToolChoice choice && !overridden.Contains("tool_choice"))
                {
                    w.WritePropertyName("tool_choice");
                    WriteToolChoice(w, choice);
                }
                if (parameters is JsonElement extra && extra.ValueKind == JsonValueKind.Object)
                {
                    foreach (var prop in extra.EnumerateObject())
                    {
                        // null removes a key we would send (the documented Azure workaround: stream_options = null).
                        if (prop.Value.ValueKind == JsonValueKind.Null && prop.Name is "stream_options" or "tools" or "tool_choice") continue;
                        prop.WriteTo(w);
                    }
                }
                w.WriteEndObject();
            }
            return buffer.ToArray();
        }

        private static void WriteToolChoice(Utf8JsonWriter w, ToolChoice choice)
        {
            switch (choice)
            {
                case AnyToolChoice: w.WriteStringValue("required"); break;
                case NamedToolChoice named:
                    w.WriteStartObject();
                    w.WriteString("type", "function");
                    w.WriteStartObject("function");
                    w.WriteString("name", named.Name);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
                default: w.WriteStringValue("auto"); break;
            }
        }

        private static void WriteMessages(Utf8JsonWriter w, ModelRequest request)
        {
            w.WriteStartArray();
            WriteSystem(w, request.SystemPrompt);
            foreach (var message in request.Messages) WriteMessage(w, message);
            w.WriteEndArray();
        }

        // One system message whose text parts carry cache_control when a cache point follows them.
        private static void WriteSystem(Utf8JsonWriter w, IReadOnlyList<ContentBlock> system)
        {
            if (!system.OfType<TextBlock>().Any()) return;
            w.WriteStartObject();
            w.WriteString("role", "system");
            w.WriteStartArray("content");
            for (var i = 0; i < system.Count; i++)
            {
                if (system[i] is not TextBlock text) continue;
                w.WriteStartObject();
                w.WriteString("type", "text");
                w.WriteString("text", text.Text);
                if (i + 1 < system.Count && system[i + 1] is CachePointBlock cache) WriteCacheControl(w, cache);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static void WriteCacheControl(Utf8JsonWriter w, CachePointBlock cache)
        {
            w.WriteStartObject("cache_control");
            w.WriteString("type", "ephemeral");
            if (cache.Ttl != null) w.WriteString("ttl", cache.Ttl);
            w.WriteEndObject();
        }

        private static void WriteMessage(Utf8JsonWriter w, Message message)
        {
            var role = message.Role == Role.User ? "user" : "assistant";
            var parts = message.Content.Where(b => b is TextBlock or ImageBlock).ToList();
            var toolUses = message.ToolUses.ToList();

            if (parts.Count > 0 || toolUses.Count > 0)
            {
                w.WriteStartObject();
                w.WriteString("role", role);
                if (parts.Count > 0)
                {
                    w.WriteStartArray("content");
                    for (var i = 0; i < parts.Count; i++)
                    {
                        WritePart(w, parts[i]);
                    }
                    w.WriteEndArray();
                }
                else
                {
                    w.WriteNull("content");
                }
                if (toolUses.Count > 0)
                {
                    w.WriteStartArray("tool_calls");
                    foreach (var use in toolUses)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", use.ToolUseId);
                        w.WriteString("type", "function");
                        w.WriteStartObject("function");
                        w.WriteString("name", use.Name);
                        w.WriteString("arguments", use.Input.ValueKind == JsonValueKind.Undefined ? "{}" : use.Input.GetRawText());
                        w.WriteEndObject();
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }

            foreach (var result in message.ToolResults)
            {
                w.WriteStartObject();
                w.WriteString("role", "tool");
                w.WriteString("tool_call_id", result.ToolUseId);
                w.WriteString("content", result.ToText());
                w.WriteEndObject();
            }
        }

        private static void WritePart(Utf8JsonWriter w, ContentBlock block)
        {
            w.WriteStartObject();
            switch (block)
            {
                case TextBlock text:
                    w.WriteString("type", "text");
                    w.WriteString("text", text.Text);
                    break;
                case ImageBlock image:
                    var mime = ImageMime(image.Format);
                    w.WriteString("type", "image_url");
                    w.WriteStartObject("image_url");
                    w.WriteString("url", $"data:{mime};base64,{Convert.ToBase64String(image.Bytes.ToArray())}");
                    w.WriteString("detail", "auto");
                    w.WriteEndObject();
                    break;
            }
            w.WriteEndObject();
        }

        internal static string ImageMime(string format) => format.ToLowerInvariant() switch
        {
            "jpg" or "jpeg" => "image/jpeg",
            "png" => "image/png",
            "gif" => "image/gif",
            "webp" => "image/webp",
            _ => "application/octet-stream",
        };
    }
}
