using System;
using System.Collections.Generic;
using System.Text.Json;
using Strands.Types;

namespace Strands.Models.Anthropic
{
    /// <summary>
    /// Turns the Messages API's SSE events into <see cref="ModelStreamEvent"/>s, live: Anthropic
    /// streams one content block at a time, so text, reasoning and tool calls are passed on in
    /// the order the model produced them (unlike the OpenAI path, nothing is buffered).
    /// </summary>
    internal sealed class AnthropicStreamParser
    {
        private readonly string _provider;
        private readonly AnthropicStreamEvent _event = new();
        private readonly List<ModelStreamEvent> _out = new(4);
        private OpenBlock _open;
        private string? _toolStartInput;
        private bool _toolGotInput;
        private AnthropicUsage _usage;
        private string? _stopReason;
        private bool _completed;

        private enum OpenBlock { None, Text, Reasoning, Tool, Skipped }

        /// <summary>Creates a parser for one response; <paramref name="provider"/> names the provider in errors.</summary>
        public AnthropicStreamParser(string provider) => _provider = provider;

        /// <summary>
        /// Applies one event's data; returns the events it produces (the list is reused by the next call).
        /// Throws <see cref="StreamFormatException"/> for malformed JSON and a <see cref="ModelException"/>
        /// for an <c>error</c> event.
        /// </summary>
        public List<ModelStreamEvent> Accept(ReadOnlySpan<byte> data)
        {
            _out.Clear();
            if (_completed) return _out;
            try
            {
                _event.Parse(data);
            }
            catch (JsonException ex)
            {
                throw new StreamFormatException($"{_provider} sent malformed JSON in its stream: {ex.Message}", ex);
            }

            var e = _event;
            switch (e.Type)
            {
                case AnthropicEventType.MessageStart:
                    if (e.HasUsage) _usage = _usage.Merge(e.Usage);
                    break;
                case AnthropicEventType.ContentBlockStart:
                    StartBlock(e.Block);
                    break;
                case AnthropicEventType.ContentBlockDelta:
                    ApplyDelta(e);
                    break;
                case AnthropicEventType.ContentBlockStop:
                    CloseBlock();
                    break;
                case AnthropicEventType.MessageDelta:
                    if (e.StopReason != null) _stopReason = e.StopReason;
                    if (e.HasUsage) _usage = _usage.Merge(e.Usage);
                    break;
                case AnthropicEventType.MessageStop:
                    Complete();
                    break;
                case AnthropicEventType.Error:
                    throw AnthropicErrors.FromStreamError(_provider, e.ErrorType, e.ErrorMessage);
                // Unknown: ping and event types newer than this code carry nothing we map.
            }
            return _out;
        }

        /// <summary>
        /// Called at the end of the body. A stream that said why it stopped but lost its final
        /// <c>message_stop</c> is completed; one that never said is a dropped connection.
        /// </summary>
        public List<ModelStreamEvent> Finish()
        {
            _out.Clear();
            if (_completed) return _out;
            if (_stopReason == null)
                throw new StreamFormatException($"The {_provider} stream ended before the model finished (connection dropped?).");
            Complete();
            return _out;
        }

        private void StartBlock(in AnthropicContentBlock block)
        {
            // A block that never got its content_block_stop still ends where the next one starts.
            CloseBlock();
            switch (block.Kind)
            {
                case AnthropicBlockKind.Text:
                    _open = OpenBlock.Text;
                    if (!string.IsNullOrEmpty(block.Text)) _out.Add(new TextDeltaEvent(block.Text!));
                    break;
                case AnthropicBlockKind.Thinking:
                    _open = OpenBlock.Reasoning;
                    if (!string.IsNullOrEmpty(block.Thinking) || !string.IsNullOrEmpty(block.Signature))
                        _out.Add(new ReasoningDeltaEvent(NullIfEmpty(block.Thinking), NullIfEmpty(block.Signature)));
                    break;
                case AnthropicBlockKind.RedactedThinking:
                    _open = OpenBlock.Reasoning;
                    _out.Add(new ReasoningDeltaEvent(redactedContent: block.Data ?? string.Empty));
                    break;
                case AnthropicBlockKind.ToolUse:
                    _open = OpenBlock.Tool;
                    _toolStartInput = block.Input;
                    _toolGotInput = false;
                    _out.Add(new ToolUseStartEvent(block.Id ?? "toolu_" + Guid.NewGuid().ToString("N"), block.Name ?? string.Empty));
                    break;
                default:
                    _open = OpenBlock.Skipped;
                    break;
            }
        }

        // A delta without its content_block_start opens a block of the delta's kind.
        private void ApplyDelta(AnthropicStreamEvent e)
        {
            if (_open == OpenBlock.Skipped) return;
            switch (e.DeltaKind)
            {
                case AnthropicDeltaKind.Text when !string.IsNullOrEmpty(e.DeltaText):
                    Adopt(OpenBlock.Text);
                    _out.Add(new TextDeltaEvent(e.DeltaText!));
                    break;
                // Only a client tool_use takes input; a stray delta elsewhere would corrupt another block (LiteLLM #17254).
                case AnthropicDeltaKind.InputJson when _open == OpenBlock.Tool && !string.IsNullOrEmpty(e.DeltaPartialJson):
                    _toolGotInput = true;
                    _out.Add(new ToolUseInputDeltaEvent(e.DeltaPartialJson!));
                    break;
                case AnthropicDeltaKind.Thinking when !string.IsNullOrEmpty(e.DeltaThinking):
                    Adopt(OpenBlock.Reasoning);
                    _out.Add(new ReasoningDeltaEvent(e.DeltaThinking));
                    break;
                case AnthropicDeltaKind.Signature when !string.IsNullOrEmpty(e.DeltaSignature):
                    Adopt(OpenBlock.Reasoning);
                    _out.Add(new ReasoningDeltaEvent(signature: e.DeltaSignature));
                    break;
            }
        }

        private void Adopt(OpenBlock kind)
        {
            if (_open == OpenBlock.None) _open = kind;
        }

        private void CloseBlock()
        {
            switch (_open)
            {
                case OpenBlock.None:
                    return;
                case OpenBlock.Skipped:
                    break;
                case OpenBlock.Tool:
                    // Streams send "input": {} at the start and the real input as deltas; a tool
                    // that streamed none keeps what the start carried.
                    if (!_toolGotInput && _toolStartInput != null) _out.Add(new ToolUseInputDeltaEvent(_toolStartInput));
                    _toolStartInput = null;
                    _out.Add(ContentBlockStopEvent.Instance);
                    break;
                default:
                    _out.Add(ContentBlockStopEvent.Instance);
                    break;
            }
            _open = OpenBlock.None;
        }

        private void Complete()
        {
            CloseBlock();
            _completed = true;
            _out.Add(new MessageStopEvent(AnthropicStopReason.Map(_stopReason), _stopReason));
            _out.Add(new MetadataEvent(_usage.ToUsage()));
        }

        private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
    }
}
