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
        // A streamed chunk carries one tool-call delta, so room for one is enough.
        public readonly List<ToolCallDelta> ToolCalls = new(1);
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
            try
            {
                if (TryParseTextChunk(json)) return;
            }
            catch (JsonException)
            {
                // Malformed: the full parse below reports it in its own words.
            }
            ParseFull(json);
        }

        /// <summary>
        /// The structured parse alone, without the text-chunk fast path: what every chunk must read
        /// as (tests compare the two on random chunks).
        /// </summary>
        internal void ParseFull(ReadOnlySpan<byte> json)
        {
            Reset();
            ParseAny(json);
        }

        private enum Pending : byte { None, Choices, Delta, Content, FinishReason, Skip }

        /// <summary>
        /// The shape nearly every chunk of a streamed answer has — metadata, then one choice whose
        /// delta carries only text (or nothing) and maybe a finish_reason — read in one flat loop over
        /// the tokens. The structured parse below spreads its reads over a dozen helpers, and a CPU
        /// profile of the agent turn showed it at about twice the floor client's cost per chunk; the
        /// floor reads the same tokens in one loop, which the JIT compiles into one tight body.
        /// Returns false, leaving fields half set, at anything outside that shape (tool calls,
        /// reasoning, usage, errors, "message", a second choice, unexpected types): the caller then
        /// resets and runs the full parse, so what is accepted here must read exactly as it would there.
        /// </summary>
        private bool TryParseTextChunk(ReadOnlySpan<byte> json)
        {
            var r = new Utf8JsonReader(json);
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return false;
            var pending = Pending.None;
            var sawChoices = false;
            var choices = 0;
            while (r.Read())
            {
                switch (r.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        // Depth 1: the chunk's fields. Depth 3 can only be inside the first choice and
                        // depth 4 only inside its delta: every other container is skipped whole.
                        switch (r.CurrentDepth)
                        {
                            case 1:
                                if (r.ValueTextEquals("choices"u8))
                                {
                                    if (sawChoices) return false;
                                    sawChoices = true;
                                    pending = Pending.Choices;
                                }
                                else if (r.ValueTextEquals("usage"u8) || r.ValueTextEquals("error"u8)) return false;
                                else pending = Pending.Skip;
                                break;
                            case 3:
                                if (r.ValueTextEquals("delta"u8)) pending = Pending.Delta;
                                else if (r.ValueTextEquals("finish_reason"u8)) pending = Pending.FinishReason;
                                else if (r.ValueTextEquals("message"u8)) return false;
                                else pending = Pending.Skip;
                                break;
                            case 4:
                                if (r.ValueTextEquals("content"u8)) pending = Pending.Content;
                                else if (r.ValueTextEquals("tool_calls"u8) || r.ValueTextEquals("reasoning_content"u8) || r.ValueTextEquals("reasoning"u8)) return false;
                                else pending = Pending.Skip;
                                break;
                            default:
                                return false;
                        }
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (pending == Pending.Skip) r.Skip();
                        else if (pending == Pending.Choices) { if (r.TokenType != JsonTokenType.StartArray) return false; }
                        else if (pending == Pending.Delta) { if (r.TokenType != JsonTokenType.StartObject) return false; }
                        // An element of choices: only the first, and only an object, is this shape.
                        else if (r.CurrentDepth != 2 || r.TokenType != JsonTokenType.StartObject || ++choices > 1) return false;
                        pending = Pending.None;
                        break;
                    case JsonTokenType.EndObject:
                        if (r.CurrentDepth == 0) return true;
                        break;
                    case JsonTokenType.EndArray:
                        break;
                    default:
                        switch (pending)
                        {
                            case Pending.Skip:
                                break;
                            case Pending.Content:
                                if (r.TokenType == JsonTokenType.String) Content = r.GetString();
                                else if (r.TokenType == JsonTokenType.Null) Content = null;
                                else return false;
                                break;
                            case Pending.FinishReason:
                                if (r.TokenType == JsonTokenType.String) FinishReason = r.GetString();
                                else if (r.TokenType == JsonTokenType.Null) FinishReason = null;
                                else return false;
                                break;
                            case Pending.Delta:
                                // "delta": null reads as an empty delta either way.
                                if (r.TokenType != JsonTokenType.Null) return false;
                                break;
                            default:
                                // A scalar choices value, or a scalar element of choices.
                                return false;
                        }
                        pending = Pending.None;
                        break;
                }
            }
            return false;
        }

        private void ParseAny(ReadOnlySpan<byte> json)
        {
            // Default options: chat-completions chunks are plain JSON, so the reader's slower
            // comment-skipping path is not needed.
            var r = new Utf8JsonReader(json);
            Expect(ref r, JsonTokenType.StartObject);
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("choices"u8)) ReadChoices(ref r);
                else if (r.ValueTextEquals("usage"u8)) ReadUsage(ref r);
                else if (r.ValueTextEquals("error"u8)) ReadError(ref r);
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
                    if (r.ValueTextEquals("delta"u8) || r.ValueTextEquals("message"u8)) ReadDelta(ref r);
                    else if (r.ValueTextEquals("finish_reason"u8)) FinishReason = ReadString(ref r);
                    else SkipValue(ref r);
                }
            }
        }

        private void ReadDelta(ref Utf8JsonReader r)
        {
            if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); return; }
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("content"u8)) Content = ReadString(ref r);
                else if (r.ValueTextEquals("reasoning_content"u8) || r.ValueTextEquals("reasoning"u8))
                {
                    var reasoning = ReadString(ref r);
                    if (!string.IsNullOrEmpty(reasoning)) Reasoning = reasoning;
                }
                else if (r.ValueTextEquals("tool_calls"u8)) ReadToolCalls(ref r);
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
                    if (r.ValueTextEquals("index"u8)) { Next(ref r); call.Index = r.TokenType == JsonTokenType.Number ? r.GetInt32() : call.Index; }
                    else if (r.ValueTextEquals("id"u8)) call.Id = ReadString(ref r);
                    else if (r.ValueTextEquals("function"u8))
                    {
                        if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); continue; }
                        while (Next(ref r) == JsonTokenType.PropertyName)
                        {
                            if (r.ValueTextEquals("name"u8)) call.Name = ReadString(ref r);
                            else if (r.ValueTextEquals("arguments"u8)) call.Arguments = ReadArguments(ref r);
                            else SkipValue(ref r);
                        }
                    }
                    else if (r.ValueTextEquals("provider_specific_fields"u8))
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
                if (r.ValueTextEquals("thought_signature"u8)) signature = ReadString(ref r);
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
                if (r.ValueTextEquals("prompt_tokens"u8)) PromptTokens = ReadLong(ref r);
                else if (r.ValueTextEquals("completion_tokens"u8)) CompletionTokens = ReadLong(ref r);
                else if (r.ValueTextEquals("cache_creation_input_tokens"u8)) CacheCreationTokens = ReadLong(ref r);
                else if (r.ValueTextEquals("prompt_tokens_details"u8))
                {
                    if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); continue; }
                    while (Next(ref r) == JsonTokenType.PropertyName)
                    {
                        if (r.ValueTextEquals("cached_tokens"u8)) CachedTokens = ReadLong(ref r);
                        // OpenRouter (and OpenAI-compatible servers following it) report cache writes
                        // here; LiteLLM's top-level cache_creation_input_tokens wins when both are sent.
                        else if (r.ValueTextEquals("cache_write_tokens"u8))
                        {
                            var written = ReadLong(ref r);
                            if (CacheCreationTokens == 0) CacheCreationTokens = written;
                        }
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
                if (r.ValueTextEquals("message"u8)) ErrorMessage = ReadString(ref r);
                else if (r.ValueTextEquals("code"u8))
                {
                    Next(ref r);
                    ErrorCode = r.TokenType == JsonTokenType.String ? r.GetString() : r.TokenType == JsonTokenType.Number ? r.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
                    if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
                }
                else SkipValue(ref r);
            }
            ErrorMessage ??= "(no message)";
        }

    }
}
