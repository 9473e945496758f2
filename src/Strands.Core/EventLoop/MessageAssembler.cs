using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Strands.Internal;
using Strands.Types;

namespace Strands.EventLoop
{
    /// <summary>
    /// Builds the assistant <see cref="Message"/> from a provider's stream events (Strands'
    /// process_stream). Text and reasoning deltas extend the open block; a tool call's JSON is
    /// parsed when its block stops, and invalid JSON is kept raw so the loop can tell the model.
    /// </summary>
    public sealed class MessageAssembler
    {
        private readonly List<ContentBlock> _blocks = new();
        // Mutable structs, deliberately not readonly (see PooledTextBuilder).
        private PooledTextBuilder _text;
        private PooledTextBuilder _reasoning;
        private PooledTextBuilder _signature;
        private PooledTextBuilder _redacted;
        private PooledTextBuilder _toolInput;
        private ToolUseStartEvent? _tool;
        private Kind _open;

        private enum Kind { None, Text, Reasoning, Tool }

        /// <summary>The stop reason seen, <see cref="StopReason.EndTurn"/> when none came.</summary>
        public StopReason StopReason { get; private set; } = StopReason.EndTurn;

        /// <summary>The provider's own stop word.</summary>
        public string? ProviderStopReason { get; private set; }

        /// <summary>The last usage reported (providers may send several).</summary>
        public Usage? Usage { get; private set; }

        /// <summary>Cost the provider reported, if any.</summary>
        public decimal? ProviderCostUsd { get; private set; }

        /// <summary>Text streamed so far, including a block still open (for errors that keep partial output).</summary>
        public string PartialText
        {
            get
            {
                var sb = new StringBuilder();
                foreach (var b in _blocks) if (b is TextBlock t) sb.Append(t.Text);
                if (_open == Kind.Text) sb.Append(_text.ToString());
                return sb.ToString();
            }
        }

        /// <summary>Applies one event.</summary>
        public void Add(ModelStreamEvent e)
        {
            switch (e)
            {
                case TextDeltaEvent text:
                    Open(Kind.Text);
                    _text.Append(text.Text);
                    break;
                case ReasoningDeltaEvent reasoning:
                    Open(Kind.Reasoning);
                    if (reasoning.Text != null) _reasoning.Append(reasoning.Text);
                    if (reasoning.Signature != null) _signature.Append(reasoning.Signature);
                    if (reasoning.RedactedContent != null) _redacted.Append(reasoning.RedactedContent);
                    break;
                case ToolUseStartEvent start:
                    Close();
                    _tool = start;
                    _open = Kind.Tool;
                    break;
                case ToolUseInputDeltaEvent input:
                    if (_open == Kind.Tool) _toolInput.Append(input.Json);
                    break;
                case ContentBlockStopEvent:
                    Close();
                    break;
                case MessageStopEvent stop:
                    Close();
                    StopReason = stop.Reason;
                    ProviderStopReason = stop.ProviderReason;
                    break;
                case MetadataEvent metadata:
                    Usage = metadata.Usage;
                    ProviderCostUsd = metadata.ProviderCostUsd ?? ProviderCostUsd;
                    break;
            }
        }

        /// <summary>The assembled message; a reply holding tool calls always stops with <see cref="StopReason.ToolUse"/> unless it hit max_tokens.</summary>
        public Message Build()
        {
            Close();
            var hasTools = false;
            foreach (var b in _blocks) hasTools |= b is ToolUseBlock;
            if (hasTools && StopReason != StopReason.MaxTokens) StopReason = StopReason.ToolUse;
            return new Message(Role.Assistant, _blocks.ToArray());
        }

        private void Open(Kind kind)
        {
            if (_open == kind) return;
            Close();
            _open = kind;
        }

        private void Close()
        {
            switch (_open)
            {
                case Kind.Text:
                    if (_text.Length > 0) _blocks.Add(new TextBlock(_text.ToStringAndClear()));
                    break;
                case Kind.Reasoning:
                    _blocks.Add(new ReasoningBlock(_reasoning.ToStringAndClear(),
                        _signature.Length > 0 ? _signature.ToStringAndClear() : null,
                        _redacted.Length > 0 ? _redacted.ToStringAndClear() : null));
                    break;
                case Kind.Tool when _tool != null:
                    var raw = _toolInput.ToStringAndClear();
                    _blocks.Add(new ToolUseBlock(_tool.ToolUseId, _tool.Name, ParseInput(raw), raw, _tool.ReasoningSignature));
                    _tool = null;
                    break;
            }
            _open = Kind.None;
        }

        private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

        // Strands turns unparsable input into {}; we do too, and keep RawInput so the executor can
        // answer the model with the parse error instead of running the tool on empty arguments.
        private static JsonElement ParseInput(string raw)
        {
            if (string.IsNullOrWhiteSpace(raw)) return EmptyObject;
            try
            {
                using var doc = JsonDocument.Parse(raw);
                return doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                return EmptyObject;
            }
        }
    }
}
