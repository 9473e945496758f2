using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Strands.Models.Common;
using Strands.Types;

namespace Strands.Models.Gemini
{
    /// <summary>
    /// Writes a <c>GenerateContentRequest</c> body (camelCase, as the REST reference spells it)
    /// from the internal content model.
    /// </summary>
    internal static class GeminiRequestWriter
    {
        // Google documents this value for function calls whose signature is unknown (history from
        // another model); Gemini 3 rejects a model turn with function calls and no signature at all.
        internal const string SkipSignatureValidator = "skip_thought_signature_validator";

        // OpenAI-style names (what Strands' params hold) and the generationConfig fields they become.
        private static readonly Dictionary<string, string> MappedParams = new(StringComparer.Ordinal)
        {
            ["max_tokens"] = "maxOutputTokens",
            ["max_completion_tokens"] = "maxOutputTokens",
            ["temperature"] = "temperature",
            ["top_p"] = "topP",
            ["top_k"] = "topK",
            ["stop"] = "stopSequences",
            ["seed"] = "seed",
            ["presence_penalty"] = "presencePenalty",
            ["frequency_penalty"] = "frequencyPenalty",
        };

        // Native generationConfig fields, passed through for users who write Gemini's own names.
        private static readonly HashSet<string> GenerationConfigFields = new(StringComparer.Ordinal)
        {
            "maxOutputTokens", "temperature", "topP", "topK", "stopSequences", "seed", "presencePenalty",
            "frequencyPenalty", "candidateCount", "thinkingConfig", "responseMimeType", "responseSchema",
            "responseJsonSchema", "responseModalities", "responseLogprobs", "logprobs", "mediaResolution",
            "speechConfig",
        };

        // Native top-level request fields the adapter does not build itself.
        private static readonly HashSet<string> TopLevelFields = new(StringComparer.Ordinal) { "safetySettings", "cachedContent" };

        /// <summary>Writes the body; <paramref name="ignored"/> receives the params Gemini has no use for.</summary>
        public static byte[] Write(string modelName, ModelRequest request, JsonElement? parameters, List<string>? ignored = null)
        {
            var generation = new List<KeyValuePair<string, JsonElement>>();
            var topLevel = new List<JsonProperty>();
            if (parameters is JsonElement p && p.ValueKind == JsonValueKind.Object)
                SortParams(p, generation, topLevel, ignored);
            // reasoning_effort becomes thinkingConfig unless the params give thinkingConfig, which wins.
            var thinking = !generation.Exists(f => f.Key == "thinkingConfig") && ReasoningEffort.Read(parameters) is Effort effort
                ? GeminiThinking.For(modelName, effort)
                : (GeminiThinking?)null;

            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
            {
                w.WriteStartObject();
                WriteContents(w, request.Messages, modelName.StartsWith("gemini-3", StringComparison.OrdinalIgnoreCase));
                WriteSystemInstruction(w, request.SystemPrompt);
                if (request.Tools.Count > 0)
                {
                    WriteTools(w, request.Tools);
                    if (request.ToolChoice is ToolChoice choice) WriteToolConfig(w, choice);
                }
                if (generation.Count > 0 || thinking != null)
                {
                    w.WriteStartObject("generationConfig");
                    foreach (var field in generation)
                    {
                        w.WritePropertyName(field.Key);
                        if (field.Key == "stopSequences") StopSequences.WriteAsList(w, field.Value);
                        else field.Value.WriteTo(w);
                    }
                    if (thinking is GeminiThinking t) WriteThinkingConfig(w, t);
                    w.WriteEndObject();
                }
                foreach (var field in topLevel) field.WriteTo(w);
                w.WriteEndObject();
            }
            return buffer.ToArray();
        }

        private static void WriteThinkingConfig(Utf8JsonWriter w, GeminiThinking thinking)
        {
            w.WriteStartObject("thinkingConfig");
            if (thinking.Budget is int budget) w.WriteNumber("thinkingBudget", budget);
            if (thinking.Level is string level) w.WriteString("thinkingLevel", level);
            if (thinking.IncludeThoughts is bool include) w.WriteBoolean("includeThoughts", include);
            w.WriteEndObject();
        }

