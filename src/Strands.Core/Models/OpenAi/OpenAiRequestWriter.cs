using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using Strands.Internal;
using Strands.Models.Common;
using Strands.Types;

namespace Strands.Models.OpenAi
{
    /// <summary>
    /// Writes a chat-completions body from the internal content model, the way Strands' LiteLLM
    /// provider formats it (docs/agent-loop-semantics.md, Request shape on the OpenAI format), with two conscious fixes: an empty
    /// tools array is omitted (OpenAI rejects <c>"tools": []</c>) and <c>stream_options</c> is not
    /// sent when streaming is switched off (Azure rejects it then).
    /// </summary>
    internal static class OpenAiRequestWriter
    {
        public static byte[] Write(string modelName, ModelRequest request, JsonElement? parameters, bool stream)
        {
            using var buffer = new PooledBufferWriter();
            Write(buffer, modelName, request, parameters, stream);
            return buffer.WrittenSpan.ToArray();
        }

        /// <summary>Writes the request body into <paramref name="output"/> (the model's pooled buffer).</summary>
        public static void Write(IBufferWriter<byte> output, string modelName, ModelRequest request, JsonElement? parameters, bool stream)
        {
            // Only the parameters can override keys; without them no set is built for every call.
            HashSet<string>? overridden = null;
            if (parameters is JsonElement p && p.ValueKind == JsonValueKind.Object)
            {
                overridden = new HashSet<string>(StringComparer.Ordinal);
                foreach (var prop in p.EnumerateObject()) overridden.Add(prop.Name);
            }

            var w = WireJson.WriterFor(output);
            w.WriteStartObject();
            if (!Overrides(overridden, "messages")) { w.WritePropertyName("messages"); WriteMessages(w, request); }
            if (!Overrides(overridden, "model")) w.WriteString("model", modelName);
            if (!Overrides(overridden, "stream")) w.WriteBoolean("stream", stream);
            if (stream && !Overrides(overridden, "stream_options"))
            {
                w.WriteStartObject("stream_options");
                w.WriteBoolean("include_usage", true);
                w.WriteEndObject();
            }
            if (request.Tools.Count > 0 && !Overrides(overridden, "tools")) FunctionToolsWriter.Write(w, request.Tools);
            if (request.ToolChoice is ToolChoice choice && !Overrides(overridden, "tool_choice"))
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
            w.Flush();
        }

        private static bool Overrides(HashSet<string>? overridden, string key) => overridden != null && overridden.Contains(key);

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
            if (!HasText(system)) return;
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
            // Indexed loops over the blocks rather than LINQ lists: this runs for every message of
            // the history on every model call.
            var content = message.Content;
            var hasParts = false;
            var hasToolUses = false;
            for (var i = 0; i < content.Count; i++)
            {
                hasParts |= content[i] is TextBlock or ImageBlock or DocumentBlock;
                hasToolUses |= content[i] is ToolUseBlock;
            }

            if (hasParts || hasToolUses)
            {
                w.WriteStartObject();
                w.WriteString("role", message.Role == Role.User ? "user" : "assistant");
                if (hasParts)
                {
                    w.WriteStartArray("content");
                    for (var i = 0; i < content.Count; i++)
                    {
                        if (content[i] is TextBlock or ImageBlock or DocumentBlock) WritePart(w, content[i]);
                    }
                    w.WriteEndArray();
                }
                else
                {
                    w.WriteNull("content");
                }
                if (hasToolUses)
                {
                    w.WriteStartArray("tool_calls");
                    for (var i = 0; i < content.Count; i++)
                    {
                        if (content[i] is not ToolUseBlock use) continue;
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

            for (var i = 0; i < content.Count; i++)
            {
                if (content[i] is not ToolResultBlock result) continue;
                w.WriteStartObject();
                w.WriteString("role", "tool");
                w.WriteString("tool_call_id", result.ToolUseId);
                w.WriteString("content", result.ToText());
                w.WriteEndObject();
            }
        }

        private static bool HasText(IReadOnlyList<ContentBlock> blocks)
        {
            for (var i = 0; i < blocks.Count; i++)
            {
                if (blocks[i] is TextBlock) return true;
            }
            return false;
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
                    var mime = ImageMediaType.Of(image.Format) ?? ImageMediaType.Unknown;
                    w.WriteString("type", "image_url");
                    w.WriteStartObject("image_url");
                    w.WriteString("url", $"data:{mime};base64,{Convert.ToBase64String(image.Bytes.ToArray())}");
                    w.WriteString("detail", "auto");
                    w.WriteEndObject();
                    break;
                case DocumentBlock document:
                    // Strands' and LiteLLM's file part: the bytes as a data URI, with the file's name.
                    w.WriteString("type", "file");
                    w.WriteStartObject("file");
                    w.WriteString("file_data", $"data:{DocumentMediaType.Of(document.Format)};base64,{Convert.ToBase64String(document.Bytes.ToArray())}");
                    w.WriteString("filename", document.Name);
                    w.WriteEndObject();
                    break;
            }
            w.WriteEndObject();
        }
    }
}
