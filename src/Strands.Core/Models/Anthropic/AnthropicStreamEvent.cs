using System;
using System.Text.Json;
using static Strands.Models.WireJson;

namespace Strands.Models.Anthropic
{
    /// <summary>
    /// The stream event types of the Messages API; <see cref="Unknown"/> covers ping (a keep-alive)
    /// and newer ones. Blocks arrive one after another, so the <c>index</c> field is not needed to
    /// route them.
    /// </summary>
    internal enum AnthropicEventType
    {
        Unknown,
        MessageStart,
        ContentBlockStart,
        ContentBlockDelta,
        ContentBlockStop,
        MessageDelta,
        MessageStop,
        Error,
    }

    /// <summary>The <c>content_block_delta</c> kinds we map; citations_delta, compaction_delta and newer ones are <see cref="Unknown"/>.</summary>
    internal enum AnthropicDeltaKind
    {
        Unknown,
        Text,
        InputJson,
        Thinking,
        Signature,
    }

    /// <summary>
    /// The fields of one SSE event's JSON, read with <see cref="Utf8JsonReader"/> into one instance
    /// reused for the whole stream. Dispatch is on the JSON <c>type</c> (like LiteLLM, the
    /// <c>event:</c> line is not trusted), and fields are read whatever their order, since the
    /// type may come after the data it qualifies.
    /// </summary>
    internal sealed class AnthropicStreamEvent
    {
        public AnthropicEventType Type;
        public AnthropicContentBlock Block;
        public AnthropicDeltaKind DeltaKind;
        public string? DeltaText;
        public string? DeltaPartialJson;
        public string? DeltaThinking;
        public string? DeltaSignature;
        public string? StopReason;
        public bool HasUsage;
        public AnthropicUsage Usage;
        public string? ErrorType;
        public string? ErrorMessage;

        /// <summary>Parses one event's data; throws <see cref="JsonException"/> when it is not JSON.</summary>
        public void Parse(ReadOnlySpan<byte> json)
        {
            Reset();
            var r = new Utf8JsonReader(json);
            if (Next(ref r) != JsonTokenType.StartObject) throw new JsonException($"Expected an object, found {r.TokenType}.");
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("type")) Type = ReadType(ref r);
                else if (r.ValueTextEquals("content_block")) Block = AnthropicContentBlock.Read(ref r, json);
                else if (r.ValueTextEquals("delta")) ReadDelta(ref r);
                else if (r.ValueTextEquals("usage")) ReadUsage(ref r);
                else if (r.ValueTextEquals("message")) ReadMessage(ref r);
                else if (r.ValueTextEquals("error")) AnthropicErrors.ReadErrorObject(ref r, out ErrorType, out ErrorMessage);
                else SkipValue(ref r);
            }
        }

        private void Reset()
        {
            Type = AnthropicEventType.Unknown;
            Block = default;
            DeltaKind = AnthropicDeltaKind.Unknown;
            DeltaText = DeltaPartialJson = DeltaThinking = DeltaSignature = StopReason = ErrorType = ErrorMessage = null;
            HasUsage = false;
            Usage = default;
        }

        private static AnthropicEventType ReadType(ref Utf8JsonReader r)
        {
            Next(ref r);
            if (r.TokenType != JsonTokenType.String)
            {
                if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
                return AnthropicEventType.Unknown;
            }
            if (r.ValueTextEquals("content_block_delta")) return AnthropicEventType.ContentBlockDelta;
            if (r.ValueTextEquals("content_block_start")) return AnthropicEventType.ContentBlockStart;
            if (r.ValueTextEquals("content_block_stop")) return AnthropicEventType.ContentBlockStop;
            if (r.ValueTextEquals("message_start")) return AnthropicEventType.MessageStart;
            if (r.ValueTextEquals("message_delta")) return AnthropicEventType.MessageDelta;
            if (r.ValueTextEquals("message_stop")) return AnthropicEventType.MessageStop;
            if (r.ValueTextEquals("error")) return AnthropicEventType.Error;
            return AnthropicEventType.Unknown;
        }

        // Holds both kinds of delta: a content block's (type + text/partial_json/thinking/signature)
        // and message_delta's (stop_reason).
        private void ReadDelta(ref Utf8JsonReader r)
        {
            if (Next(ref r) != JsonTokenType.StartObject)
            {
                if (r.TokenType == JsonTokenType.StartArray) r.Skip();
                return;
            }
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("type")) DeltaKind = ReadDeltaKind(ref r);
                else if (r.ValueTextEquals("text")) DeltaText = ReadString(ref r);
                else if (r.ValueTextEquals("partial_json")) DeltaPartialJson = ReadString(ref r);
                else if (r.ValueTextEquals("thinking")) DeltaThinking = ReadString(ref r);
                else if (r.ValueTextEquals("signature")) DeltaSignature = ReadString(ref r);
                else if (r.ValueTextEquals("stop_reason")) StopReason = ReadString(ref r);
                else SkipValue(ref r);
            }
        }

        private static AnthropicDeltaKind ReadDeltaKind(ref Utf8JsonReader r)
        {
            Next(ref r);
            if (r.TokenType != JsonTokenType.String)
            {
                if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
                return AnthropicDeltaKind.Unknown;
            }
            if (r.ValueTextEquals("text_delta")) return AnthropicDeltaKind.Text;
            if (r.ValueTextEquals("input_json_delta")) return AnthropicDeltaKind.InputJson;
            if (r.ValueTextEquals("thinking_delta")) return AnthropicDeltaKind.Thinking;
            if (r.ValueTextEquals("signature_delta")) return AnthropicDeltaKind.Signature;
            return AnthropicDeltaKind.Unknown;
        }

        private void ReadUsage(ref Utf8JsonReader r)
        {
            Usage = AnthropicUsage.Read(ref r);
            HasUsage = true;
        }

        // message_start wraps the message envelope; only its usage matters (content starts empty).
        private void ReadMessage(ref Utf8JsonReader r)
        {
            if (Next(ref r) != JsonTokenType.StartObject)
            {
                if (r.TokenType == JsonTokenType.StartArray) r.Skip();
                return;
            }
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("usage")) ReadUsage(ref r);
                else SkipValue(ref r);
            }
        }
    }
}
