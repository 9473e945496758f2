using System;
using System.Collections.Generic;
using System.Text.Json;
using Strands.Models.Common;
using Strands.Models.Http;
using Strands.Types;

namespace Strands.Models.Ollama
{
    /// <summary>
    /// Turns Ollama <c>/api/chat</c> objects (each NDJSON line, or the one non-streamed body) into
    /// stream events. Tool calls arrive whole, with arguments as an object and usually no id.
    /// </summary>
    internal sealed class OllamaStreamParser : IJsonChunkParser
    {
        private readonly string _provider;
        private readonly string _idPrefix = "_" + Guid.NewGuid().ToString("N");
        private int _open; // 0 none, 1 text, 2 reasoning
        private int _calls;
        private Usage? _usage;

        public OllamaStreamParser(string provider) => _provider = provider;

        /// <summary>Whether the final <c>done: true</c> object was seen.</summary>
        public bool Finished { get; private set; }

        /// <summary>The <c>done_reason</c> (stop, length, load, …).</summary>
        public string? DoneReason { get; private set; }

        /// <summary>Parses one object, appending its events to <paramref name="output"/>.</summary>
        /// <exception cref="JsonException">Malformed JSON.</exception>
        /// <exception cref="ModelException">The object is an error report.</exception>
        public void Parse(ReadOnlyMemory<byte> json, List<ModelStreamEvent> output)
        {
            var r = new Utf8JsonReader(json.Span, WireJson.ReaderOptions);
            if (WireJson.Next(ref r) != JsonTokenType.StartObject) throw new JsonException($"Expected an object, found {r.TokenType}.");
            long prompt = 0, eval = 0;
            var done = false;
            while (WireJson.Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("message")) ReadMessage(ref r, json, output);
                else if (r.ValueTextEquals("done")) done = WireJson.ReadBool(ref r);
                else if (r.ValueTextEquals("done_reason")) DoneReason = WireJson.ReadString(ref r) ?? DoneReason;
                else if (r.ValueTextEquals("prompt_eval_count")) prompt = WireJson.ReadLong(ref r);
                else if (r.ValueTextEquals("eval_count")) eval = WireJson.ReadLong(ref r);
                else if (r.ValueTextEquals("error")) throw ToException(WireJson.ReadString(ref r) ?? "(no message)", null, _provider);
                else WireJson.SkipValue(ref r);
            }
            if (done)
            {
                Finished = true;
                // Ollama leaves prompt_eval_count out when the whole prompt came from its KV cache.
                _usage = new Usage(prompt, eval);
            }
        }

        /// <summary>Closes the open block and appends the stop and usage events.</summary>
        public void Finish(List<ModelStreamEvent> output)
        {
            Switch(0, output);
            var reason = DoneReason switch
            {
                "length" => StopReason.MaxTokens,
                _ => _calls > 0 ? StopReason.ToolUse : StopReason.EndTurn,
            };
            output.Add(new MessageStopEvent(reason, DoneReason));
            if (_usage != null) output.Add(new MetadataEvent(_usage));
        }

        private void ReadMessage(ref Utf8JsonReader r, ReadOnlyMemory<byte> json, List<ModelStreamEvent> output)
        {
            if (WireJson.Next(ref r) != JsonTokenType.StartObject) { r.Skip(); return; }
            string? content = null, thinking = null;
            while (WireJson.Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("content")) content = WireJson.ReadString(ref r);
                else if (r.ValueTextEquals("thinking")) thinking = WireJson.ReadString(ref r);
                else if (r.ValueTextEquals("tool_calls"))
                {
                    // Emitted after this object's text: calls are complete, the text may continue.
                    if (!string.IsNullOrEmpty(thinking)) { Switch(2, output); output.Add(new ReasoningDeltaEvent(thinking)); thinking = null; }
                    if (!string.IsNullOrEmpty(content)) { Switch(1, output); output.Add(new TextDeltaEvent(content!)); content = null; }
                    ReadToolCalls(ref r, json, output);
                }
                else WireJson.SkipValue(ref r);
            }
            if (!string.IsNullOrEmpty(thinking)) { Switch(2, output); output.Add(new ReasoningDeltaEvent(thinking)); }
            if (!string.IsNullOrEmpty(content)) { Switch(1, output); output.Add(new TextDeltaEvent(content!)); }
        }

        private void ReadToolCalls(ref Utf8JsonReader r, ReadOnlyMemory<byte> json, List<ModelStreamEvent> output)
        {
            if (WireJson.Next(ref r) != JsonTokenType.StartArray) { r.Skip(); return; }
            while (WireJson.Next(ref r) == JsonTokenType.StartObject)
            {
                string? id = null, name = null, args = null;
                while (WireJson.Next(ref r) == JsonTokenType.PropertyName)
                {
                    if (r.ValueTextEquals("id")) id = WireJson.ReadString(ref r);
                    else if (r.ValueTextEquals("function"))
                    {
                        if (WireJson.Next(ref r) != JsonTokenType.StartObject) { r.Skip(); continue; }
                        while (WireJson.Next(ref r) == JsonTokenType.PropertyName)
                        {
                            if (r.ValueTextEquals("name")) name = WireJson.ReadString(ref r);
                            else if (r.ValueTextEquals("arguments")) args = WireJson.ReadRawObject(ref r, json);
                            else WireJson.SkipValue(ref r);
                        }
                    }
                    else WireJson.SkipValue(ref r);
                }
                Switch(0, output);
                _calls++;
                output.Add(new ToolUseStartEvent(string.IsNullOrEmpty(id) ? "call_" + _calls + _idPrefix : id!, name ?? string.Empty));
                output.Add(new ToolUseInputDeltaEvent(args ?? "{}"));
                output.Add(ContentBlockStopEvent.Instance);
            }
        }

        private void Switch(int kind, List<ModelStreamEvent> output)
        {
            if (_open != 0 && _open != kind) output.Add(ContentBlockStopEvent.Instance);
            _open = kind;
        }

        /// <summary>
        /// Ollama reports failures as <c>{"error": "..."}</c> with nothing else to go on, so the
        /// text decides: a missing model and an overlong prompt get their own ErrorIds.
        /// </summary>
        internal static ModelException ToException(string message, int? status, string provider)
        {
            if (IsModelMissing(message))
            {
                return new ModelException(ErrorIds.ModelNotFound, ErrorKind.NotFound, $"{provider}: {message}", status)
                { Recommendation = ErrorText.Plain("Pull the model first (ollama pull <model>) or check the model id.") };
            }
            // An error line after the 200 has no status of its own; it is a server-side failure.
            return ProviderErrors.FromStatus(provider, status ?? 500, message, IsOverflow(message), null);
        }

        internal static bool IsModelMissing(string message) =>
            message.IndexOf("not found", StringComparison.OrdinalIgnoreCase) >= 0
            && message.IndexOf("model", StringComparison.OrdinalIgnoreCase) >= 0;

        // Ollama's wording: "the input length exceeds the context length", "requested context size too large".
        internal static bool IsOverflow(string message) =>
            ProviderErrors.LooksLikeContextOverflow(message)
            || message.IndexOf("context length", StringComparison.OrdinalIgnoreCase) >= 0
            || message.IndexOf("context size", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
