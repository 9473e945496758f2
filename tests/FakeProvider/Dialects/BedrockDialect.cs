using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Strands.FakeProvider.Wire;

namespace Strands.FakeProvider.Dialects;

/// <summary>
/// Bedrock Converse (<c>POST /model/{modelId}/converse</c>) and ConverseStream (<c>…/converse-stream</c>,
/// binary event-stream). Shapes follow the recorded fixtures under <c>fixtures/bedrock</c>.
/// </summary>
internal sealed class BedrockDialect : Dialect
{
    public override FakeDialect Kind => FakeDialect.Bedrock;

    /// <summary>An unencoded '/' in the model id (e.g. a raw ARN) yields more segments and is rightly not matched.</summary>
    public override bool Matches(string path) =>
        path.Split('/') is ["", "model", { Length: > 0 }, "converse" or "converse-stream"];

    internal static bool IsStream(DialectRequest request) => request.RawPath.EndsWith("/converse-stream", StringComparison.Ordinal);

    public override Rejection? Validate(DialectRequest request) => BedrockValidator.Validate(request);

    public override WireResponse RenderMessage(FakeReply reply, DialectRequest request)
    {
        var usage = reply.EffectiveUsage;
        var stopReason = StopReason(reply.EffectiveStopReason);
        var callIds = reply.Calls.Select(c => c.Id ?? "tooluse_fake" + Chunking.Invariant(request.NextId())).ToArray();

        if (!IsStream(request))
        {
            var content = new JsonArray();
            if (reply.ReasoningText is not null)
            {
                var reasoningText = new JsonObject { ["text"] = reply.ReasoningText };
                if (reply.ReasoningSignature is not null)
                {
                    reasoningText["signature"] = reply.ReasoningSignature;
                }

                content.Add(new JsonObject { ["reasoningContent"] = new JsonObject { ["reasoningText"] = reasoningText } });
            }

            if (!string.IsNullOrEmpty(reply.MessageText))
            {
                content.Add(new JsonObject { ["text"] = reply.MessageText });
            }

            for (var i = 0; i < reply.Calls.Count; i++)
            {
                content.Add(new JsonObject
                {
                    ["toolUse"] = new JsonObject
                    {
                        ["toolUseId"] = callIds[i],
                        ["name"] = reply.Calls[i].Name,
                        ["input"] = Chunking.ArgumentsObject(reply.Calls[i]),
                    },
                });
            }

            return WireResponse.Json(200, new JsonObject
            {
                ["output"] = new JsonObject { ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content } },
                ["stopReason"] = stopReason,
                ["usage"] = Usage(usage),
                ["metrics"] = new JsonObject { ["latencyMs"] = 42 },
            }.Compact());
        }

        var events = new List<WireEvent>();
        void Event(string type, JsonObject payload)
        {
            // The real service pads every event with a random-length "p" field; clients must ignore it.
            payload["p"] = "abcdefghijklmnopqrstuvwxyz"[..(1 + (events.Count * 7 % 26))];
            events.Add(new WireEvent(type, payload.Compact()));
        }

        Event("messageStart", new JsonObject { ["role"] = "assistant" });
        var index = 0;
        if (reply.ReasoningText is not null)
        {
            foreach (var piece in Chunking.Split(reply.ReasoningText, reply.TextChunks))
            {
                Event("contentBlockDelta", new JsonObject { ["contentBlockIndex"] = index, ["delta"] = new JsonObject { ["reasoningContent"] = new JsonObject { ["text"] = piece } } });
            }

            if (reply.ReasoningSignature is not null)
            {
                Event("contentBlockDelta", new JsonObject { ["contentBlockIndex"] = index, ["delta"] = new JsonObject { ["reasoningContent"] = new JsonObject { ["signature"] = reply.ReasoningSignature } } });
            }

            Event("contentBlockStop", new JsonObject { ["contentBlockIndex"] = index });
            index++;
        }

        if (!string.IsNullOrEmpty(reply.MessageText))
        {
            foreach (var piece in Chunking.Split(reply.MessageText, reply.TextChunks))
            {
                Event("contentBlockDelta", new JsonObject { ["contentBlockIndex"] = index, ["delta"] = new JsonObject { ["text"] = piece } });
            }

            Event("contentBlockStop", new JsonObject { ["contentBlockIndex"] = index });
            index++;
        }

        for (var i = 0; i < reply.Calls.Count; i++, index++)
        {
            Event("contentBlockStart", new JsonObject
            {
                ["contentBlockIndex"] = index,
                ["start"] = new JsonObject { ["toolUse"] = new JsonObject { ["toolUseId"] = callIds[i], ["name"] = reply.Calls[i].Name } },
            });
            foreach (var piece in Chunking.Split(reply.Calls[i].ArgumentsJson, reply.ArgumentChunks))
            {
                Event("contentBlockDelta", new JsonObject
                {
                    ["contentBlockIndex"] = index,
                    ["delta"] = new JsonObject { ["toolUse"] = new JsonObject { ["input"] = piece } },
                });
            }

            Event("contentBlockStop", new JsonObject { ["contentBlockIndex"] = index });
        }

        Event("messageStop", new JsonObject { ["stopReason"] = stopReason });
        Event("metadata", new JsonObject { ["usage"] = Usage(usage), ["metrics"] = new JsonObject { ["latencyMs"] = 42 } });
        return WireResponse.Stream(StreamEncoding.AwsEventStream, events);
    }

    /// <summary>
    /// AWS JSON-protocol errors: the type travels in <c>x-amzn-ErrorType</c> (with the service namespace
    /// suffix the real service appends), the body is only <c>{"message"}</c>.
    /// </summary>
    public override WireResponse RenderRejection(Rejection rejection, DialectRequest request) =>
        WireResponse.Json(rejection.Status, new JsonObject { ["message"] = rejection.Message }.Compact())
            .WithHeader("x-amzn-ErrorType", (rejection.Code ?? ErrorType(rejection.Status)) + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
            .WithHeader("x-amzn-RequestId", Guid.NewGuid().ToString());

    /// <summary>An exception frame; in-stream exception types are spelled lowerCamel (<c>throttlingException</c>, <c>modelStreamErrorException</c>).</summary>
    public override WireEvent StreamError(Rejection rejection)
    {
        var type = rejection.Code ?? (rejection.Status == 424 ? "ModelStreamErrorException" : ErrorType(rejection.Status));
        return new WireEvent(char.ToLowerInvariant(type[0]) + type[1..], new JsonObject { ["message"] = rejection.Message }.Compact(), IsException: true);
    }

    private static string ErrorType(int status) => status switch
    {
        400 => "ValidationException",
        403 => "AccessDeniedException",
        404 => "ResourceNotFoundException",
        408 => "ModelTimeoutException",
        424 => "ModelErrorException",
        429 => "ThrottlingException",
        503 => "ServiceUnavailableException",
        _ => "InternalServerException",
    };

    private static string StopReason(FakeStopReason reason) => reason switch
    {
        FakeStopReason.ToolUse => "tool_use",
        FakeStopReason.MaxTokens => "max_tokens",
        FakeStopReason.ContentFilter => "content_filtered",
        _ => "end_turn",
    };

    private static JsonObject Usage(FakeUsage usage) => new()
    {
        ["inputTokens"] = usage.UncachedPrompt,
        ["outputTokens"] = usage.Completion,
        ["totalTokens"] = usage.Total,
        ["cacheReadInputTokens"] = usage.CachedTokens,
        ["cacheWriteInputTokens"] = usage.CacheCreationTokens,
    };
}
