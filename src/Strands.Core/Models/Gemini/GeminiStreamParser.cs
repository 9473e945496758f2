using System;
using System.Collections.Generic;
using System.Text.Json;
using Strands.Models.Common;
using Strands.Types;

namespace Strands.Models.Gemini
{
    /// <summary>
    /// Turns <c>GenerateContentResponse</c> objects (each SSE event, or the one non-streamed body)
    /// into stream events. Reads <c>candidates[0]</c> only. Text and thoughts stream live; a
    /// function call arrives whole in one part, so it is emitted as a complete tool block at once.
    /// Usage repeats cumulatively in every chunk and is reported once, from the last.
    /// </summary>
    internal sealed class GeminiStreamParser : IJsonChunkParser
    {
        private readonly string _provider;
        private readonly string _idPrefix = "_" + Guid.NewGuid().ToString("N");
        private int _open; // 0 none, 1 text, 2 reasoning
        private int _calls;
        private Usage? _usage;
        private string? _blockReason;

        public GeminiStreamParser(string provider) => _provider = provider;

        /// <summary>The last finishReason seen; null while the model is still generating.</summary>
        public string? FinishReason { get; private set; }

        /// <summary>Whether the reply is complete: a finish reason, or a prompt the API blocked.</summary>
        public bool Finished => FinishReason != null || _blockReason != null;

        /// <summary>Parses one response object, appending its events to <paramref name="output"/>.</summary>
        /// <exception cref="JsonException">Malformed JSON.</exception>
        /// <exception cref="ModelException">The object is an error report.</exception>
        public void Parse(ReadOnlyMemory<byte> json, List<ModelStreamEvent> output)
        {
            var r = new Utf8JsonReader(json.Span, WireJson.ReaderOptions);
            if (WireJson.Next(ref r) != JsonTokenType.StartObject) throw new JsonException($"Expected an object, found {r.TokenType}.");
            while (WireJson.Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("candidates")) ReadCandidates(ref r, json, output);
                else if (r.ValueTextEquals("usageMetadata")) _usage = ReadUsage(ref r);
                else if (r.ValueTextEquals("promptFeedback")) ReadPromptFeedback(ref r);
                else if (r.ValueTextEquals("error")) throw ReadError(ref r, _provider);
                else WireJson.SkipValue(ref r);
            }
        }

        /// <summary>Closes the open block and appends the stop and usage events.</summary>
        public void Finish(List<ModelStreamEvent> output)
        {
            Switch(0, output);
            var reason = FinishReason ?? _blockReason;
            output.Add(new MessageStopEvent(MapFinishReason(FinishReason, _calls > 0, _blockReason != null), reason));
            if (_usage != null) output.Add(new MetadataEvent(_usage));
        }

        private void ReadCandidates(ref Utf8JsonReader r, ReadOnlyMemory<byte> json, List<ModelStreamEvent> output)
        {
            if (WireJson.Next(ref r) != JsonTokenType.StartArray) { r.Skip(); return; }
            var first = true;
            while (WireJson.Next(ref r) == JsonTokenType.StartObject)
            {
                if (!first) { r.Skip(); continue; }
                first = false;
                while (WireJson.Next(ref r) == JsonTokenType.PropertyName)
                {
                    if (r.ValueTextEquals("content")) ReadContent(ref r, json, output);
                    else if (r.ValueTextEquals("finishReason")) FinishReason = WireJson.ReadString(ref r) ?? FinishReason;
                    else WireJson.SkipValue(ref r);
                }
            }
        }

        private void ReadContent(ref Utf8JsonReader r, ReadOnlyMemory<byte> json, List<ModelStreamEvent> output)
        {
            if (WireJson.Next(ref r) != JsonTokenType.StartObject) { r.Skip(); return; }
            while (WireJson.Next(ref r) == JsonTokenType.PropertyName)
            {
                if (!r.ValueTextEquals("parts")) { WireJson.SkipValue(ref r); continue; }
                if (WireJson.Next(ref r) != JsonTokenType.StartArray) { r.Skip(); continue; }
                while (WireJson.Next(ref r) == JsonTokenType.StartObject) ReadPart(ref r, json, output);
            }
        }