        private static void SortParams(JsonElement parameters, List<KeyValuePair<string, JsonElement>> generation, List<JsonProperty> topLevel, List<string>? ignored)
        {
            foreach (var param in parameters.EnumerateObject())
            {
                if (param.Value.ValueKind == JsonValueKind.Null || param.Name == "stream" || param.Name == ReasoningEffort.ParamName) continue;
                if (MappedParams.TryGetValue(param.Name, out var field)) Set(generation, field, param.Value);
                else if (GenerationConfigFields.Contains(param.Name)) Set(generation, param.Name, param.Value);
                else if (param.Name == "generationConfig" && param.Value.ValueKind == JsonValueKind.Object)
                    foreach (var inner in param.Value.EnumerateObject()) Set(generation, inner.Name, inner.Value);
                else if (TopLevelFields.Contains(param.Name)) topLevel.Add(param);
                else ignored?.Add(param.Name);
            }
        }

        // Later params win, so max_tokens and maxOutputTokens together never write the key twice.
        private static void Set(List<KeyValuePair<string, JsonElement>> fields, string name, JsonElement value)
        {
            var at = fields.FindIndex(f => f.Key == name);
            if (at >= 0) fields[at] = new KeyValuePair<string, JsonElement>(name, value);
            else fields.Add(new KeyValuePair<string, JsonElement>(name, value));
        }

