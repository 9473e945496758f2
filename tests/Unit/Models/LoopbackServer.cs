using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Strands.Tests.Models;

/// <summary>One request as the loopback server saw it.</summary>
internal sealed record LoopbackRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>A scripted reply: status, headers and body pieces written (and flushed) one by one.</summary>
internal sealed record LoopbackReply(int Status, string ContentType, IReadOnlyList<string> Pieces, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static LoopbackReply Json(int status, string body, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, "application/json; charset=UTF-8", new[] { body }, headers);
}

/// <summary>
/// A tiny HTTP server on 127.0.0.1 (a free port) that answers with scripted replies in order and
/// records what it received, so adapters are tested over a real socket.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<LoopbackReply> _replies = new();
    private readonly ConcurrentQueue<LoopbackRequest> _requests = new();
    private readonly Task _loop;

    public LoopbackServer(params LoopbackReply[] replies)
    {
        foreach (var reply in replies) _replies.Enqueue(reply);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public IReadOnlyList<LoopbackRequest> Requests => _requests.ToArray();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            await AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.AllKeys.Where(k => k != null)
            .ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new LoopbackRequest(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, headers, body));

        var response = context.Response;
        if (!_replies.TryDequeue(out var reply)) reply = LoopbackReply.Json(500, """{"error":{"code":500,"message":"no reply scripted","status":"INTERNAL"}}""");
        response.StatusCode = reply.Status;
        response.ContentType = reply.ContentType;
        foreach (var header in reply.Headers ?? new Dictionary<string, string>()) response.Headers[header.Key] = header.Value;
        response.SendChunked = true;
        try
        {
            foreach (var piece in reply.Pieces)
            {
                var bytes = Encoding.UTF8.GetBytes(piece);
                await response.OutputStream.WriteAsync(bytes);
                await response.OutputStream.FlushAsync();
            }
            response.Close();
        }
        catch (HttpListenerException)
        {
            // The client gave up on the body (an error test); nothing left to do.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
