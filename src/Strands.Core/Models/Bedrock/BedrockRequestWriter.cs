using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Strands.Models.Common;
using Strands.Types;

namespace Strands.Models.Bedrock
{
    /// <summary>
    /// Writes a Converse / ConverseStream body from the internal content model (which mirrors
    /// Converse), the way LiteLLM's AmazonConverseConfig shapes it (docs/wire-formats.md, Bedrock Converse).
    /// Strict on purpose: Bedrock rejects unknown top-level fields, so OpenAI-style parameters are
    /// mapped into inferenceConfig and every other parameter goes to additionalModelRequestFields.
    /// </summary>
    internal static class BedrockRequestWriter
    {
        // Converse fields a caller may set directly in the model parameters; sent as given.
        private static readonly HashSet<string> ConverseFields = new(StringComparer.Ordinal)
        {
            "guardrailConfig", "performanceConfig", "requestMetadata", "serviceTier", "outputConfig",
            "promptVariables", "additionalModelResponseFieldPaths",
        };

        // Handled by the adapter, never part of the body.
        private static readonly HashSet<string> TransportParams = new(StringComparer.Ordinal) { "stream", "stream_options" };

        /// <summary>Writes the body.</summary>
        /// <param name="modelId">The model id, which decides how reasoning_effort is sent.</param>
        /// <param name="request">Conversation, system prompt, tools.</param>
        /// <param name="parameters">The model's Params (a JSON object).</param>
        public static byte[] Write(string modelId, ModelRequest request, JsonElement? parameters)
        {
            var p = parameters is JsonElement e && e.ValueKind == JsonValueKind.Object ? e : (JsonElement?)null;
            var reasoning = Reasoning(modelId, p);
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WritePropertyName("messages");
                WriteMessages(w, request.Messages);
                WriteSystem(w, request.SystemPrompt);
                WriteInferenceConfig(w, p, reasoning?.Thinking?.BudgetTokens);
                WriteToolConfig(w, request);
                WriteAdditionalFields(w, p, reasoning);
                if (p is JsonElement given)
                    foreach (var prop in given.EnumerateObject())
                        if (ConverseFields.Contains(prop.Name) && prop.Value.ValueKind != JsonValueKind.Null) prop.WriteTo(w);
                w.WriteEndObject();
            }
            return buffer.ToArray();
        }

