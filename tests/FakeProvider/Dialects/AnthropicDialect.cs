using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Strands.FakeProvider.Wire;

namespace Strands.FakeProvider.Dialects;

/// <summary>
/// Anthropic Messages API (<c>POST /v1/messages</c>), also as Vertex AI serves it
/// (<c>/v1/projects/{p}/locations/{l}/publishers/anthropic/models/{model}:streamRawPredict</c> or <c>:rawPredict</c>).
/// Shapes follow the recorded fixtures under <c>fixtures/anthropic</c>.
/// </summary>
internal sealed class AnthropicDialect : Dialect
{
    public override FakeDialect Kind => FakeDialect.Anthropic;

    public override bool Matches(string path) => path == "/v1/messages" || AnthropicValidator.IsVertex(path);

    public override Rejection? Validate(DialectRequest request) => AnthropicValidator.Validate(request);

    public override WireResponse RenderMessage(FakeReply reply, DialectRequest request)
    {
        var id = "msg_fake" + Chunking.Invariant(request.NextId());
        var model = reply.Model ?? request.BodyString("model") ?? "claude-fake";
        var usage = reply.EffectiveUsage;
        var stopReason = StopReason(reply.EffectiveStopReason);
        var callIds = reply.Calls.Select(c => c.Id ?? "toolu_fake" + Chunking.Invariant(request.NextId())).ToArray();

        if (!request.BodyBool("stream", false))
        {
            var content = new JsonArray();
            if (reply.ReasoningText is not null)
            {
                content.Add(new JsonObject { ["type"] = "thinking", ["thinking"] = reply.ReasoningText, ["signature"] = Signature(reply) });
            }

            if (!string.IsNullOrEmpty(reply.MessageText))
            {
                content.Add(new JsonObject { ["type"] = "text", ["text"] = reply.MessageText });
            }

            for (var i = 0; i < reply.Calls.Count; i++)
            {
                content.Add(new JsonObject
                {
                    ["type"] = "tool_use",
                    ["id"] = callIds[i],
                    ["name"] = reply.Calls[i].Name,
                    ["input"] = Chunking.ArgumentsObject(reply.Calls[i]),
                });
            }

            var message = Message(id, model, content, stopReason, Usage(usage, usage.Completion));
            return WireResponse.Json(200, message.Compact());
        }

        var events = new List<WireEvent>();
        void Event(string name, JsonObject data)
        {
            data.Insert(0, "type", name);
            events.Add(new WireEvent(name, data.Compact()));
        }

        // Real streams report a provisional output count in message_start and the final one in message_delta.
        Event("message_start", new JsonObject { ["message"] = Message(id, model, new JsonArray(), null, Usage(usage, 1)) });
        var index = 0;
        if (reply.ReasoningText is not null)
        {
            Event("content_block_start", new JsonObject { ["index"] = index, ["content_block"] = new JsonObject { ["type"] = "thinking", ["thinking"] = string.Empty, ["signature"] = string.Empty } });
            foreach (var piece in Chunking.Split(reply.ReasoningText, reply.TextChunks))
            {
                Event("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "thinking_delta", ["thinking"] = piece } });
            }

            Event("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "signature_delta", ["signature"] = Signature(reply) } });
            Event("content_block_stop", new JsonObject { ["index"] = index });
            index++;
        }

        if (!string.IsNullOrEmpty(reply.MessageText))
        {
            Event("content_block_start", new JsonObject { ["index"] = index, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = string.Empty } });
            Event("ping", new JsonObject());
            foreach (var piece in Chunking.Split(reply.MessageText, reply.TextChunks))
            {
                Event("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece } });
            }

            Event("content_block_stop", new JsonObject { ["index"] = index });
            index++;
        }

        for (var i = 0; i < reply.Calls.Count; i++, index++)
        {
            Event("content_block_start", new JsonObject
            {
                ["index"] = index,
                ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = callIds[i], ["name"] = reply.Calls[i].Name, ["input"] = new JsonObject() },
            });
            foreach (var piece in Chunking.Split(reply.Calls[i].ArgumentsJson, reply.ArgumentChunks))
            {
                Event("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = piece } });
            }

            Event("content_block_stop", new JsonObject { ["index"] = index });
        }

        Event("message_delta", new JsonObject
        {
            ["delta"] = new JsonObject { ["stop_reason"] = stopReason, ["stop_sequence"] = null },
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = usage.UncachedPrompt,
                ["cache_creation_input_tokens"] = usage.CacheCreationTokens,
                ["cache_read_input_tokens"] = usage.CachedTokens,
                ["output_tokens"] = usage.Completion,
            },
        });
        Event("message_stop", new JsonObject());
        return WireResponse.Stream(StreamEncoding.SseNamed, events);
    }

    public override WireResponse RenderRejection(Rejection rejection, DialectRequest request) =>
        WireResponse.Json(rejection.Status, ErrorBody(rejection))
            .WithHeader("request-id", "req_fake" + Chunking.Invariant(request.NextId()));

    /// <summary>E.g. <c>event: error</c> with <c>overloaded_error</c> (529), which the real API sends mid-stream under load.</summary>
    public override WireEvent StreamError(Rejection rejection) => new("error", ErrorBody(rejection));

    private static string ErrorBody(Rejection rejection) => new JsonObject
    {
        ["type"] = "error",
        ["error"] = new JsonObject
        {
            ["type"] = rejection.Code ?? ErrorType(rejection.Status),
            ["message"] = rejection.Message,
        },
    }.Compact();

    /// <summary>Anthropic never sends a thinking block without a signature.</summary>
    private static string Signature(FakeReply reply) => reply.ReasoningSignature ?? "ZmFrZS1zaWduYXR1cmU=";

    private static string ErrorType(int status) => status switch
    {
        400 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        529 => "overloaded_error",
        _ => "api_error",
    };

    private static string StopReason(FakeStopReason reason) => reason switch
    {
        FakeStopReason.ToolUse => "tool_use",
        FakeStopReason.MaxTokens => "max_tokens",
        FakeStopReason.ContentFilter => "refusal",
        _ => "end_turn",
    };

    private static JsonObject Message(string id, string model, JsonArray content, string? stopReason, JsonObject usage) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = content,
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = usage,
    };

    private static JsonObject Usage(FakeUsage usage, int outputTokens) => new()
    {
        ["input_tokens"] = usage.UncachedPrompt,
        ["cache_creation_input_tokens"] = usage.CacheCreationTokens,
        ["cache_read_input_tokens"] = usage.CachedTokens,
        ["cache_creation"] = new JsonObject { ["ephemeral_5m_input_tokens"] = usage.CacheCreationTokens, ["ephemeral_1h_input_tokens"] = 0 },
        ["output_tokens"] = outputTokens,
        ["service_tier"] = "standard",
    };
}
