using System;
using System.Collections.Generic;
using System.Text.Json;
using static Strands.Models.WireJson;
using Strands.Streaming;
using Strands.Types;

namespace Strands.Models.Bedrock
{
    /// <summary>
    /// Reads Bedrock Converse replies into <see cref="ModelStreamEvent"/>s: ConverseStream event
    /// frames one at a time, or a whole non-streamed Converse response. Lenient: unknown fields
    /// (the random "p" padding, metrics, trace, cache*TokenCount duplicates) and unknown block
    /// kinds are skipped. One instance serves one reply; its output list is reused per frame.
    /// </summary>
    internal sealed class BedrockResponseParser
    {
        private readonly List<ModelStreamEvent> _out = new(4);

        /// <summary>Whether <c>messageStop</c> has arrived (a stream without it was cut off).</summary>
        public bool Stopped { get; private set; }

        /// <summary>The events of one ConverseStream frame; throws the mapped error for exception frames.</summary>
        /// <exception cref="ModelException">An exception or error frame, or stop reason model_context_window_exceeded.</exception>
        /// <exception cref="StreamFormatException">The payload is not JSON.</exception>
        public List<ModelStreamEvent> Accept(in EventStreamMessage frame)
        {
            _out.Clear();
            var payload = frame.Payload.Span;
            if (frame.MessageType is "exception" or "error")
                throw BedrockErrors.FromStreamFrame(frame.ExceptionType ?? frame.ErrorCode, payload, frame.ErrorMessage);

            try
            {
                ReadStreamEvent(payload, frame.EventType);
            }
            catch (JsonException ex)
            {
                throw new StreamFormatException($"bedrock sent a {frame.EventType ?? "stream"} event that is not valid JSON: {ex.Message}", ex);
            }
            return _out;
        }

        /// <summary>The events of a whole Converse (non-streamed) response body.</summary>
        /// <exception cref="StreamFormatException">The body is not JSON.</exception>
        public List<ModelStreamEvent> AcceptConverse(ReadOnlySpan<byte> json)
        {
            _out.Clear();
            try
            {
                ReadConverse(json);
            }
            catch (JsonException ex)
            {
                throw new StreamFormatException($"bedrock sent a Converse response that is not valid JSON: {ex.Message}", ex);
            }
            return _out;
        }

        // Dispatches on the JSON keys, as LiteLLM does, so a frame missing :event-type still parses;
        // the header only tells an empty contentBlockStop from an empty messageStart.
        private void ReadStreamEvent(ReadOnlySpan<byte> json, string? eventType)
        {
            var r = new Utf8JsonReader(json);
            Expect(ref r, JsonTokenType.StartObject);
            var hasIndex = false;
            var hasBody = false;
            string? stopReason = null;
            Usage? usage = null;
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("contentBlockIndex")) { hasIndex = true; SkipValue(ref r); }
                else if (r.ValueTextEquals("delta")) { hasBody = true; ReadDelta(ref r); }
                else if (r.ValueTextEquals("start")) { hasBody = true; ReadStart(ref r); }
                else if (r.ValueTextEquals("stopReason")) stopReason = ReadString(ref r);
                else if (r.ValueTextEquals("usage")) usage = ReadUsage(ref r);
                else SkipValue(ref r);
            }

