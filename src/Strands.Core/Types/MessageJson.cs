using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Encodings.Web;

namespace Strands.Types
{
    /// <summary>
    /// Reads and writes messages in Strands' own JSON shape (Bedrock-style content blocks:
    /// <c>{"role":"user","content":[{"text":...},{"image":{...}},{"document":{...}},{"toolUse":{...}},{"toolResult":{...}}]}</c>),
    /// so saved sessions look like the Python SDK's and survive a round trip exactly.
    /// </summary>
    public static class MessageJson
    {
        internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

        /// <summary>Writes one message.</summary>
        public static void Write(Utf8JsonWriter w, Message message)
        {
            w.WriteStartObject();
            w.WriteString("role", message.Role == Role.User ? "user" : "assistant");
            w.WriteStartArray("content");
            foreach (var block in message.Content) WriteBlock(w, block);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static void WriteBlock(Utf8JsonWriter w, ContentBlock block)
        {
            w.WriteStartObject();
            switch (block)
            {
                case TextBlock t:
                    w.WriteString("text", t.Text);
                    break;
                case ToolUseBlock u:
                    w.WriteStartObject("toolUse");
                    w.WriteString("toolUseId", u.ToolUseId);
                    w.WriteString("name", u.Name);
                    w.WritePropertyName("input");
                    if (u.Input.ValueKind == JsonValueKind.Undefined) { w.WriteStartObject(); w.WriteEndObject(); }
                    else u.Input.WriteTo(w);
                    if (u.ReasoningSignature != null) w.WriteString("reasoningSignature", u.ReasoningSignature);
                    w.WriteEndObject();
                    break;
                case ToolResultBlock r:
                    w.WriteStartObject("toolResult");
                    w.WriteString("toolUseId", r.ToolUseId);
                    w.WriteString("status", r.Status == ToolResultStatus.Success ? "success" : "error");
                    w.WriteStartArray("content");
                    foreach (var c in r.Content)
                    {
                        w.WriteStartObject();
                        if (c.Json is JsonElement json) { w.WritePropertyName("json"); json.WriteTo(w); }
                        else w.WriteString("text", c.Text ?? string.Empty);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                    break;
                case ReasoningBlock reasoning:
                    w.WriteStartObject("reasoningContent");
                    if (reasoning.RedactedContent != null) w.WriteString("redactedContent", reasoning.RedactedContent);
                    else
                    {
                        w.WriteStartObject("reasoningText");
                        w.WriteString("text", reasoning.Text);
                        if (reasoning.Signature != null) w.WriteString("signature", reasoning.Signature);
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                    break;
                case ImageBlock image:
                    w.WriteStartObject("image");
                    w.WriteString("format", image.Format);
                    if (image.Name != null) w.WriteString("name", image.Name);
                    w.WriteStartObject("source");
                    w.WriteBase64String("bytes", image.Bytes.Span);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
                case DocumentBlock document:
                    w.WriteStartObject("document");
                    w.WriteString("format", document.Format);
                    w.WriteString("name", document.Name);
                    w.WriteStartObject("source");
                    w.WriteBase64String("bytes", document.Bytes.Span);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
                case CachePointBlock cache:
                    w.WriteStartObject("cachePoint");
                    w.WriteString("type", cache.Type);
                    if (cache.Ttl != null) w.WriteString("ttl", cache.Ttl);
                    w.WriteEndObject();
                    break;
            }
            w.WriteEndObject();
        }

        /// <summary>Reads one message; throws <see cref="FormatException"/> naming what is wrong.</summary>
        public static Message Read(JsonElement e)
        {
            var role = Str(e, "role") switch
            {
                "user" => Role.User,
                "assistant" => Role.Assistant,
                var other => throw new FormatException($"Unknown message role '{other}'."),
            };
            if (!e.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
                throw new FormatException("A message needs a content array.");
            var blocks = new List<ContentBlock>();
            foreach (var b in content.EnumerateArray()) blocks.Add(ReadBlock(b));
            return new Message(role, blocks.ToArray());
        }

        private static ContentBlock ReadBlock(JsonElement b)
        {
            if (b.TryGetProperty("text", out var text)) return new TextBlock(text.GetString() ?? string.Empty);
            if (b.TryGetProperty("toolUse", out var use))
                return new ToolUseBlock(Str(use, "toolUseId"), Str(use, "name"), use.TryGetProperty("input", out var input) ? input.Clone() : default,
                    ReasoningSignature: use.TryGetProperty("reasoningSignature", out var sig) ? sig.GetString() : null);
            if (b.TryGetProperty("toolResult", out var result))
            {
                var items = new List<ToolResultContent>();
                if (result.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.Array)
                    foreach (var item in c.EnumerateArray())
                        items.Add(item.TryGetProperty("json", out var json) ? ToolResultContent.FromJson(json.Clone()) : ToolResultContent.FromText(item.TryGetProperty("text", out var t) ? t.GetString() ?? "" : ""));
                return new ToolResultBlock(Str(result, "toolUseId"), Str(result, "status") == "error" ? ToolResultStatus.Error : ToolResultStatus.Success, items.ToArray());
            }
            if (b.TryGetProperty("reasoningContent", out var reasoning))
            {
                if (reasoning.TryGetProperty("redactedContent", out var redacted)) return new ReasoningBlock(string.Empty, RedactedContent: redacted.GetString());
                var rt = reasoning.GetProperty("reasoningText");
                return new ReasoningBlock(Str(rt, "text"), rt.TryGetProperty("signature", out var s) ? s.GetString() : null);
            }
            if (b.TryGetProperty("image", out var image))
                return new ImageBlock(Str(image, "format"), Convert.FromBase64String(Str(image.GetProperty("source"), "bytes")),
                    image.TryGetProperty("name", out var imageName) && imageName.ValueKind == JsonValueKind.String ? imageName.GetString() : null);
            if (b.TryGetProperty("document", out var document))
                return new DocumentBlock(Str(document, "format"), Str(document, "name"), Convert.FromBase64String(Str(document.GetProperty("source"), "bytes")));
            if (b.TryGetProperty("cachePoint", out var cache))
                return new CachePointBlock(cache.TryGetProperty("type", out var type) ? type.GetString() ?? "default" : "default", cache.TryGetProperty("ttl", out var ttl) ? ttl.GetString() : null);
            throw new FormatException("Unknown content block: " + b.GetRawText());
        }

        private static string Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"'{name}' is missing.");
    }
}