        private static void WriteContents(Utf8JsonWriter w, IReadOnlyList<Message> messages, bool needsSignature)
        {
            // Gemini wants strictly alternating turns, so consecutive same-role messages share one
            // Content; messages that contribute no parts (only cache points) are skipped.
            var turns = new List<(Role Role, List<ContentBlock> Blocks)>();
            foreach (var message in messages)
            {
                var blocks = message.Content.Where(IsSent).ToList();
                if (blocks.Count == 0) continue;
                if (turns.Count > 0 && turns[turns.Count - 1].Role == message.Role) turns[turns.Count - 1].Blocks.AddRange(blocks);
                else turns.Add((message.Role, blocks));
            }

            var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
            w.WriteStartArray("contents");
            foreach (var (role, blocks) in turns)
            {
                w.WriteStartObject();
                w.WriteString("role", role == Role.User ? "user" : "model");
                w.WriteStartArray("parts");
                var dummySignature = needsSignature && role == Role.Assistant
                    && !blocks.OfType<ToolUseBlock>().Any(t => t.ReasoningSignature != null);
                foreach (var block in blocks)
                {
                    if (block is ToolUseBlock use)
                    {
                        toolNames[use.ToolUseId] = use.Name;
                        WriteFunctionCall(w, use, dummySignature ? SkipSignatureValidator : use.ReasoningSignature);
                        dummySignature = false;
                    }
                    else WritePart(w, block, toolNames);
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        // Cache points have no inline form (Gemini caches through cachedContents resources); an
        // empty text part is rejected ("empty text parameter"); reasoning without a signature is
        // useless to Gemini, which only validates its own signed thoughts.
        private static bool IsSent(ContentBlock block) => block switch
        {
            TextBlock text => text.Text.Length > 0,
            ReasoningBlock reasoning => reasoning.Signature != null,
            ToolUseBlock or ToolResultBlock or ImageBlock or DocumentBlock => true,
            _ => false,
        };

        private static void WriteFunctionCall(Utf8JsonWriter w, ToolUseBlock use, string? signature)
        {
            w.WriteStartObject();
            w.WriteStartObject("functionCall");
            w.WriteString("name", use.Name);
            w.WritePropertyName("args");
            if (use.Input.ValueKind == JsonValueKind.Object) use.Input.WriteTo(w);
            else { w.WriteStartObject(); w.WriteEndObject(); }
            w.WriteEndObject();
            if (signature != null) w.WriteString("thoughtSignature", signature);
            w.WriteEndObject();
        }

        private static void WritePart(Utf8JsonWriter w, ContentBlock block, Dictionary<string, string> toolNames)
        {
            w.WriteStartObject();
            switch (block)
            {
                case TextBlock text:
                    w.WriteString("text", text.Text);
                    break;
                case ReasoningBlock reasoning:
                    w.WriteString("text", reasoning.Text);
                    w.WriteBoolean("thought", true);
                    w.WriteString("thoughtSignature", reasoning.Signature);
                    break;
                case ImageBlock image:
                    w.WriteStartObject("inlineData");
                    w.WriteString("mimeType", ImageMediaType.Of(image.Format) ?? ImageMediaType.Unknown);
                    w.WriteBase64String("data", image.Bytes.Span);
                    w.WriteEndObject();
                    break;
                case DocumentBlock document:
                    w.WriteStartObject("inlineData");
                    w.WriteString("mimeType", DocumentMediaType.Of(document.Format));
                    w.WriteBase64String("data", document.Bytes.Span);
                    w.WriteEndObject();
                    break;
                case ToolResultBlock result:
                    w.WriteStartObject("functionResponse");
                    // Gemini pairs a response with its call by name; a result whose call is no
                    // longer in the conversation falls back to the id so the request stays valid.
                    w.WriteString("name", toolNames.TryGetValue(result.ToolUseId, out var name) ? name : result.ToolUseId);
                    w.WriteStartObject("response");
                    WriteResultValue(w, result);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
            }
            w.WriteEndObject();
        }

        // FunctionResponse.response must be an object; Google's convention is "output" for the
        // result and "error" for a failure. A single JSON item keeps its structure.
        private static void WriteResultValue(Utf8JsonWriter w, ToolResultBlock result)
        {
            var key = result.Status == ToolResultStatus.Error ? "error" : "output";
            if (result.Content.Count == 1 && result.Content[0].Json is JsonElement json)
            {
                w.WritePropertyName(key);
                json.WriteTo(w);
            }
            else w.WriteString(key, result.ToText());
        }

        private static void WriteSystemInstruction(Utf8JsonWriter w, IReadOnlyList<ContentBlock> system)
        {
            if (!system.OfType<TextBlock>().Any(t => t.Text.Length > 0)) return;
            w.WriteStartObject("systemInstruction");
            w.WriteStartArray("parts");
            foreach (var text in system.OfType<TextBlock>())
            {
                if (text.Text.Length == 0) continue;
                w.WriteStartObject();
                w.WriteString("text", text.Text);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static void WriteTools(Utf8JsonWriter w, IReadOnlyList<ToolSpec> tools)
        {
            w.WriteStartArray("tools");
            w.WriteStartObject();
            w.WriteStartArray("functionDeclarations");
            foreach (var tool in tools)
            {
                w.WriteStartObject();
                w.WriteString("name", tool.Name);
                w.WriteString("description", tool.Description);
                // A parameterless tool is declared without parameters: Gemini rejects an OBJECT
                // schema with empty properties.
                if (GeminiSchema.HasParameters(tool.InputSchema))
                {
                    w.WritePropertyName("parameters");
                    GeminiSchema.Write(w, tool.InputSchema);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
        }

        private static void WriteToolConfig(Utf8JsonWriter w, ToolChoice choice)
        {
            w.WriteStartObject("toolConfig");
            w.WriteStartObject("functionCallingConfig");
            switch (choice)
            {
                case NamedToolChoice named:
                    w.WriteString("mode", "ANY");
                    w.WriteStartArray("allowedFunctionNames");
                    w.WriteStringValue(named.Name);
                    w.WriteEndArray();
                    break;
                case AnyToolChoice:
                    w.WriteString("mode", "ANY");
                    break;
                default:
                    w.WriteString("mode", "AUTO");
                    break;
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }
}