            if (eventType == "contentBlockStop" || (eventType is null && hasIndex && !hasBody))
                _out.Add(ContentBlockStopEvent.Instance);
            if (stopReason != null || eventType == "messageStop") AddStop(stopReason);
            if (usage != null) _out.Add(new MetadataEvent(usage));
        }

        private void ReadStart(ref Utf8JsonReader r)
        {
            if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); return; }
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (!r.ValueTextEquals("toolUse")) { SkipValue(ref r); continue; }
                if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); continue; }
                string? id = null, name = null;
                while (Next(ref r) == JsonTokenType.PropertyName)
                {
                    if (r.ValueTextEquals("toolUseId")) id = ReadString(ref r);
                    else if (r.ValueTextEquals("name")) name = ReadString(ref r);
                    else SkipValue(ref r);
                }
                _out.Add(new ToolUseStartEvent(id ?? "tooluse_" + Guid.NewGuid().ToString("N"), name ?? string.Empty));
            }
        }

        private void ReadDelta(ref Utf8JsonReader r)
        {
            if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); return; }
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("text"))
                {
                    var text = ReadString(ref r);
                    if (!string.IsNullOrEmpty(text)) _out.Add(new TextDeltaEvent(text!));
                }
                else if (r.ValueTextEquals("toolUse"))
                {
                    if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); continue; }
                    while (Next(ref r) == JsonTokenType.PropertyName)
                    {
                        if (r.ValueTextEquals("input"))
                        {
                            var input = ReadString(ref r);
                            if (!string.IsNullOrEmpty(input)) _out.Add(new ToolUseInputDeltaEvent(input!));
                        }
                        else SkipValue(ref r);
                    }
                }
                else if (r.ValueTextEquals("reasoningContent"))
                {
                    if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); continue; }
                    string? text = null, signature = null, redacted = null;
                    while (Next(ref r) == JsonTokenType.PropertyName)
                    {
                        if (r.ValueTextEquals("text")) text = ReadString(ref r);
                        else if (r.ValueTextEquals("signature")) signature = ReadString(ref r);
                        else if (r.ValueTextEquals("redactedContent")) redacted = ReadString(ref r);
                        else SkipValue(ref r);
                    }
                    if (text != null || signature != null || redacted != null) _out.Add(new ReasoningDeltaEvent(text, signature, redacted));
                }
                else SkipValue(ref r);
            }
        }

        private void ReadConverse(ReadOnlySpan<byte> json)
        {
            var r = new Utf8JsonReader(json);
            Expect(ref r, JsonTokenType.StartObject);
            string? stopReason = null;
            Usage? usage = null;
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("output")) ReadOutput(ref r);
                else if (r.ValueTextEquals("stopReason")) stopReason = ReadString(ref r);
                else if (r.ValueTextEquals("usage")) usage = ReadUsage(ref r);
                else SkipValue(ref r);
            }
            AddStop(stopReason);
            if (usage != null) _out.Add(new MetadataEvent(usage));
        }

        private void ReadOutput(ref Utf8JsonReader r)
        {
            if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); return; }
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (!r.ValueTextEquals("message")) { SkipValue(ref r); continue; }
                if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); continue; }
                while (Next(ref r) == JsonTokenType.PropertyName)
                {
                    if (!r.ValueTextEquals("content")) { SkipValue(ref r); continue; }
                    if (Next(ref r) != JsonTokenType.StartArray) { r.Skip(); continue; }
                    while (Next(ref r) == JsonTokenType.StartObject) ReadContentBlock(ref r);
                }
            }
        }

        private void ReadContentBlock(ref Utf8JsonReader r)
        {
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("text"))
                {
                    var text = ReadString(ref r);
                    if (string.IsNullOrEmpty(text)) continue;
                    _out.Add(new TextDeltaEvent(text!));
                    _out.Add(ContentBlockStopEvent.Instance);
                }
                else if (r.ValueTextEquals("toolUse")) ReadToolUse(ref r);
                else if (r.ValueTextEquals("reasoningContent")) ReadReasoning(ref r);
                else SkipValue(ref r);
            }
        }

        private void ReadToolUse(ref Utf8JsonReader r)
        {
            if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); return; }
            string? id = null, name = null, input = null;
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("toolUseId")) id = ReadString(ref r);
                else if (r.ValueTextEquals("name")) name = ReadString(ref r);
                else if (r.ValueTextEquals("input"))
                {
                    Next(ref r);
                    using var doc = JsonDocument.ParseValue(ref r);
                    input = doc.RootElement.GetRawText();
                }
                else SkipValue(ref r);
            }
            _out.Add(new ToolUseStartEvent(id ?? "tooluse_" + Guid.NewGuid().ToString("N"), name ?? string.Empty));
            if (input != null) _out.Add(new ToolUseInputDeltaEvent(input));
            _out.Add(ContentBlockStopEvent.Instance);
        }

        private void ReadReasoning(ref Utf8JsonReader r)
        {
            if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); return; }
            string? text = null, signature = null, redacted = null;
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("redactedContent")) redacted = ReadString(ref r);
                else if (r.ValueTextEquals("reasoningText"))
                {
                    if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); continue; }
                    while (Next(ref r) == JsonTokenType.PropertyName)
                    {
                        if (r.ValueTextEquals("text")) text = ReadString(ref r);
                        else if (r.ValueTextEquals("signature")) signature = ReadString(ref r);
                        else SkipValue(ref r);
                    }
                }
                else SkipValue(ref r);
            }
            _out.Add(new ReasoningDeltaEvent(text ?? string.Empty, signature, redacted));
            _out.Add(ContentBlockStopEvent.Instance);
        }

        private void AddStop(string? reason)
        {
            Stopped = true;
            _out.Add(new MessageStopEvent(MapStopReason(reason), reason));
        }

        /// <summary>Bedrock's stopReason in Strands' terms; a full context window is an error, not a stop.</summary>
        internal static StopReason MapStopReason(string? reason) => reason switch
        {
            "tool_use" => StopReason.ToolUse,
            "max_tokens" => StopReason.MaxTokens,
            "stop_sequence" => StopReason.StopSequence,
            "guardrail_intervened" => StopReason.GuardrailIntervened,
            "content_filtered" => StopReason.ContentFiltered,
            "model_context_window_exceeded" => throw new ContextWindowOverflowException(
                "bedrock stopped with model_context_window_exceeded: the conversation no longer fits the model's context window."),
            _ => StopReason.EndTurn,
        };

        // Bedrock's inputTokens excludes cache reads and writes; our InputTokens includes them.
        private static Usage ReadUsage(ref Utf8JsonReader r)
        {
            if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); return Usage.Zero; }
            long input = 0, output = 0, cacheRead = 0, cacheWrite = 0;
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("inputTokens")) input = ReadLong(ref r);
                else if (r.ValueTextEquals("outputTokens")) output = ReadLong(ref r);
                else if (r.ValueTextEquals("cacheReadInputTokens")) cacheRead = ReadLong(ref r);
                else if (r.ValueTextEquals("cacheWriteInputTokens")) cacheWrite = ReadLong(ref r);
                else SkipValue(ref r);
            }
            return new Usage(input + cacheRead + cacheWrite, output, cacheRead, cacheWrite);
        }

    }
}
