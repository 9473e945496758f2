using System;
using System.Collections.Generic;
using System.Text.Json;
using static Strands.Models.WireJson;

namespace Strands.Models.OpenAi
{
    /// <summary>
    /// The fields we use from one chat-completions chunk (or a whole non-streamed response), read
    /// with <see cref="Utf8JsonReader"/> so a 200-chunk answer allocates little beyond its text.
    /// One instance is reused for every chunk of a stream; unknown fields are skipped (real
    /// servers add <c>obfuscation</c>, <c>annotations</c>, provider extras).
    /// </summary>
    internal sealed class OpenAiChunk
    {
        public string? Content;
        public string? Reasoning;
        public string? FinishReason;
        public readonly List<ToolCallDelta> ToolCalls = new();
        public bool HasUsage;
        public long PromptTokens, CompletionTokens, CachedTokens, CacheCreationTokens;
        public string? ErrorMessage;
        public string? ErrorCode;

        public struct ToolCallDelta
        {
            public int Index;
            public string? Id;
            public string? Name;
            public string? Arguments;
            public string? ThoughtSignature;
        }

        private void Reset()
        {
            Content = Reasoning = FinishReason = ErrorMessage = ErrorCode = null;
            ToolCalls.Clear();
            HasUsage = false;
            PromptTokens = CompletionTokens = CachedTokens = CacheCreationTokens = 0;
        }

        /// <summary>Parses a chunk; throws <see cref="JsonException"/> on malformed JSON.</summary>
        public void Parse(ReadOnlySpan<byte> json)
        {
            Reset();
            var r = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            Expect(ref r, JsonTokenType.StartObject);
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("choices")) ReadChoices(ref r);
                else if (r.ValueTextEquals("usage")) ReadUsage(ref r);
                else if (r.ValueTextEquals("error")) ReadError(ref r);
                else SkipValue(ref r);
            }
        }

        private void ReadChoices(ref Utf8JsonReader r)
        {
            if (Next(ref r) != JsonTokenType.StartArray) { r.Skip(); return; }
            var first = true;
            while (Next(ref r) == JsonTokenType.StartObject)
            {
                // Strands reads choices[0] only; n > 1 is not something an agent loop can use.
                if (!first) { r.Skip(); continue; }
                first = false;
                while (Next(ref r) == JsonTokenType.PropertyName)
                {
                    if (r.ValueTextEquals("delta") || r.ValueTextEquals("message")) ReadDelta(ref r);
                    else if (r.ValueTextEquals("finish_reason")) FinishReason = ReadString(ref r);
                    else SkipValue(ref r);
                }
            }
        }

        private void ReadDelta(ref Utf8JsonReader r)
        {
            if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); return; }
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("content")) Content = ReadString(ref r);
                else if (r.ValueTextEquals("reasoning_content") || r.ValueTextEquals("reasoning"))
                {
                    var reasoning = ReadString(ref r);
                    if (!string.IsNullOrEmpty(reasoning)) Reasoning = reasoning;
                }
                else if (r.ValueTextEquals("tool_calls")) ReadToolCalls(ref r);
                else SkipValue(ref r);
            }
        }

        private void ReadToolCalls(ref Utf8JsonReader r)
        {
            if (Next(ref r) != JsonTokenType.StartArray) { r.Skip(); return; }
            var ordinal = 0;
            while (Next(ref r) == JsonTokenType.StartObject)
            {
                // Non-streamed responses omit "index": position in the array stands in for it.
                var call = new ToolCallDelta { Index = ordinal++ };
                while (Next(ref r) == JsonTokenType.PropertyName)
                {
                    if (r.ValueTextEquals("index")) { Next(ref r); call.Index = r.TokenType == JsonTokenType.Number ? r.GetInt32() : call.Index; }
                    else if (r.ValueTextEquals("id")) call.Id = ReadString(ref r);
                    else if (r.ValueTextEquals("function"))
                    {
                        if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); continue; }
                        while (Next(ref r) == JsonTokenType.PropertyName)
                        {
                            if (r.ValueTextEquals("name")) call.Name = ReadString(ref r);
                            else if (r.ValueTextEquals("arguments")) call.Arguments = ReadArguments(ref r);
                            else SkipValue(ref r);
                        }
                    }
                    else if (r.ValueTextEquals("provider_specific_fields"))
                    {
                        call.ThoughtSignature = ReadThoughtSignature(ref r) ?? call.ThoughtSignature;
                    }
                    else SkipValue(ref r);
                }
                ToolCalls.Add(call);
            }
        }

        // Some OpenAI-compatible servers send arguments as an object rather than a JSON string.
        private static string? ReadArguments(ref Utf8JsonReader r)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.String) return r.GetString();
            if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                using var doc = JsonDocument.ParseValue(ref r);
                return doc.RootElement.GetRawText();
            }
            return null;
        }

        private static string? ReadThoughtSignature(ref Utf8JsonReader r)
        {
            if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); return null; }
            string? signature = null;
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("thought_signature")) signature = ReadString(ref r);
                else SkipValue(ref r);
            }
            return signature;
        }

        private void ReadUsage(ref Utf8JsonReader r)
        {
            if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); return; }
            HasUsage = true;
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("prompt_tokens")) PromptTokens = ReadLong(ref r);
                else if (r.ValueTextEquals("completion_tokens")) CompletionTokens = ReadLong(ref r);
                else if (r.ValueTextEquals("cache_creation_input_tokens")) CacheCreationTokens = ReadLong(ref r);
                else if (r.ValueTextEquals("prompt_tokens_details"))
                {
                    if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); continue; }
                    while (Next(ref r) == JsonTokenType.PropertyName)
                    {
                        if (r.ValueTextEquals("cached_tokens")) CachedTokens = ReadLong(ref r);
                        else SkipValue(ref r);
                    }
                }
                else SkipValue(ref r);
            }
        }

        private void ReadError(ref Utf8JsonReader r)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.String) { ErrorMessage = r.GetString(); return; }
            if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); return; }
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("message")) ErrorMessage = ReadString(ref r);
                else if (r.ValueTextEquals("code"))
                {
                    Next(ref r);
                    ErrorCode = r.TokenType == JsonTokenType.String ? r.GetString() : r.TokenType == JsonTokenType.Number ? r.GetInt64().ToString() : null;
                    if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
                }
                else SkipValue(ref r);
            }
            ErrorMessage ??= "(no message)";
        }

    }
}
