using System;
using System.Collections.Generic;
using System.Text.Json;
using Strands.Types;
using static Strands.Models.Anthropic.AnthropicJson;
using static Strands.Models.WireJson;

namespace Strands.Models.Anthropic
{
    /// <summary>
    /// Maps a whole (non-streamed) Messages API response to the same event sequence the stream
    /// parser produces, so the event loop assembles both alike.
    /// </summary>
    internal static class AnthropicResponseParser
    {
        /// <summary>
        /// Parses the body; throws <see cref="StreamFormatException"/> for malformed JSON and a
        /// <see cref="ModelException"/> when the body is an error object.
        /// </summary>
        public static List<ModelStreamEvent> Parse(string provider, ReadOnlySpan<byte> json)
        {
            var events = new List<ModelStreamEvent>();
            string? stopReason = null;
            var usage = default(AnthropicUsage);
            string? errorType = null, errorMessage = null;
            var isError = false;
            try
            {
                var r = new Utf8JsonReader(json);
                if (Next(ref r) != JsonTokenType.StartObject) throw new JsonException($"Expected an object, found {r.TokenType}.");
                while (Next(ref r) == JsonTokenType.PropertyName)
                {
                    if (r.ValueTextEquals("content")) ReadContent(ref r, json, events);
                    else if (r.ValueTextEquals("stop_reason")) stopReason = ReadString(ref r);
                    else if (r.ValueTextEquals("usage")) usage = AnthropicUsage.Read(ref r);
                    else if (r.ValueTextEquals("error"))
                    {
                        isError = true;
                        AnthropicErrors.ReadErrorObject(ref r, out errorType, out errorMessage);
                    }
                    else SkipValue(ref r);
                }
            }
            catch (JsonException ex)
            {
                throw new StreamFormatException($"{provider} sent a malformed response: {ex.Message}", ex);
            }

            if (isError) throw AnthropicErrors.FromStreamError(provider, errorType, errorMessage);
            events.Add(new MessageStopEvent(AnthropicStopReason.Map(stopReason), stopReason));
            events.Add(new MetadataEvent(usage.ToUsage()));
            return events;
        }

        private static void ReadContent(ref Utf8JsonReader r, ReadOnlySpan<byte> json, List<ModelStreamEvent> events)
        {
            if (Next(ref r) != JsonTokenType.StartArray)
            {
                if (r.TokenType == JsonTokenType.StartObject) r.Skip();
                return;
            }
            while (true)
            {
                // Peek without consuming: AnthropicContentBlock.Read expects to take the StartObject itself.
                var copy = r;
                if (Next(ref copy) == JsonTokenType.EndArray)
                {
                    r = copy;
                    return;
                }
                Emit(AnthropicContentBlock.Read(ref r, json), events);
            }
        }

        private static void Emit(in AnthropicContentBlock block, List<ModelStreamEvent> events)
        {
            switch (block.Kind)
            {
                case AnthropicBlockKind.Text when !string.IsNullOrEmpty(block.Text):
                    events.Add(new TextDeltaEvent(block.Text!));
                    break;
                case AnthropicBlockKind.Thinking:
                    events.Add(new ReasoningDeltaEvent(block.Thinking ?? string.Empty, string.IsNullOrEmpty(block.Signature) ? null : block.Signature));
                    break;
                case AnthropicBlockKind.RedactedThinking:
                    events.Add(new ReasoningDeltaEvent(redactedContent: block.Data ?? string.Empty));
                    break;
                case AnthropicBlockKind.ToolUse:
                    events.Add(new ToolUseStartEvent(block.Id ?? "toolu_" + Guid.NewGuid().ToString("N"), block.Name ?? string.Empty));
                    events.Add(new ToolUseInputDeltaEvent(block.Input ?? EmptyObject));
                    break;
                default:
                    return;
            }
            events.Add(ContentBlockStopEvent.Instance);
        }
    }
}
