using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Strands.Tests.Models.Bedrock;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 (free port) that answers each request with the next scripted
/// responder and records what it received. Stops with the test; serves nothing else.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    internal sealed record Received(string Method, string RawUrl, Dictionary<string, string> Headers, byte[] Body);

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Func<HttpListenerResponse, Task>> _responders = new();
    private readonly Task _loop;

    public LoopbackServer()
    {
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

    public ConcurrentQueue<Received> Requests { get; } = new();

    public LoopbackServer Then(Func<HttpListenerResponse, Task> responder)
    {
        _responders.Enqueue(responder);
        return this;
    }

    /// <summary>A 200 event-stream reply written frame by frame, flushed after each so the client sees it in pieces.</summary>
    public LoopbackServer ThenEventStream(params byte[][] frames) => Then(async response =>
    {
        response.StatusCode = 200;
        response.ContentType = "application/vnd.amazon.eventstream";
        response.SendChunked = true;
        foreach (var frame in frames)
        {
            await response.OutputStream.WriteAsync(frame);
            await response.OutputStream.FlushAsync();
        }
    });

    public LoopbackServer ThenStatus(int status, string body, params (string Name, string Value)[] headers) => Then(async response =>
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        foreach (var (name, value) in headers) response.AddHeader(name, value);
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
    });

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

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.Where(k => k != null)
                .ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new Received(context.Request.HttpMethod, context.Request.RawUrl ?? string.Empty, headers, body.ToArray()));

            try
            {
                if (_responders.TryDequeue(out var respond)) await respond(context.Response);
                else context.Response.StatusCode = 500;
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
