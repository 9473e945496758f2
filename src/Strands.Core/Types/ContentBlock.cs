using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Strands.Types
{
    /// <summary>
    /// One block of message content. The one internal content model every provider maps to and
    /// from (mirrors Strands' Bedrock-shaped ContentBlock); instances are immutable.
    /// </summary>
    public abstract record ContentBlock;

    /// <summary>Plain text.</summary>
    public sealed record TextBlock(string Text) : ContentBlock;

    /// <summary>A tool call the model asked for.</summary>
    /// <param name="ToolUseId">The provider's id, echoed back in the matching <see cref="ToolResultBlock"/>.</param>
    /// <param name="Name">The tool's name as the model sent it.</param>
    /// <param name="Input">The parsed arguments (a JSON object; <c>{}</c> when the model sent none or invalid JSON).</param>
    /// <param name="RawInput">The argument text as streamed, kept so invalid JSON can be reported to the model.</param>
    /// <param name="ReasoningSignature">Gemini's thought signature, round-tripped on the next turn.</param>
    public sealed record ToolUseBlock(string ToolUseId, string Name, JsonElement Input, string? RawInput = null, string? ReasoningSignature = null) : ContentBlock;

    /// <summary>Outcome of a tool call.</summary>
    public enum ToolResultStatus
    {
        /// <summary>The tool ran and returned content.</summary>
        Success,
        /// <summary>The tool failed, was refused, or its input was invalid.</summary>
        Error,
    }

    /// <summary>The answer to one <see cref="ToolUseBlock"/>.</summary>
    public sealed record ToolResultBlock(string ToolUseId, ToolResultStatus Status, IReadOnlyList<ToolResultContent> Content) : ContentBlock
    {
        /// <summary>A result holding one text item.</summary>
        public static ToolResultBlock FromText(string toolUseId, ToolResultStatus status, string text) =>
            new(toolUseId, status, new ToolResultContent[] { ToolResultContent.FromText(text) });

        /// <summary>The text of every item, JSON items serialized, joined by newlines.</summary>
        public string ToText() =>
            // One item is the common case (every model call writes each result of the history again).
            Content.Count == 1 ? ItemText(Content[0]) : string.Join("\n", System.Linq.Enumerable.Select(Content, ItemText));

        private static string ItemText(ToolResultContent item) => item.Text ?? item.Json?.GetRawText() ?? string.Empty;
    }

    /// <summary>One item of a tool result: text or JSON.</summary>
    public sealed record ToolResultContent(string? Text, JsonElement? Json)
    {
        /// <summary>A text item.</summary>
        public static ToolResultContent FromText(string text) => new(text, null);

        /// <summary>A JSON item.</summary>
        public static ToolResultContent FromJson(JsonElement json) => new(null, json);
    }

    /// <summary>Model reasoning ("thinking"), kept so providers that require it can receive it back.</summary>
    /// <param name="Text">The reasoning text.</param>
    /// <param name="Signature">The provider's signature over the reasoning (Anthropic, Bedrock).</param>
    /// <param name="RedactedContent">Opaque redacted reasoning, when the provider hid it.</param>
    public sealed record ReasoningBlock(string Text, string? Signature = null, string? RedactedContent = null) : ContentBlock;

    /// <summary>An image given to the model.</summary>
    /// <param name="Format">png, jpeg, gif or webp.</param>
    /// <param name="Bytes">The raw image bytes.</param>
    /// <param name="Name">The file it came from, for messages about it; never sent (no format has a field for it).</param>
    public sealed record ImageBlock(string Format, ReadOnlyMemory<byte> Bytes, string? Name = null) : ContentBlock;

    /// <summary>A document given to the model (Strands' DocumentContent).</summary>
    /// <param name="Format">One of Strands' document formats: pdf, csv, doc, docx, xls, xlsx, html, txt, md.</param>
    /// <param name="Name">The file name, extension included (e.g. <c>report.pdf</c>); each format sends it in its own form.</param>
    /// <param name="Bytes">The raw file bytes.</param>
    public sealed record DocumentBlock(string Format, string Name, ReadOnlyMemory<byte> Bytes) : ContentBlock;

    /// <summary>Marks the end of a cacheable prefix (system prompt, messages or tools).</summary>
    /// <param name="Type">Always "default" today.</param>
    /// <param name="Ttl">Optional time to live such as "5m" or "1h".</param>
    public sealed record CachePointBlock(string Type = "default", string? Ttl = null) : ContentBlock;
}
