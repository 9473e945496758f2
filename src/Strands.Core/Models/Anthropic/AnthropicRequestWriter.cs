using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Strands.Models.Common;
using Strands.Types;

namespace Strands.Models.Anthropic
{
    /// <summary>
    /// Writes a Messages API body from the internal content model, following LiteLLM's
    /// <c>anthropic_messages_pt</c> and <c>map_openai_params</c> (docs/wire-formats.md, Anthropic Messages).
    /// It sends strictly: nothing the API would reject for shape (empty text, unsigned thinking,
    /// ids outside <c>[a-zA-Z0-9_-]</c>, tool_choice without tools, duplicate keys) goes out.
    /// </summary>
    internal static class AnthropicRequestWriter
    {
        /// <summary>The output limit when neither the params nor the price table give one (LiteLLM's DEFAULT_ANTHROPIC_CHAT_MAX_TOKENS).</summary>
        public const int FallbackMaxTokens = 4096;

        // OpenAI-style params this writer maps itself; the rest of Params passes through as-is.
        private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal)
        {
            "max_tokens", "max_completion_tokens", "stop", "stream", "stream_options", "parallel_tool_calls", "user",
            ReasoningEffort.ParamName,
        };

        /// <summary>Writes the body.</summary>
        /// <param name="modelName">The model name sent on the wire.</param>
        /// <param name="request">Conversation, system prompt, tools.</param>
        /// <param name="parameters">The model's Params (a JSON object, OpenAI-style names accepted).</param>
        /// <param name="stream">Whether to ask for SSE.</param>
        /// <param name="defaultMaxTokens">max_tokens when the params set none.</param>
        /// <param name="bodyVersion">An <c>anthropic_version</c> sent in the body in place of the model, which the URL names (Claude on Vertex AI); null for the Messages API.</param>
        public static byte[] Write(string modelName, ModelRequest request, JsonElement? parameters, bool stream, int defaultMaxTokens, string? bodyVersion = null)
        {
            var p = parameters is JsonElement e && e.ValueKind == JsonValueKind.Object ? e : default;
            var has = p.ValueKind == JsonValueKind.Object;
            var effort = EffortThinking(modelName, p);

            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                if (bodyVersion != null) w.WriteString("anthropic_version", bodyVersion);
                else if (!Has(p, "model")) w.WriteString("model", modelName);
                w.WriteNumber("max_tokens", MaxTokens(p, ReasoningEffort.MaxTokensForThinking(p, effort?.BudgetTokens) ?? defaultMaxTokens));
                if (!Has(p, "system")) WriteSystem(w, request.SystemPrompt);
                if (!Has(p, "messages")) WriteMessages(w, request.Messages);
                if (request.Tools.Count > 0)
                {
                    if (!Has(p, "tools")) WriteTools(w, request.Tools);
                    if (!Has(p, "tool_choice")) WriteToolChoice(w, request.ToolChoice, p, effort != null || ThinkingEnabled(p));
                }
                w.WriteBoolean("stream", stream);
                if (has) WriteParameters(w, p);
                if (effort is ClaudeThinking thinking) thinking.Write(w, !Has(p, "output_config"));
                w.WriteEndObject();
            }
            return buffer.ToArray();
        }

        // reasoning_effort becomes thinking unless the params set thinking themselves, which wins.
        private static ClaudeThinking? EffortThinking(string modelName, JsonElement p) =>
            !Has(p, "thinking") && ReasoningEffort.Read(p) is Effort effort ? ClaudeThinking.For(modelName, effort) : null;

        private static bool Has(JsonElement p, string name) =>
            p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

        private static readonly string[] MaxTokensNames = { "max_tokens", "max_completion_tokens" };

        // max_tokens is required by the API. Floats are rounded and the minimum is 1, as LiteLLM does.
        private static long MaxTokens(JsonElement p, long defaultMaxTokens)
        {
            foreach (var name in MaxTokensNames)
            {
                if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number)
                    return Math.Max(1, (long)Math.Round(v.GetDouble(), MidpointRounding.AwayFromZero));
            }
            return defaultMaxTokens;
        }

        private static void WriteParameters(Utf8JsonWriter w, JsonElement p)
        {
            foreach (var prop in p.EnumerateObject())
            {
                if (prop.Value.ValueKind == JsonValueKind.Null) continue;
                if (!Mapped.Contains(prop.Name))
                {
                    prop.WriteTo(w);
                    continue;
                }
                switch (prop.Name)
                {
                    case "stop" when !Has(p, "stop_sequences"):
                        w.WriteStartArray("stop_sequences");
                        if (prop.Value.ValueKind == JsonValueKind.Array)
                        {
                            foreach (var s in prop.Value.EnumerateArray()) s.WriteTo(w);
                        }
                        else prop.Value.WriteTo(w);
                        w.WriteEndArray();
                        break;
                    case "user" when !Has(p, "metadata") && prop.Value.ValueKind == JsonValueKind.String:
                        w.WriteStartObject("metadata");
                        w.WriteString("user_id", prop.Value.GetString());
                        w.WriteEndObject();
                        break;
                    // max_tokens and stream are written above; stream_options is OpenAI-only
                    // and parallel_tool_calls lives in tool_choice.
                }
            }
        }

        // One text block per system text; a cache point marks the text before it.
        private static void WriteSystem(Utf8JsonWriter w, IReadOnlyList<ContentBlock> system)
        {
            var any = false;
            for (var i = 0; i < system.Count; i++)
            {
                if (system[i] is not TextBlock text || string.IsNullOrWhiteSpace(text.Text)) continue;
                if (!any)
                {
                    w.WriteStartArray("system");
                    any = true;
                }
                w.WriteStartObject();
                w.WriteString("type", "text");
                w.WriteString("text", text.Text);
                if (NextCachePoint(system, i) is CachePointBlock cache) WriteCacheControl(w, cache);
                w.WriteEndObject();
            }
            if (any) w.WriteEndArray();
        }

        // The cache point that follows block i before the next sendable text, if any.
        private static CachePointBlock? NextCachePoint(IReadOnlyList<ContentBlock> system, int i)
        {
            for (var j = i + 1; j < system.Count; j++)
            {
                if (system[j] is CachePointBlock cache) return cache;
                if (system[j] is TextBlock t && !string.IsNullOrWhiteSpace(t.Text)) return null;
            }
            return null;
        }

        private static void WriteCacheControl(Utf8JsonWriter w, CachePointBlock cache)
        {
            w.WriteStartObject("cache_control");
            w.WriteString("type", "ephemeral");
            if (!string.IsNullOrEmpty(cache.Ttl)) w.WriteString("ttl", cache.Ttl);
            w.WriteEndObject();
        }

        private sealed class Turn
        {
            public Turn(Role role) => Role = role;
            public Role Role { get; }
            public List<(ContentBlock Block, CachePointBlock? Cache)> Blocks { get; } = new();
        }

        private static void WriteMessages(Utf8JsonWriter w, IReadOnlyList<Message> messages)
        {
            var turns = BuildTurns(messages);
            w.WriteStartArray("messages");
            // Anthropic requires the first message to be the user's. After the conversation window
            // drops old turns the history can start with the assistant; a placeholder user turn
            // keeps the rest intact (LiteLLM and Strands' Anthropic provider do the same).
            if (turns.Count > 0 && turns[0].Role == Role.Assistant)
            {
                w.WriteStartObject();
                w.WriteString("role", "user");
                w.WriteStartArray("content");
                w.WriteStartObject();
                w.WriteString("type", "text");
                w.WriteString("text", ".");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }
            foreach (var turn in turns) WriteTurn(w, turn);
            w.WriteEndArray();
        }

        // Merges consecutive same-role messages (the API wants alternating turns) and attaches
        // each cache point to the block before it. Blocks the API would reject are left out, and a
        // message left empty adds no turn.
        private static List<Turn> BuildTurns(IReadOnlyList<Message> messages)
        {
            var turns = new List<Turn>(messages.Count);
            foreach (var message in messages)
            {
                foreach (var block in message.Content)
                {
                    var current = turns.Count > 0 && turns[turns.Count - 1].Role == message.Role ? turns[turns.Count - 1] : null;
                    if (block is CachePointBlock cache)
                    {
                        if (current != null) MarkLastCacheable(current, cache);
                        continue;
                    }
                    if (!IsSendable(block)) continue;
                    if (current == null)
                    {
                        current = new Turn(message.Role);
                        turns.Add(current);
                    }
                    current.Blocks.Add((block, null));
                }
            }
            return turns;
        }

        // Thinking blocks cannot carry cache_control, so the marker goes to the nearest block before that can.
        private static void MarkLastCacheable(Turn turn, CachePointBlock cache)
        {
            for (var i = turn.Blocks.Count - 1; i >= 0; i--)
            {
                if (turn.Blocks[i].Block is ReasoningBlock) continue;
                turn.Blocks[i] = (turn.Blocks[i].Block, cache);
                return;
            }
        }

        private static bool IsSendable(ContentBlock block) => block switch
        {
            TextBlock t => !string.IsNullOrWhiteSpace(t.Text),
            // Thinking without Anthropic's signature (another provider's reasoning) is rejected by
            // the API, so only signed or redacted reasoning is sent back.
            ReasoningBlock r => !string.IsNullOrEmpty(r.RedactedContent) || !string.IsNullOrEmpty(r.Signature),
            ToolUseBlock or ToolResultBlock or ImageBlock or DocumentBlock => true,
            _ => false,
        };

        private static void WriteTurn(Utf8JsonWriter w, Turn turn)
        {
            w.WriteStartObject();
            w.WriteString("role", turn.Role == Role.User ? "user" : "assistant");
            w.WriteStartArray("content");
            // The API requires tool results first in a user turn and thinking first in an assistant turn.
            foreach (var (block, cache) in turn.Blocks)
                if (GoesFirst(block)) WriteBlock(w, block, cache);
            foreach (var (block, cache) in turn.Blocks)
                if (!GoesFirst(block)) WriteBlock(w, block, cache);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static bool GoesFirst(ContentBlock block) => block is ToolResultBlock or ReasoningBlock;

        private static void WriteBlock(Utf8JsonWriter w, ContentBlock block, CachePointBlock? cache)
        {
            w.WriteStartObject();
            switch (block)
            {
                case TextBlock text:
                    w.WriteString("type", "text");
                    w.WriteString("text", text.Text);
                    break;
                case ReasoningBlock reasoning when !string.IsNullOrEmpty(reasoning.RedactedContent):
                    w.WriteString("type", "redacted_thinking");
                    w.WriteString("data", reasoning.RedactedContent);
                    break;
                case ReasoningBlock reasoning:
                    w.WriteString("type", "thinking");
                    w.WriteString("thinking", reasoning.Text);
                    w.WriteString("signature", reasoning.Signature);
                    break;
                case ToolUseBlock use:
                    w.WriteString("type", "tool_use");
                    w.WriteString("id", SanitizeId(use.ToolUseId));
                    w.WriteString("name", use.Name);
                    w.WritePropertyName("input");
                    if (use.Input.ValueKind == JsonValueKind.Object) use.Input.WriteTo(w);
                    else
                    {
                        w.WriteStartObject();
                        w.WriteEndObject();
                    }
                    break;
                case ToolResultBlock result:
                    WriteToolResult(w, result);
                    break;
                case ImageBlock image:
                    w.WriteString("type", "image");
                    w.WriteStartObject("source");
                    w.WriteString("type", "base64");
                    w.WriteString("media_type", ImageMediaType.Of(image.Format) ?? "image/" + image.Format.ToLowerInvariant());
                    w.WriteBase64String("data", image.Bytes.Span);
                    w.WriteEndObject();
                    break;
                case DocumentBlock document:
                    WriteDocument(w, document);
                    break;
            }
            if (cache != null && block is not ReasoningBlock) WriteCacheControl(w, cache);
            w.WriteEndObject();
        }

        // A PDF goes as a base64 source; text formats (txt, md, csv, html) as a plain-text source,
        // the only other document source the Messages API takes. The file name is the title.
        private static void WriteDocument(Utf8JsonWriter w, DocumentBlock document)
        {
            w.WriteString("type", "document");
            w.WriteStartObject("source");
            if (DocumentMediaType.IsText(document.Format))
            {
                w.WriteString("type", "text");
                w.WriteString("media_type", "text/plain");
                // The text without a UTF-8 byte order mark, which would otherwise lead the document.
                var bytes = document.Bytes.Span;
                if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) bytes = bytes.Slice(3);
                w.WriteString("data", System.Text.Encoding.UTF8.GetString(bytes.ToArray()));
            }
            else
            {
                w.WriteString("type", "base64");
                w.WriteString("media_type", DocumentMediaType.Of(document.Format));
                w.WriteBase64String("data", document.Bytes.Span);
            }
            w.WriteEndObject();
            w.WriteString("title", document.Name);
        }

        // content is a string for one item and text blocks for several; empty items are left out
        // because the API rejects empty text.
        private static void WriteToolResult(Utf8JsonWriter w, ToolResultBlock result)
        {
            w.WriteString("type", "tool_result");
            w.WriteString("tool_use_id", SanitizeId(result.ToolUseId));
            var items = new List<string>(result.Content.Count);
            foreach (var item in result.Content)
            {
                var text = item.Text ?? (item.Json is JsonElement json ? json.GetRawText() : null);
                if (!string.IsNullOrWhiteSpace(text)) items.Add(text!);
            }
            if (items.Count == 1) w.WriteString("content", items[0]);
            else if (items.Count > 1)
            {
                w.WriteStartArray("content");
                foreach (var text in items)
                {
                    w.WriteStartObject();
                    w.WriteString("type", "text");
                    w.WriteString("text", text);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            if (result.Status == ToolResultStatus.Error) w.WriteBoolean("is_error", true);
        }

        private static void WriteTools(Utf8JsonWriter w, IReadOnlyList<ToolSpec> tools)
        {
            w.WriteStartArray("tools");
            foreach (var tool in tools)
            {
                w.WriteStartObject();
                w.WriteString("name", tool.Name);
                if (!string.IsNullOrEmpty(tool.Description)) w.WriteString("description", tool.Description);
                w.WritePropertyName("input_schema");
                if (tool.InputSchema.ValueKind == JsonValueKind.Object) tool.InputSchema.WriteTo(w);
                else
                {
                    w.WriteStartObject();
                    w.WriteString("type", "object");
                    w.WriteStartObject("properties");
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        // OpenAI's parallel_tool_calls=false becomes disable_parallel_tool_use on the choice, which
        // then has to be sent even when the caller left the choice to the model.
        private static void WriteToolChoice(Utf8JsonWriter w, ToolChoice? choice, JsonElement p, bool thinking)
        {
            var serial = p.ValueKind == JsonValueKind.Object && p.TryGetProperty("parallel_tool_calls", out var v) && v.ValueKind == JsonValueKind.False;
            // The API rejects a forced tool while thinking is on. The loop forces only its
            // structured-output tool, offered alone, so "auto" still leads the model to it.
            if (choice is AnyToolChoice or NamedToolChoice && thinking) choice = ToolChoice.Auto;
            if (choice is null && !serial) return;
            w.WriteStartObject("tool_choice");
            switch (choice)
            {
                case AnyToolChoice:
                    w.WriteString("type", "any");
                    break;
                case NamedToolChoice named:
                    w.WriteString("type", "tool");
                    w.WriteString("name", named.Name);
                    break;
                default:
                    w.WriteString("type", "auto");
                    break;
            }
            if (serial) w.WriteBoolean("disable_parallel_tool_use", true);
            w.WriteEndObject();
        }

        private static bool ThinkingEnabled(JsonElement p) =>
            p.ValueKind == JsonValueKind.Object && p.TryGetProperty("thinking", out var thinking)
            && thinking.ValueKind == JsonValueKind.Object
            && !(thinking.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("disabled"));

        /// <summary>
        /// Tool ids must match <c>^[a-zA-Z0-9_-]+$</c>; ids minted by other providers (a history that
        /// switched models) may not, so other characters become '_' as LiteLLM does. The same
        /// mapping on both sides keeps each tool_result paired with its tool_use.
        /// </summary>
        internal static string SanitizeId(string id)
        {
            if (string.IsNullOrEmpty(id)) return "_";
            var clean = true;
            foreach (var c in id) clean &= IsIdChar(c);
            if (clean) return id;
            var chars = id.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
                if (!IsIdChar(chars[i])) chars[i] = '_';
            return new string(chars);
        }

        private static bool IsIdChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-';
    }
}
