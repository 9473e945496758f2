using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Strands.FakeProvider.Wire;

namespace Strands.FakeProvider.Dialects;

/// <summary>
/// Gemini (Google AI Studio) <c>models/{model}:generateContent</c> and <c>:streamGenerateContent</c>
/// (SSE with <c>alt=sse</c>, a piecewise JSON array without), also on Vertex AI's
/// <c>/v1/projects/{p}/locations/{l}/publishers/google/models/{model}</c>. Shapes follow <c>fixtures/gemini</c>.
/// </summary>
internal sealed partial class GeminiDialect : Dialect
{
    [GeneratedRegex(@"^(/(v1|v1beta|v1alpha)|/v1/projects/[^/]+/locations/[^/]+/publishers/google)/models/(?<model>[^/:]+):(?<method>generateContent|streamGenerateContent)$")]
    private static partial Regex Route();

    public override FakeDialect Kind => FakeDialect.Gemini;

    public override bool Matches(string path) => Route().IsMatch(path);

    public override Rejection? Validate(DialectRequest request) => GeminiValidator.Validate(request);

    public override WireResponse RenderMessage(FakeReply reply, DialectRequest request)
    {
        var route = Route().Match(request.RawPath);
        var model = reply.Model ?? Uri.UnescapeDataString(route.Groups["model"].Value);
        var responseId = "fakeResponse" + Chunking.Invariant(request.NextId());
        var finishReason = FinishReason(reply.EffectiveStopReason);
        var usage = Usage(reply.EffectiveUsage);

        var callParts = new List<JsonObject>();
        foreach (var call in reply.Calls)
        {
            var part = new JsonObject { ["functionCall"] = new JsonObject { ["name"] = call.Name, ["args"] = Chunking.ArgumentsObject(call) } };
            if (call.ThoughtSignature is not null)
            {
                part["thoughtSignature"] = call.ThoughtSignature;
            }

            callParts.Add(part);
        }

        JsonObject Thought(string text)
        {
            var part = new JsonObject { ["text"] = text, ["thought"] = true };
            if (reply.ReasoningSignature is not null)
            {
                part["thoughtSignature"] = reply.ReasoningSignature;
            }

            return part;
        }

        JsonObject Response(IEnumerable<JsonObject> parts, bool final)
        {
            var candidate = new JsonObject
            {
                ["content"] = new JsonObject { ["parts"] = new JsonArray(((IEnumerable<JsonNode>)parts).ToArray()), ["role"] = "model" },
            };
            if (final)
            {
                candidate["finishReason"] = finishReason;
            }

            candidate["index"] = 0;
            return new JsonObject
            {
                ["candidates"] = new JsonArray(candidate),
                // Real streams repeat the running usage on every chunk; clients must take the last, not sum.
                ["usageMetadata"] = usage.DeepClone(),
                ["modelVersion"] = model,
                ["responseId"] = responseId,
            };
        }

        if (route.Groups["method"].Value == "generateContent")
        {
            var parts = new List<JsonObject>();
            if (reply.ReasoningText is not null)
            {
                parts.Add(Thought(reply.ReasoningText));
            }

            if (!string.IsNullOrEmpty(reply.MessageText))
            {
                parts.Add(new JsonObject { ["text"] = reply.MessageText });
            }

            parts.AddRange(callParts);
            return WireResponse.Json(200, Response(parts, final: true).Compact());
        }

        var chunks = new List<List<JsonObject>>();
        if (reply.ReasoningText is not null)
        {
            foreach (var piece in Chunking.Split(reply.ReasoningText, reply.TextChunks))
            {
                chunks.Add(new List<JsonObject> { Thought(piece) });
            }
        }

        if (!string.IsNullOrEmpty(reply.MessageText))
        {
            foreach (var piece in Chunking.Split(reply.MessageText, reply.TextChunks))
            {
                chunks.Add(new List<JsonObject> { new() { ["text"] = piece } });
            }
        }

        // Gemini never splits a function call across chunks.
        chunks.AddRange(callParts.ConvertAll(p => new List<JsonObject> { p }));
        if (chunks.Count == 0)
        {
            chunks.Add(new List<JsonObject> { new() { ["text"] = string.Empty } });
        }

        var events = new List<WireEvent>();
        for (var i = 0; i < chunks.Count; i++)
        {
            events.Add(new WireEvent(null, Response(chunks[i], final: i == chunks.Count - 1).Compact()));
        }

        var sse = string.Equals(request.Query["alt"].ToString(), "sse", StringComparison.Ordinal);
        return WireResponse.Stream(sse ? StreamEncoding.SseData("\r\n") : StreamEncoding.JsonArray, events);
    }

    public override WireResponse RenderRejection(Rejection rejection, DialectRequest request) =>
        WireResponse.Json(rejection.Status, ErrorBody(rejection));

    public override WireEvent StreamError(Rejection rejection) => new(null, ErrorBody(rejection));

    private static string ErrorBody(Rejection rejection) => new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["code"] = rejection.Status,
            ["message"] = rejection.Message,
            ["status"] = rejection.Code ?? Status(rejection.Status),
        },
    }.Compact();

    private static string Status(int status) => status switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        429 => "RESOURCE_EXHAUSTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "INTERNAL",
    };

    private static string FinishReason(FakeStopReason reason) => reason switch
    {
        FakeStopReason.MaxTokens => "MAX_TOKENS",
        FakeStopReason.ContentFilter => "SAFETY",
        _ => "STOP",
    };

    private static JsonObject Usage(FakeUsage usage)
    {
        var metadata = new JsonObject
        {
            ["promptTokenCount"] = usage.Prompt,
            ["candidatesTokenCount"] = usage.Completion,
            ["totalTokenCount"] = usage.Total,
        };
        if (usage.CachedTokens > 0)
        {
            metadata["cachedContentTokenCount"] = usage.CachedTokens;
        }

        return metadata;
    }
}
