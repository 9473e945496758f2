using System;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Strands.FakeProvider.Wire;

namespace Strands.FakeProvider.Dialects;

/// <summary>One provider's wire format: which paths it owns, what it rejects, and how it renders replies.</summary>
internal abstract class Dialect
{
    public abstract FakeDialect Kind { get; }

    /// <summary>Whether <paramref name="path"/> (raw, without query) is one of this dialect's endpoints.</summary>
    public abstract bool Matches(string path);

    /// <summary>Checks auth headers and body the way the real API does; returns the rejection or null.</summary>
    public abstract Rejection? Validate(DialectRequest request);

    /// <summary>Renders a message reply (text and/or tool calls), streamed or not as the request asked.</summary>
    public abstract WireResponse RenderMessage(FakeReply reply, DialectRequest request);

    /// <summary>Renders a validation failure or scripted error in this dialect's error shape.</summary>
    public abstract WireResponse RenderRejection(Rejection rejection, DialectRequest request);

    /// <summary>The event a streaming response carries when the provider fails after the stream started.</summary>
    public abstract WireEvent StreamError(Rejection rejection);
}

/// <summary>A validation failure: the status and message the real API would answer with.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Message">Human-readable message.</param>
/// <param name="Param">OpenAI <c>param</c>, where the dialect has such a field.</param>
/// <param name="Code">Machine-readable code or error type (OpenAI <c>code</c>, Bedrock <c>x-amzn-ErrorType</c>, …); null lets the dialect derive it from the status.</param>
internal sealed record Rejection(int Status, string Message, string? Param = null, string? Code = null);

/// <summary>What a dialect needs to know about the request being answered.</summary>
internal sealed class DialectRequest
{
    private readonly Func<long> _nextId;

    public DialectRequest(RecordedRequest recorded, string path, IQueryCollection query, Func<long> nextId)
    {
        Recorded = recorded;
        RawPath = path;
        Query = query;
        _nextId = nextId;
        Body = recorded.IsJson && recorded.Json.RootElement.ValueKind == JsonValueKind.Object
            ? recorded.Json.RootElement
            : null;
    }

    public RecordedRequest Recorded { get; }

    /// <summary>The path without query, still percent-encoded.</summary>
    public string RawPath { get; }

    public IQueryCollection Query { get; }

    /// <summary>The body when it is a JSON object.</summary>
    public JsonElement? Body { get; }

    public IReadOnlyDictionary<string, string> Headers => Recorded.Headers;

    /// <summary>A server-wide unique number for response and tool-call ids.</summary>
    public long NextId() => _nextId();

    public string? BodyString(string property) =>
        Body is { } b && b.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public bool BodyBool(string property, bool fallback) =>
        Body is { } b && b.TryGetProperty(property, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean()
            : fallback;
}