        // Converse wants strictly alternating roles, so consecutive messages of one role become one
        // turn (LiteLLM merges them too); blank text is dropped because Bedrock rejects it.
        private static void WriteMessages(Utf8JsonWriter w, IReadOnlyList<Message> messages)
        {
            w.WriteStartArray();
            var turn = new List<ContentBlock>();
            Role? role = null;
            foreach (var message in messages)
            {
                if (role != message.Role) Flush();
                role = message.Role;
                foreach (var block in message.Content)
                    if (block is not TextBlock { Text: var text } || !string.IsNullOrWhiteSpace(text)) turn.Add(block);
            }
            Flush();
            w.WriteEndArray();

            void Flush()
            {
                if (role is Role r && turn.Count > 0)
                {
                    w.WriteStartObject();
                    w.WriteString("role", r == Role.User ? "user" : "assistant");
                    w.WriteStartArray("content");
                    foreach (var block in turn) WriteBlock(w, block);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                turn.Clear();
            }
        }

        private static void WriteBlock(Utf8JsonWriter w, ContentBlock block)
        {
            w.WriteStartObject();
            switch (block)
            {
                case TextBlock text:
                    w.WriteString("text", text.Text);
                    break;
                case ToolUseBlock use:
                    w.WriteStartObject("toolUse");
                    w.WriteString("toolUseId", use.ToolUseId);
                    w.WriteString("name", use.Name);
                    w.WritePropertyName("input");
                    if (use.Input.ValueKind == JsonValueKind.Undefined) { w.WriteStartObject(); w.WriteEndObject(); }
                    else use.Input.WriteTo(w);
                    w.WriteEndObject();
                    break;
                case ToolResultBlock result:
                    w.WriteStartObject("toolResult");
                    w.WriteString("toolUseId", result.ToolUseId);
                    w.WriteStartArray("content");
                    foreach (var item in result.Content)
                    {
                        w.WriteStartObject();
                        if (item.Json is JsonElement json) { w.WritePropertyName("json"); json.WriteTo(w); }
                        else w.WriteString("text", item.Text ?? string.Empty);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteString("status", result.Status == ToolResultStatus.Error ? "error" : "success");
                    w.WriteEndObject();
                    break;
                case ReasoningBlock reasoning:
                    w.WriteStartObject("reasoningContent");
                    if (reasoning.RedactedContent != null)
                    {
                        w.WriteString("redactedContent", reasoning.RedactedContent);
                    }
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
                    w.WriteString("format", ImageFormat(image.Format));
                    w.WriteStartObject("source");
                    w.WriteBase64String("bytes", image.Bytes.Span);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
                case DocumentBlock document:
                    w.WriteStartObject("document");
                    w.WriteString("format", document.Format);
                    w.WriteString("name", DocumentName(document.Name));
                    w.WriteStartObject("source");
                    w.WriteBase64String("bytes", document.Bytes.Span);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
                case CachePointBlock cache:
                    WriteCachePoint(w, cache);
                    break;
            }
            w.WriteEndObject();
        }

        // Converse takes a document name of letters, digits, single whitespace characters, hyphens,
        // parentheses and square brackets, 1-200 long: the file name without its extension, every
        // other character a hyphen, whitespace runs one space ("Q3 report_v2.pdf" -> "Q3 report-v2").
        internal static string DocumentName(string fileName)
        {
            var stem = System.IO.Path.GetFileNameWithoutExtension(fileName);
            var name = new System.Text.StringBuilder(stem.Length);
            foreach (var c in stem)
            {
                if (char.IsWhiteSpace(c))
                {
                    if (name.Length > 0 && name[name.Length - 1] != ' ') name.Append(' ');
                }
                else name.Append((char.IsLetterOrDigit(c) && c < 128) || c is '-' or '(' or ')' or '[' or ']' ? c : '-');
            }
            var result = name.ToString().Trim();
            if (result.Length > 200) result = result.Substring(0, 200).TrimEnd();
            return result.Length == 0 ? "document" : result;
        }

        private static void WriteCachePoint(Utf8JsonWriter w, CachePointBlock cache)
        {
            w.WriteStartObject("cachePoint");
            w.WriteString("type", cache.Type);
            if (cache.Ttl != null) w.WriteString("ttl", cache.Ttl);
            w.WriteEndObject();
        }

        private static void WriteSystem(Utf8JsonWriter w, IReadOnlyList<ContentBlock> system)
        {
            var any = false;
            foreach (var block in system)
            {
                if (block is TextBlock text && string.IsNullOrWhiteSpace(text.Text)) continue;
                if (block is not (TextBlock or CachePointBlock)) continue;
                if (!any) { w.WriteStartArray("system"); any = true; }
                w.WriteStartObject();
                if (block is TextBlock t) w.WriteString("text", t.Text);
                else WriteCachePoint(w, (CachePointBlock)block);
                w.WriteEndObject();
            }
            if (any) w.WriteEndArray();
        }

        // LiteLLM's map_openai_params: max_tokens|max_completion_tokens → maxTokens, top_p → topP,
        // stop (a string or a list; "" skipped) → stopSequences. Extended thinking needs room
        // beyond its budget, so without an explicit limit maxTokens = budget + 4096 as in LiteLLM.
        private static void WriteInferenceConfig(Utf8JsonWriter w, JsonElement? parameters, int? effortBudget)
        {
            if (parameters is not JsonElement p) return;
            JsonElement? maxTokens = null, temperature = null, topP = null, stop = null;
            foreach (var prop in p.EnumerateObject())
            {
                switch (InferenceKey(prop.Name))
                {
                    case "maxTokens": maxTokens = prop.Value; break;
                    case "temperature": temperature = prop.Value; break;
                    case "topP": topP = prop.Value; break;
                    case "stopSequences": stop = prop.Value; break;
                }
            }
            var thinkingMax = maxTokens is null ? ReasoningEffort.MaxTokensForThinking(p, effortBudget) : null;

            var stops = StopSequences(stop);
            if (!IsNumber(maxTokens) && thinkingMax is null && !IsNumber(temperature) && !IsNumber(topP) && stops.Count == 0) return;
            w.WriteStartObject("inferenceConfig");
            if (IsNumber(maxTokens)) { w.WritePropertyName("maxTokens"); maxTokens!.Value.WriteTo(w); }
            else if (thinkingMax is long max) w.WriteNumber("maxTokens", max);
            if (IsNumber(temperature)) { w.WritePropertyName("temperature"); temperature!.Value.WriteTo(w); }
            if (IsNumber(topP)) { w.WritePropertyName("topP"); topP!.Value.WriteTo(w); }
            if (stops.Count > 0)
            {
                w.WriteStartArray("stopSequences");
                foreach (var s in stops) w.WriteStringValue(s);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }

        /// <summary>The inferenceConfig field a parameter maps to, or null when it is not one.</summary>
        private static string? InferenceKey(string name) => name switch
        {
            "max_tokens" or "max_completion_tokens" or "maxTokens" => "maxTokens",
            "temperature" => "temperature",
            "top_p" or "topP" => "topP",
            "stop" or "stop_sequences" or "stopSequences" => "stopSequences",
            _ => null,
        };

        private static bool IsNumber(JsonElement? value) => value is { ValueKind: JsonValueKind.Number };

        private static List<string> StopSequences(JsonElement? stop)
        {
            var list = new List<string>();
            if (stop is not JsonElement s) return list;
            if (s.ValueKind == JsonValueKind.String && s.GetString() is { Length: > 0 } one) list.Add(one);
            else if (s.ValueKind == JsonValueKind.Array)
                foreach (var item in s.EnumerateArray())
                    if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } value) list.Add(value);
            return list;
        }

        // What reasoning_effort becomes (null when it is not set). gpt-oss takes it as it is; for
        // other models thinking or reasoningConfig set in the params wins, and the effort is then
        // not sent at all, as the model would reject the unknown field.
        private static BedrockReasoning? Reasoning(string modelId, JsonElement? parameters)
        {
            if (ReasoningEffort.Read(parameters) is not Effort effort) return null;
            var mapped = BedrockReasoning.For(modelId, effort);
            if (mapped.ReasoningEffort != null) return mapped;
            var p = parameters!.Value;
            var explicitFields = p.TryGetProperty("additionalModelRequestFields", out var extra) && extra.ValueKind == JsonValueKind.Object ? extra : default;
            foreach (var name in new[] { "thinking", "reasoningConfig" })
            {
                if (p.TryGetProperty(name, out _)) return default(BedrockReasoning);
                if (explicitFields.ValueKind == JsonValueKind.Object && explicitFields.TryGetProperty(name, out _)) return default(BedrockReasoning);
            }
            return mapped;
        }

        private static void WriteToolConfig(Utf8JsonWriter w, ModelRequest request)
        {
            if (request.Tools.Count == 0) return;
            w.WriteStartObject("toolConfig");
            w.WriteStartArray("tools");
            foreach (var tool in request.Tools)
            {
                w.WriteStartObject();
                w.WriteStartObject("toolSpec");
                w.WriteString("name", tool.Name);
                // Bedrock requires a non-empty description; LiteLLM falls back to the name.
                w.WriteString("description", string.IsNullOrWhiteSpace(tool.Description) ? tool.Name : tool.Description);
                w.WriteStartObject("inputSchema");
                w.WritePropertyName("json");
                tool.InputSchema.WriteTo(w);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            switch (request.ToolChoice)
            {
                case AutoToolChoice:
                    w.WriteStartObject("toolChoice");
                    w.WriteStartObject("auto");
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
                case AnyToolChoice:
                    w.WriteStartObject("toolChoice");
                    w.WriteStartObject("any");
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
                case NamedToolChoice named:
                    w.WriteStartObject("toolChoice");
                    w.WriteStartObject("tool");
                    w.WriteString("name", named.Name);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
            }
            w.WriteEndObject();
        }

        // Everything that is neither an inferenceConfig parameter, a Converse field nor transport
        // goes to the model itself (thinking, top_k, anthropic_beta, reasoning_effort, ...); an
        // explicit additionalModelRequestFields object is merged in.
        // reasoning_effort itself goes only to gpt-oss; other models get what it maps to.
        private static void WriteAdditionalFields(Utf8JsonWriter w, JsonElement? parameters, BedrockReasoning? reasoning)
        {
            if (parameters is not JsonElement p) return;
            var any = false;
            foreach (var prop in p.EnumerateObject())
            {
                if (InferenceKey(prop.Name) != null || ConverseFields.Contains(prop.Name) || TransportParams.Contains(prop.Name)) continue;
                if (prop.Name == ReasoningEffort.ParamName && reasoning != null) continue;
                if (prop.Name == "additionalModelRequestFields")
                {
                    if (prop.Value.ValueKind != JsonValueKind.Object) continue;
                    foreach (var inner in prop.Value.EnumerateObject()) { Open(); inner.WriteTo(w); }
                    continue;
                }
                Open();
                prop.WriteTo(w);
            }
            if (reasoning is BedrockReasoning r)
            {
                if (r.ReasoningEffort is string passthrough) { Open(); w.WriteString(ReasoningEffort.ParamName, passthrough); }
                if (r.NovaEffort is string nova)
                {
                    Open();
                    w.WriteStartObject("reasoningConfig");
                    w.WriteString("type", "enabled");
                    w.WriteString("maxReasoningEffort", nova);
                    w.WriteEndObject();
                }
                if (r.Thinking is ClaudeThinking thinking)
                {
                    Open();
                    thinking.Write(w, !p.TryGetProperty("output_config", out _));
                }
            }
            if (any) w.WriteEndObject();

            void Open()
            {
                if (any) return;
                w.WriteStartObject("additionalModelRequestFields");
                any = true;
            }
        }

        private static string ImageFormat(string format) => format.ToLowerInvariant() switch
        {
            "jpg" => "jpeg",
            var f => f,
        };
    }
}
