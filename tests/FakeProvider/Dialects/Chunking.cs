using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strands.FakeProvider.Dialects;

/// <summary>Helpers shared by the dialects for splitting streamed content and converting values.</summary>
internal static class Chunking
{
    /// <summary>Splits <paramref name="text"/> into at most <paramref name="pieces"/> non-empty parts of near-equal length, never inside a surrogate pair.</summary>
    public static IReadOnlyList<string> Split(string text, int pieces)
    {
        if (text.Length == 0 || pieces <= 1)
        {
            return new[] { text };
        }

        var parts = new List<string>();
        var start = 0;
        var size = (int)Math.Ceiling(text.Length / (double)Math.Min(pieces, text.Length));
        while (start < text.Length)
        {
            var end = Math.Min(text.Length, start + size);
            if (end < text.Length && char.IsHighSurrogate(text[end - 1]))
            {
                end++;
            }

            parts.Add(text[start..end]);
            start = end;
        }

        return parts;
    }

    /// <summary>Parses tool arguments for dialects that send them as JSON objects; scripted arguments are trusted to be valid.</summary>
    public static JsonNode ArgumentsObject(FakeToolCall call) =>
        JsonNode.Parse(call.ArgumentsJson.Length == 0 ? "{}" : call.ArgumentsJson)
        ?? throw new ArgumentException($"Tool call '{call.Name}' has null arguments.");

    public static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static string Compact(this JsonNode node) => node.ToJsonString(JsonOptions);

    public static string Invariant(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        // Real APIs send raw UTF-8 and literal '<', '>', '+', so escaping them would hide client decoding bugs.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
