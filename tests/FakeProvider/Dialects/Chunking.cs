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
    /// <summary>
    /// Splits <paramref name="text"/> into <paramref name="pieces"/> non-empty parts of near-equal length
    /// (fewer only when the text is shorter, or a cut would fall inside a surrogate pair).
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int pieces)
    {
        var count = Math.Min(pieces, text.Length);
        if (count <= 1)
        {
            return new[] { text };
        }

        var parts = new List<string>(count);
        var start = 0;
        for (var i = 1; i <= count; i++)
        {
            var end = (int)((long)text.Length * i / count);
            if (end < text.Length && char.IsHighSurrogate(text[end - 1]))
            {
                end++;
            }

            if (end > start)
            {
                parts.Add(text[start..end]);
                start = end;
            }
        }

        return parts;
    }

    /// <summary>
    /// Parses tool arguments for the places where a dialect sends them as a JSON object. Deliberately
    /// invalid arguments can only be sent where the real API sends a string (OpenAI, streamed deltas).
    /// </summary>
    public static JsonNode ArgumentsObject(FakeToolCall call)
    {
        try
        {
            return JsonNode.Parse(call.ArgumentsJson.Length == 0 ? "{}" : call.ArgumentsJson) as JsonObject
                ?? throw new ArgumentException($"Arguments of tool call '{call.Name}' are not a JSON object: {call.ArgumentsJson}");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Arguments of tool call '{call.Name}' are not valid JSON, which this dialect cannot send as an object: {call.ArgumentsJson}", e);
        }
    }

    public static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static string Compact(this JsonNode node) => node.ToJsonString(JsonOptions);

    public static string Invariant(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        // Real APIs send raw UTF-8 and literal '<', '>', '+', so escaping them would hide client decoding bugs.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
