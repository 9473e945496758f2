using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strands.FakeProvider.Wire;

namespace Strands.FakeProvider.Dialects;

/// <summary>
/// OpenAI chat completions as served by OpenAI, a LiteLLM proxy and Azure OpenAI deployments.
/// Shapes follow the recorded fixtures under <c>fixtures/openai</c>.
/// </summary>
internal sealed class OpenAiDialect : Dialect
{
    public override FakeDialect Kind => FakeDialect.OpenAi;

    public override bool Matches(string path) =>
        path is "/chat/completions" or "/v1/chat/completions" || IsAzure(path);

    internal static bool IsAzure(string path) =>
        path.StartsWith("/openai/deployments/", System.StringComparison.Ordinal) && path.EndsWith("/chat/completions", System.StringComparison.Ordinal);

    public override Rejection? Validate(DialectRequest request) => OpenAiValidator.Validate(request);

    public override WireResponse RenderMessage(FakeReply reply, DialectRequest request)
    {
        var id = "chatcmpl-fake" + Chunking.Invariant(request.NextId());
        var created = Chunking.UnixNow();
        var model = reply.Model ?? request.BodyString("model") ?? "fake-model";
        var finish = FinishReason(reply.EffectiveStopReason);
        var callIds = reply.Calls.Select(c => c.Id ?? "call_fake" + Chunking.Invariant(request.NextId())).ToArray();

        if (!request.BodyBool("stream", false))
        {
            var message = new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = reply.MessageText,
                ["refusal"] = null,
                ["annotations"] = new JsonArray(),
            };
            if (reply.ReasoningText is not null)
            {
                message["reasoning_content"] = reply.ReasoningText;
                message["thinking_blocks"] = new JsonArray(ThinkingBlock(reply.ReasoningText, reply.ReasoningSignature));
            }

            if (reply.Calls.Count > 0)
            {
                message["tool_calls"] = new JsonArray(reply.Calls.Select((c, i) => (JsonNode)new JsonObject
                {
                    ["id"] = callIds[i],
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.ArgumentsJson },
                }).ToArray());
            }

            var completion = Envelope(id, "chat.completion", created, model);
            completion["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["logprobs"] = null,
                ["finish_reason"] = finish,
            });
            completion["usage"] = Usage(reply.EffectiveUsage);
            return WireResponse.Json(200, completion.Compact());
        }

        var includeUsage = request.Body is { } body
            && body.TryGetProperty("stream_options", out var options)
            && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("include_usage", out var include)
            && include.ValueKind == JsonValueKind.True;

        var events = new List<WireEvent>();
        void Chunk(JsonObject delta, string? finishReason = null)
        {
            var chunk = Envelope(id, "chat.completion.chunk", created, model);
            chunk["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["delta"] = delta,
                ["logprobs"] = null,
                ["finish_reason"] = finishReason,
            });
            if (includeUsage)
            {
                chunk["usage"] = null;
            }

            events.Add(new WireEvent(null, chunk.Compact()));
        }

        Chunk(new JsonObject { ["role"] = "assistant", ["content"] = reply.MessageText is null ? null : string.Empty, ["refusal"] = null });
        if (reply.ReasoningText is not null)
        {
            foreach (var piece in Chunking.Split(reply.ReasoningText, reply.TextChunks))
            {
                Chunk(new JsonObject { ["reasoning_content"] = piece });
            }

            if (reply.ReasoningSignature is not null)
            {
                // LiteLLM relays Anthropic's signature_delta as a thinking block with empty text.
                Chunk(new JsonObject { ["reasoning_content"] = string.Empty, ["thinking_blocks"] = new JsonArray(ThinkingBlock(string.Empty, reply.ReasoningSignature)) });
            }
        }

        if (!string.IsNullOrEmpty(reply.MessageText))
        {
            foreach (var piece in Chunking.Split(reply.MessageText, reply.TextChunks))
            {
                Chunk(new JsonObject { ["content"] = piece });
            }
        }

        for (var i = 0; i < reply.Calls.Count; i++)
        {
            var call = reply.Calls[i];
            Chunk(new JsonObject
            {
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["index"] = i,
                    ["id"] = callIds[i],
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = string.Empty },
                }),
            });
            foreach (var piece in Chunking.Split(call.ArgumentsJson, reply.ArgumentChunks))
            {
                Chunk(new JsonObject
                {
                    ["tool_calls"] = new JsonArray(new JsonObject
                    {
                        ["index"] = i,
                        ["function"] = new JsonObject { ["arguments"] = piece },
                    }),
                });
            }
        }

        Chunk(new JsonObject(), finish);
        if (includeUsage)
        {
            var usageChunk = Envelope(id, "chat.completion.chunk", created, model);
            usageChunk["choices"] = new JsonArray();
            usageChunk["usage"] = Usage(reply.EffectiveUsage);
            events.Add(new WireEvent(null, usageChunk.Compact()));
        }

        events.Add(new WireEvent(null, "[DONE]"));
        return WireResponse.Stream(StreamEncoding.SseData(), events);
    }

    /// <summary>
    /// Validation failures carry OpenAI's own param/code; other errors use the LiteLLM proxy's
    /// habit of putting the status, as a string, in <c>code</c>.
    /// </summary>
    public override WireResponse RenderRejection(Rejection rejection, DialectRequest request) =>
        WireResponse.Json(rejection.Status, ErrorBody(rejection));

    /// <summary>The LiteLLM proxy reports a failure after the stream started as a <c>data:</c> event holding the usual error body.</summary>
    public override WireEvent StreamError(Rejection rejection) => new(null, ErrorBody(rejection));

    private static string ErrorBody(Rejection rejection) =>
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = rejection.Message,
                ["type"] = ErrorType(rejection.Status),
                ["param"] = rejection.Param,
                ["code"] = rejection.Code ?? (rejection.Param is null ? rejection.Status.ToString(CultureInfo.InvariantCulture) : null),
            },
        }.Compact();

    private static string ErrorType(int status) => status switch
    {
        400 or 404 or 422 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        429 => "rate_limit_error",
        _ => "server_error",
    };

    private static string FinishReason(FakeStopReason reason) => reason switch
    {
        FakeStopReason.ToolUse => "tool_calls",
        FakeStopReason.MaxTokens => "length",
        FakeStopReason.ContentFilter => "content_filter",
        _ => "stop",
    };

    private static JsonObject ThinkingBlock(string thinking, string? signature) =>
        new() { ["type"] = "thinking", ["thinking"] = thinking, ["signature"] = signature };

    private static JsonObject Envelope(string id, string kind, long created, string model) => new()
    {
        ["id"] = id,
        ["object"] = kind,
        ["created"] = created,
        ["model"] = model,
        ["service_tier"] = "default",
        ["system_fingerprint"] = "fp_fake",
    };

    private static JsonObject Usage(FakeUsage usage) => new()
    {
        ["prompt_tokens"] = usage.Prompt,
        ["completion_tokens"] = usage.Completion,
        ["total_tokens"] = usage.Total,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CachedTokens, ["audio_tokens"] = 0 },
        ["completion_tokens_details"] = new JsonObject
        {
            ["reasoning_tokens"] = 0,
            ["audio_tokens"] = 0,
            ["accepted_prediction_tokens"] = 0,
            ["rejected_prediction_tokens"] = 0,
        },
        // LiteLLM adds this for providers with paid cache writes (Anthropic, Bedrock) behind the proxy.
        ["cache_creation_input_tokens"] = usage.CacheCreationTokens,
    };
}