        // Field order inside a part is not guaranteed (thoughtSignature may precede or follow the
        // text or call it signs), so the part is read whole before anything is emitted.
        private void ReadPart(ref Utf8JsonReader r, ReadOnlyMemory<byte> json, List<ModelStreamEvent> output)
        {
            string? text = null, signature = null, callName = null, callId = null, args = null;
            bool thought = false, isCall = false;
            while (WireJson.Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("text")) text = WireJson.ReadString(ref r);
                else if (r.ValueTextEquals("thought")) thought = WireJson.ReadBool(ref r);
                else if (r.ValueTextEquals("thoughtSignature") || r.ValueTextEquals("thought_signature")) signature = WireJson.ReadString(ref r);
                else if (r.ValueTextEquals("functionCall") || r.ValueTextEquals("function_call"))
                {
                    if (WireJson.Next(ref r) != JsonTokenType.StartObject) { r.Skip(); continue; }
                    isCall = true;
                    while (WireJson.Next(ref r) == JsonTokenType.PropertyName)
                    {
                        if (r.ValueTextEquals("name")) callName = WireJson.ReadString(ref r);
                        else if (r.ValueTextEquals("id")) callId = WireJson.ReadString(ref r);
                        else if (r.ValueTextEquals("args")) args = WireJson.ReadRawObject(ref r, json);
                        else WireJson.SkipValue(ref r);
                    }
                }
                else WireJson.SkipValue(ref r);
            }

            if (isCall)
            {
                Switch(0, output);
                _calls++;
                // Gemini gives no call id (AI Studio) but Strands pairs results with calls by id.
                var id = string.IsNullOrEmpty(callId) ? "call_" + _calls + _idPrefix : callId!;
                output.Add(new ToolUseStartEvent(id, callName ?? string.Empty, signature));
                output.Add(new ToolUseInputDeltaEvent(args ?? "{}"));
                output.Add(ContentBlockStopEvent.Instance);
            }
            else if (thought)
            {
                if (string.IsNullOrEmpty(text) && signature == null) return;
                Switch(2, output);
                output.Add(new ReasoningDeltaEvent(string.IsNullOrEmpty(text) ? null : text, signature));
            }
            else if (!string.IsNullOrEmpty(text))
            {
                // A signature on a plain text part is optional to return (Gemini docs); the content
                // model has no place for it, so it is not kept.
                Switch(1, output);
                output.Add(new TextDeltaEvent(text!));
            }
        }

        private void Switch(int kind, List<ModelStreamEvent> output)
        {
            if (_open != 0 && _open != kind) output.Add(ContentBlockStopEvent.Instance);
            _open = kind;
        }

        // promptTokenCount already includes cachedContentTokenCount, which is our convention;
        // thoughts are billed as output but reported apart from candidatesTokenCount.
        private static Usage ReadUsage(ref Utf8JsonReader r)
        {
            if (WireJson.Next(ref r) != JsonTokenType.StartObject) { r.Skip(); return Usage.Zero; }
            long prompt = 0, candidates = 0, thoughts = 0, cached = 0;
            while (WireJson.Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("promptTokenCount")) prompt = WireJson.ReadLong(ref r);
                else if (r.ValueTextEquals("candidatesTokenCount")) candidates = WireJson.ReadLong(ref r);
                else if (r.ValueTextEquals("thoughtsTokenCount")) thoughts = WireJson.ReadLong(ref r);
                else if (r.ValueTextEquals("cachedContentTokenCount")) cached = WireJson.ReadLong(ref r);
                else WireJson.SkipValue(ref r);
            }
            return new Usage(prompt, candidates + thoughts, cached);
        }

        private void ReadPromptFeedback(ref Utf8JsonReader r)
        {
            if (WireJson.Next(ref r) != JsonTokenType.StartObject) { r.Skip(); return; }
            while (WireJson.Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("blockReason")) _blockReason = WireJson.ReadString(ref r) ?? _blockReason;
                else WireJson.SkipValue(ref r);
            }
        }

        /// <summary>Reads <c>{"code","message","status"}</c> into the shared error mapping.</summary>
        internal static ModelException ReadError(ref Utf8JsonReader r, string provider)
        {
            var (code, message, status) = ReadErrorFields(ref r);
            return GeminiErrors.Create(provider, code == 0 ? 500 : code, message, status, null);
        }

        internal static (int Code, string Message, string? Status) ReadErrorFields(ref Utf8JsonReader r)
        {
            int code = 0;
            string? message = null, status = null;
            WireJson.Next(ref r);
            if (r.TokenType == JsonTokenType.String) return (0, r.GetString() ?? "(no message)", null);
            if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); return (0, "(no message)", null); }
            while (WireJson.Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("code")) code = (int)WireJson.ReadLong(ref r);
                else if (r.ValueTextEquals("message")) message = WireJson.ReadString(ref r);
                else if (r.ValueTextEquals("status")) status = WireJson.ReadString(ref r);
                else WireJson.SkipValue(ref r);
            }
            return (code, message ?? "(no message)", status);
        }

        private static StopReason MapFinishReason(string? reason, bool hasCalls, bool blocked) => reason switch
        {
            "MAX_TOKENS" => StopReason.MaxTokens,
            "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" or "IMAGE_SAFETY" => StopReason.ContentFiltered,
            null when blocked => StopReason.ContentFiltered,
            _ => hasCalls ? StopReason.ToolUse : StopReason.EndTurn,
        };
    }
}
