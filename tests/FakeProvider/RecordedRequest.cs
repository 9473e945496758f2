using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;

namespace Strands.FakeProvider;

/// <summary>A request the fake received, recorded before validation so rejected requests show up too.</summary>
public sealed class RecordedRequest
{
    private readonly Lazy<JsonDocument?> _json;
    private readonly System.Threading.Tasks.TaskCompletionSource _finished = new(System.Threading.Tasks.TaskCreationOptions.RunContinuationsAsynchronously);
    private int _clientAborted;

    internal RecordedRequest(string method, string path, IReadOnlyDictionary<string, string> headers, string body, FakeDialect dialect)
    {
        Method = method;
        Path = path;
        Headers = headers;
        Body = body;
        Dialect = dialect;
        _json = new Lazy<JsonDocument?>(() => TryParse(body), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>HTTP method, e.g. <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>Path including the query string, as sent (percent-encoding preserved), e.g. <c>/model/us.amazon.nova-micro-v1%3A0/converse</c>.</summary>
    public string Path { get; }

    /// <summary>Request headers, case-insensitive; repeated headers are joined with <c>", "</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string Body { get; }

    /// <summary>The dialect the path routed to.</summary>
    public FakeDialect Dialect { get; }

    /// <summary>The body parsed as JSON. Throws <see cref="InvalidOperationException"/> when the body is not JSON (check <see cref="IsJson"/> first if unsure).</summary>
    public JsonDocument Json => _json.Value ?? throw new InvalidOperationException($"The body of {Method} {Path} is not JSON: {Truncate(Body)}");

    /// <summary>Whether the body parsed as JSON.</summary>
    public bool IsJson => _json.Value is not null;

    /// <summary>The validation error the fake answered with, or null if the request passed validation (or <see cref="FakeProviderServer.Strict"/> is off).</summary>
    public string? Rejection { get; internal set; }

    /// <summary>Whether the client disconnected before the response was complete (e.g. it cancelled a <see cref="Fault.NeverEnd"/> stream).</summary>
    public bool ClientAborted => Volatile.Read(ref _clientAborted) == 1;

    internal void MarkClientAborted() => Volatile.Write(ref _clientAborted, 1);

    /// <summary>The server connection the request came over (Kestrel's connection id): equal ids mean a reused connection.</summary>
    public string ConnectionId { get; internal init; } = string.Empty;

    /// <summary>Completes when the fake is done with the request: the response was sent, failed, or the client went away (then <see cref="ClientAborted"/> is set first).</summary>
    public System.Threading.Tasks.Task Finished => _finished.Task;

    internal void MarkFinished() => _finished.TrySetResult();

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path} {Truncate(Body)}";

    private static JsonDocument? TryParse(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string s) => s.Length <= 200 ? s : s[..200] + "…";
}
