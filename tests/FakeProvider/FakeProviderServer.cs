using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Strands.FakeProvider.Dialects;
using Strands.FakeProvider.Wire;

namespace Strands.FakeProvider;

/// <summary>
/// A loopback fake LLM provider speaking the OpenAI (LiteLLM proxy, Azure), Anthropic, Bedrock,
/// Gemini and Ollama wire formats, chosen by request path. Tests script replies with
/// <see cref="Enqueue(FakeReply)"/>; each request consumes the next one and gets it rendered in the
/// dialect (and streaming mode) it asked for. Every request is recorded in <see cref="Requests"/>.
/// With <see cref="Strict"/> on (the default), malformed requests are rejected with the real API's
/// status and error body, without consuming a reply.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Dialect</term><description>Endpoints (POST) and what Strict checks</description></listheader>
/// <item><term>OpenAI / LiteLLM proxy / Azure</term><description><c>/chat/completions</c>, <c>/v1/chat/completions</c>,
/// <c>/openai/deployments/{d}/chat/completions?api-version=…</c>. Streams when <c>stream:true</c>; usage chunk only with
/// <c>stream_options.include_usage</c>. Checks model, messages, roles, tool_call_id pairing, string arguments. No auth check.</description></item>
/// <item><term>Anthropic</term><description><c>/v1/messages</c>. Needs <c>x-api-key</c> (or <c>Authorization: Bearer</c>) and
/// <c>anthropic-version</c>. Checks required/unknown fields, user-first alternation, tool_use/tool_result pairing.</description></item>
/// <item><term>Bedrock</term><description><c>/model/{percent-encoded id}/converse</c> and <c>/converse-stream</c> (binary
/// event-stream). Needs <c>Authorization: Bearer …</c> or a well-formed SigV4 header (service <c>bedrock</c>) plus a matching
/// <c>x-amz-date</c>; signatures are not verified. Checks unknown fields, alternation, toolUse/toolResult pairing.</description></item>
/// <item><term>Gemini</term><description><c>/v1beta/models/{model}:generateContent</c> and <c>:streamGenerateContent</c>
/// (<c>?alt=sse</c> for SSE, else a JSON array); also <c>v1</c>/<c>v1alpha</c>. Needs <c>x-goog-api-key</c> or <c>?key=</c>.
/// Checks unknown fields, non-empty contents/parts, functionCall/functionResponse pairing.</description></item>
/// <item><term>Ollama</term><description><c>/api/chat</c>; NDJSON unless <c>stream:false</c>. Checks model, roles, object-typed tool arguments.</description></item>
/// </list>
/// Anything else gets a 404 (recorded with <see cref="FakeDialect.Unknown"/>).
/// </remarks>
/// <example>
/// <code>
/// await using var server = await FakeProviderServer.StartAsync();
/// server.Enqueue(FakeReply.Text("4", usage: new FakeUsage(prompt: 10, completion: 2)));
/// // point the client at server.BaseUrl, run it, then:
/// Assert.Equal("gpt-4o", server.LastRequest.Json.RootElement.GetProperty("model").GetString());
/// </code>
/// </example>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private static readonly Dialect[] Dialects =
    {
        new OpenAiDialect(),
        new AnthropicDialect(),
        new BedrockDialect(),
        new GeminiDialect(),
        new OllamaDialect(),
    };

    private readonly object _gate = new();
    private readonly Queue<FakeReply> _replies = new();
    private readonly List<RecordedRequest> _requests = new();
    private readonly List<(int Count, TaskCompletionSource Arrived)> _waiters = new();
    private readonly CancellationTokenSource _shutdown = new();
    private WebApplication? _app;
    private long _ids;
    private int _disposed;
    private volatile bool _strict = true;
    private volatile FakeReply? _defaultReply;

    private FakeProviderServer()
    {
    }

    /// <summary>The token services (STS, Entra, Google OAuth) answered beside the providers.</summary>
    public Tokens.FakeTokenServices Tokens { get; } = new();

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Whether requests are validated like the real APIs do (default true). Turn off to test what a client does with arbitrary replies regardless of what it sends.</summary>
    public bool Strict
    {
        get => _strict;
        set => _strict = value;
    }

    /// <summary>Reply used when the queue is empty; when null such requests get a 500 naming the missing script.</summary>
    public FakeReply? DefaultReply
    {
        get => _defaultReply;
        set => _defaultReply = value;
    }

    /// <summary>Number of enqueued replies not yet consumed.</summary>
    public int PendingReplies
    {
        get
        {
            lock (_gate)
            {
                return _replies.Count;
            }
        }
    }

    /// <summary>A snapshot of every request received so far, in arrival order (rejected ones included).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>The most recent request; throws when none arrived yet.</summary>
    public RecordedRequest LastRequest
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count > 0 ? _requests[^1] : throw new InvalidOperationException("The fake provider has received no request yet.");
            }
        }
    }

    /// <summary>Starts a server on a random loopback port.</summary>
    public static Task<FakeProviderServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(null, cancellationToken);

    /// <summary>
    /// Starts a server on a random loopback port, speaking HTTPS with <paramref name="certificate"/>
    /// when one is given (for clients that refuse plain http, such as MSAL's authority); its
    /// <see cref="BaseUrl"/> then names the host <c>localhost</c>.
    /// </summary>
    public static async Task<FakeProviderServer> StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate, CancellationToken cancellationToken = default)
    {
        var server = new FakeProviderServer();
        // The empty builder skips configuration files, environment scanning and logging providers: startup stays fast and silent.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            // Tests of large prompts (images, documents) must reach the validators, not a transport limit.
            options.Limits.MaxRequestBodySize = null;
            options.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                if (certificate is not null) listen.UseHttps(certificate);
            });
        });
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server._app = app;
        server.BaseUrl = new Uri(certificate is null ? address.TrimEnd('/') : address.TrimEnd('/').Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Queues a reply for the next unanswered request.</summary>
    public void Enqueue(FakeReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        lock (_gate)
        {
            _replies.Enqueue(reply);
        }
    }

    /// <summary>Queues several replies, consumed in order.</summary>
    public void Enqueue(params FakeReply[] replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        foreach (var reply in replies)
        {
            Enqueue(reply);
        }
    }

    /// <summary>Stops the server; hanging <see cref="Fault.NeverEnd"/> responses are released.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _shutdown.Cancel();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }

        _shutdown.Dispose();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path + http.Request.QueryString;
        var rawPath = rawTarget.Split('?', 2)[0];
        string body;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(http.RequestAborted);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in http.Request.Headers)
        {
            headers[name] = string.Join(", ", values.ToArray());
        }

        if (Tokens.TryAnswer(new RecordedRequest(http.Request.Method, rawTarget, headers, body, FakeDialect.Unknown), rawPath, $"{http.Request.Scheme}://{http.Request.Host}") is { } token)
        {
            await ResponseWriter.WriteAsync(http, token, null, http.RequestAborted);
            return;
        }

        var dialect = HttpMethods.IsPost(http.Request.Method) ? Dialects.FirstOrDefault(d => d.Matches(rawPath)) : null;
        var recorded = new RecordedRequest(http.Request.Method, rawTarget, headers, body, dialect?.Kind ?? FakeDialect.Unknown)
        {
            ConnectionId = http.Connection.Id,
        };
        List<(int Count, TaskCompletionSource Arrived)> arrived;
        lock (_gate)
        {
            _requests.Add(recorded);
            arrived = _waiters.Where(w => w.Count <= _requests.Count).ToList();
            _waiters.RemoveAll(w => w.Count <= _requests.Count);
        }

        arrived.ForEach(w => w.Arrived.TrySetResult());
        try
        {
            await RespondAsync(http, recorded, dialect, rawPath);
        }
        finally
        {
            recorded.MarkFinished();
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> requests have arrived (at once if they already have).</summary>
    public Task WaitForRequestsAsync(int count)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((count, arrived));
        }

        return arrived.Task;
    }

    /// <summary>How many distinct client connections the recorded requests came over (HTTP/1.1 keep-alive reuses one for many requests).</summary>
    public int DistinctConnections
    {
        get
        {
            lock (_gate)
            {
                return _requests.Select(r => r.ConnectionId).Distinct().Count();
            }
        }
    }

    private async Task RespondAsync(HttpContext http, RecordedRequest recorded, Dialect? dialect, string rawPath)
    {

        var (response, fault) = Answer(recorded, dialect, http.Request.Query, rawPath);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _shutdown.Token);
        try
        {
            await ResponseWriter.WriteAsync(http, response, fault, cancel.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && http.RequestAborted.IsCancellationRequested)
        {
            recorded.MarkClientAborted();
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            http.Abort();
        }
    }

    /// <summary>Decides the response: unknown route, validation rejection, scripting problem, or the next reply with its fault.</summary>
    private (WireResponse Response, Fault? Fault) Answer(RecordedRequest recorded, Dialect? dialect, IQueryCollection query, string rawPath)
    {
        if (dialect is null)
        {
            recorded.Rejection = $"Strands.FakeProvider has no endpoint for {recorded.Method} {rawPath}.";
            return (WireResponse.Json(404, NoScriptBody(recorded.Rejection)), null);
        }

        var request = new DialectRequest(recorded, rawPath, query, () => Interlocked.Increment(ref _ids));
        if (Strict && dialect.Validate(request) is { } rejection)
        {
            recorded.Rejection = rejection.Message;
            return (dialect.RenderRejection(rejection, request), null);
        }

        var (reply, scriptError) = NextReply(recorded);
        if (reply is not null)
        {
            try
            {
                return (Render(reply, dialect, request), reply.Fault);
            }
            catch (ArgumentException e)
            {
                scriptError = "the scripted reply cannot be rendered: " + e.Message;
            }
        }

        return (dialect.RenderRejection(new Rejection(500, $"Strands.FakeProvider: {scriptError} ({recorded.Method} {recorded.Path})."), request), null);
    }

    /// <summary>The reply to send, or why there is none (answered as a 500 so the test failure names the scripting mistake).</summary>
    private (FakeReply? Reply, string? Error) NextReply(RecordedRequest request)
    {
        FakeReply? reply;
        lock (_gate)
        {
            reply = _replies.TryDequeue(out var queued) ? queued : _defaultReply;
        }

        if (reply is null)
        {
            return (null, "no scripted reply left; call server.Enqueue(...) or set server.DefaultReply");
        }

        if (reply.Kind != FakeReply.ReplyKind.Dynamic)
        {
            return (reply, null);
        }

        try
        {
            var built = reply.Factory!(request);
            return built is { Kind: not FakeReply.ReplyKind.Dynamic }
                ? (built, null)
                : (null, "a FakeReply.Dynamic factory returned null or another dynamic reply");
        }
        catch (Exception e)
        {
            return (null, $"the FakeReply.Dynamic factory threw {e.GetType().Name}: {e.Message}");
        }
    }

    private static WireResponse Render(FakeReply reply, Dialect dialect, DialectRequest request)
    {

        if (reply.Fault is { Kind: Fault.FaultKind.Oversized } oversized && reply.Kind == FakeReply.ReplyKind.Message)
        {
            reply = reply.WithOversizedText(oversized.Count);
        }

        var response = reply.Kind switch
        {
            FakeReply.ReplyKind.Message when reply.MidStreamError is { } failure => RenderFailingStream(dialect.RenderMessage(reply, request), failure, dialect, request),
            FakeReply.ReplyKind.Message => dialect.RenderMessage(reply, request),
            FakeReply.ReplyKind.ProviderError => dialect.RenderRejection(new Rejection(reply.Status, reply.ErrorMessage ?? "Scripted provider error."), request),
            _ => WireResponse.Bytes(reply.Status, reply.ExactContentType!, reply.ExactBody!),
        };
        foreach (var (name, value) in reply.Headers)
        {
            response.WithHeader(name, value);
        }

        return response;
    }

    private static WireResponse RenderFailingStream(WireResponse stream, (int Status, string Message, int AfterChunks) failure, Dialect dialect, DialectRequest request)
    {
        var rejection = new Rejection(failure.Status, failure.Message);
        return stream.Events is { } events
            ? WireResponse.Stream(stream.Encoding!, events.Take(failure.AfterChunks).Append(dialect.StreamError(rejection)).ToArray())
            : dialect.RenderRejection(rejection, request);
    }

    private static string NoScriptBody(string message) =>
        new System.Text.Json.Nodes.JsonObject { ["error"] = new System.Text.Json.Nodes.JsonObject { ["message"] = message } }.Compact();
}
