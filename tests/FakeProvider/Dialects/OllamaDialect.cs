using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using Strands.FakeProvider.Wire;

namespace Strands.FakeProvider.Dialects;

/// <summary>Ollama <c>POST /api/chat</c>: NDJSON stream (the default when <c>stream</c> is absent) or one JSON object.</summary>
internal sealed class OllamaDialect : Dialect
{
    public override FakeDialect Kind => FakeDialect.Ollama;

    public override bool Matches(string path) => path == "/api/chat";

    public override Rejection? Validate(DialectRequest request) => OllamaValidator.Validate(request);

    public override WireResponse RenderMessage(FakeReply reply, DialectRequest request)
    {
        var model = reply.Model ?? request.BodyString("model") ?? "fake-model";
        var usage = reply.EffectiveUsage;
        var doneReason = reply.EffectiveStopReason == FakeStopReason.MaxTokens ? "length" : "stop";

        JsonArray ToolCalls()
        {
            var calls = new JsonArray();
            for (var i = 0; i < reply.Calls.Count; i++)
            {
                calls.Add(new JsonObject
                {
                    ["function"] = new JsonObject { ["index"] = i, ["name"] = reply.Calls[i].Name, ["arguments"] = Chunking.ArgumentsObject(reply.Calls[i]) },
                });
            }

            return calls;
        }

        JsonObject Line(string content, JsonArray? toolCalls, bool done, string? thinking = null)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = content };
            if (thinking is not null)
            {
                message["thinking"] = thinking;
            }

            if (toolCalls is not null)
            {
                message["tool_calls"] = toolCalls;
            }

            var line = new JsonObject
            {
                ["model"] = model,
                ["created_at"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
                ["message"] = message,
                ["done"] = done,
            };
            if (done)
            {
                line["done_reason"] = doneReason;
                line["total_duration"] = 123_456_789L;
                line["load_duration"] = 1_234_567L;
                line["prompt_eval_count"] = usage.Prompt;
                line["prompt_eval_duration"] = 12_345_678L;
                line["eval_count"] = usage.Completion;
                line["eval_duration"] = 98_765_432L;
            }

            return line;
        }

        if (!request.BodyBool("stream", true))
        {
            return WireResponse.Json(200, Line(reply.MessageText ?? string.Empty, reply.Calls.Count > 0 ? ToolCalls() : null, done: true, reply.ReasoningText).Compact());
        }

        var events = new List<WireEvent>();
        if (reply.ReasoningText is not null)
        {
            foreach (var piece in Chunking.Split(reply.ReasoningText, reply.TextChunks))
            {
                events.Add(new WireEvent(null, Line(string.Empty, null, done: false, piece).Compact()));
            }
        }

        if (!string.IsNullOrEmpty(reply.MessageText))
        {
            foreach (var piece in Chunking.Split(reply.MessageText, reply.TextChunks))
            {
                events.Add(new WireEvent(null, Line(piece, null, done: false).Compact()));
            }
        }

        // Ollama delivers all tool calls, with parsed arguments, in a single line.
        if (reply.Calls.Count > 0)
        {
            events.Add(new WireEvent(null, Line(string.Empty, ToolCalls(), done: false).Compact()));
        }

        events.Add(new WireEvent(null, Line(string.Empty, null, done: true).Compact()));
        return WireResponse.Stream(StreamEncoding.NdJson, events);
    }

    public override WireResponse RenderRejection(Rejection rejection, DialectRequest request) =>
        WireResponse.Json(rejection.Status, new JsonObject { ["error"] = rejection.Message }.Compact());

    /// <summary>Ollama reports a failure mid-stream as an <c>{"error"}</c> line.</summary>
    public override WireEvent StreamError(Rejection rejection) => new(null, new JsonObject { ["error"] = rejection.Message }.Compact());
}
