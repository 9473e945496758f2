using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Strands.FakeProvider;
using Strands.FakeProvider.Wire;
using Strands.Streaming;
using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Reliability;

/// <summary>
/// Every transport and provider fault, through the cmdlets, for the OpenAI/proxy format and each
/// native provider: the call ends in one ErrorRecord with a stable ErrorId, and the same agent's
/// next call succeeds with a history the fake's strict validation accepts.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class FaultMatrixTests : IAsyncLifetime
{
    private readonly PowerShellSession _ps;
    private FakeProviderServer _fake = null!;

    public FaultMatrixTests(PowerShellFixture fixture) => _ps = fixture.Session;

    public async Task InitializeAsync() => _fake = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    /// <summary>Model ids that route to each wire format; every one is pointed at the fake with -ApiBase.</summary>
    public static readonly Dictionary<string, string> Providers = new()
    {
        ["openai"] = "litellm_proxy/gpt-4o",
        ["anthropic"] = "anthropic/claude-3-7-sonnet-20250219",
        ["bedrock"] = "bedrock/us.amazon.nova-micro-v1:0",
        ["gemini"] = "gemini/gemini-2.0-flash",
        ["ollama"] = "ollama_chat/llama3.2",
    };

    /// <summary>One fault: the reply that provokes it, the ErrorId it must end in, and the model settings it needs.</summary>
    private sealed record Cell(Func<FakeReply> Reply, string ErrorId, string? MessagePart = null, int TimeoutSec = 30, int MaxRetries = 0);

    private const int ResponseBound = 64 * 1024;

    private static readonly Dictionary<string, Cell> Cells = new()
    {
        ["429"] = new(() => FakeReply.RateLimited(), "ModelThrottled", "429"),
        // Longer than the 60 s we honour: fails at once instead of sleeping through the automation's budget.
        ["429 Retry-After 120"] = new(() => FakeReply.RateLimited(TimeSpan.FromSeconds(120)), "ModelThrottled", "429", MaxRetries: 1),
        ["500"] = new(() => FakeReply.ServerError(500), "ProviderError", "500"),
        ["502 HTML"] = new(FakeReply.BadGatewayHtml, "ProviderError", "502 Bad Gateway"),
        ["503"] = new(() => FakeReply.ServerError(503), "ProviderError", "503"),
        ["504"] = new(() => FakeReply.ServerError(504), "ProviderError", "504"),
        ["reset before headers"] = new(() => Fault.ResetBeforeHeaders, "ConnectionFailed"),
        ["drop mid-stream"] = new(() => Fault.DropMidStream(2), "ConnectionFailed"),
        ["truncated line"] = new(() => Fault.TruncatedLine, "StreamMalformed"),
        ["malformed JSON chunk"] = new(() => Fault.MalformedJsonChunk, "StreamMalformed"),
        ["never ends"] = new(() => Fault.NeverEnd, "Timeout", "-TimeoutSec", TimeoutSec: 1),
        ["slow headers"] = new(() => Fault.SlowHeaders(TimeSpan.FromSeconds(20)), "Timeout", "-TimeoutSec", TimeoutSec: 1),
        ["oversized"] = new(() => Fault.Oversized(4 * ResponseBound), "ResponseTooLarge", "65,536"),
        ["error mid-stream"] = new(() => FakeReply.Text("partial answer", chunks: 4).WithMidStreamError(afterChunks: 2, status: 500), "ProviderError"),
    };

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in Providers.Keys)
            foreach (var fault in Cells.Keys)
                data.Add(provider, fault);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void A_fault_ends_in_a_clear_error_and_the_next_call_succeeds(string provider, string fault)
    {
        var cell = Cells[fault];
        NewAgent(provider, _fake.BaseUrl.ToString(), cell.TimeoutSec, cell.MaxRetries);
        _fake.Enqueue(cell.Reply());

        var failed = _ps.Invoke("Invoke-StrandsAgent $agent 'first question'");

        AssertSingleError(failed, cell.ErrorId, cell.MessagePart);
        AssertRecovers();
    }

    /// <summary>Bedrock's binary framing: a frame whose CRC does not match is refused, not half-parsed.</summary>
    [Fact]
    public void Bedrock_bad_crc_frame_ends_in_StreamMalformed_and_the_next_call_succeeds()
    {
        NewAgent("bedrock", _fake.BaseUrl.ToString());
        var start = Frame("messageStart", """{"role":"assistant"}""");
        var delta = Frame("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"hel"}}""");
        delta[^1] ^= 0xFF;
        _fake.Enqueue(FakeReply.Raw(200, "application/vnd.amazon.eventstream", start.Concat(delta).ToArray()));

        var failed = _ps.Invoke("Invoke-StrandsAgent $agent 'first question'");

        AssertSingleError(failed, "StreamMalformed", "CRC");
        AssertRecovers();
    }

    /// <summary>Bedrock's binary framing: a stream that ends inside a frame is an error, not a short answer.</summary>
    [Fact]
    public void Bedrock_truncated_frame_ends_in_StreamMalformed_and_the_next_call_succeeds()
    {
        NewAgent("bedrock", _fake.BaseUrl.ToString());
        var start = Frame("messageStart", """{"role":"assistant"}""");
        var delta = Frame("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"hel"}}""");
        _fake.Enqueue(FakeReply.Raw(200, "application/vnd.amazon.eventstream", start.Concat(delta.Take(delta.Length - 7)).ToArray()));

        var failed = _ps.Invoke("Invoke-StrandsAgent $agent 'first question'");

        AssertSingleError(failed, "StreamMalformed");
        AssertRecovers();
    }

    /// <summary>Retry-After within the bound is honoured: the retry waits for it and then answers.</summary>
    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void A_429_with_Retry_After_is_waited_for_and_retried(string provider)
    {
        NewAgent(provider, _fake.BaseUrl.ToString(), maxRetries: 1);
        _fake.Enqueue(FakeReply.RateLimited(TimeSpan.FromSeconds(1)), FakeReply.Text("after the wait"));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = _ps.Invoke("Invoke-StrandsAgent $agent 'first question'").ThrowIfErrors();

        Assert.Equal("after the wait", result.Output.Single().ToString());
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {clock.Elapsed.TotalMilliseconds} ms, before Retry-After");
        Assert.Equal(2, _fake.Requests.Count);
        Assert.All(_fake.Requests, r => Assert.Null(r.Rejection));
    }

    public static TheoryData<string> ProviderNames() => new(Providers.Keys);

    [Fact]
    public void A_response_bound_below_one_byte_is_refused_when_the_model_is_created()
    {
        var result = _ps.Invoke("New-LiteLlmModel 'litellm_proxy/gpt-4o' -ApiKey k -ApiBase $apiBase -ClientArgs @{ max_response_bytes = 0 }",
            new Dictionary<string, object?> { ["apiBase"] = _fake.BaseUrl.ToString() });

        Assert.Empty(result.Output);
        var error = result.TerminatingError ?? Assert.Single(result.Errors);
        Assert.StartsWith("InvalidArgument,", error.FullyQualifiedErrorId);
        Assert.Contains("max_response_bytes", error.ToString());
    }

    /// <summary>Nothing listens at first (connection refused); once something does, the same agent works.</summary>
    [Theory]
    [MemberData(nameof(ProviderNames))]
    public async Task Connection_refused_ends_in_ConnectionFailed_and_the_agent_works_once_the_server_is_up(string provider)
    {
        var port = FreePort();
        NewAgent(provider, $"http://127.0.0.1:{port}");

        var failed = _ps.Invoke("Invoke-StrandsAgent $agent 'first question'");
        AssertSingleError(failed, "ConnectionFailed", "refused");

        // The same address now forwards to the fake, so the agent's next call reaches a server.
        using var forward = new Forwarder(port, _fake.BaseUrl.Port);
        _fake.Enqueue(FakeReply.Text("recovered"));
        var next = await Task.Run(() => _ps.Invoke("Invoke-StrandsAgent $agent 'second question'"));
        next.ThrowIfErrors();
        Assert.Equal("recovered", next.Output.Single().ToString());
        Assert.Null(Assert.Single(_fake.Requests).Rejection);
    }

    private void NewAgent(string provider, string apiBase, int timeoutSec = 30, int maxRetries = 0)
    {
        _ps.Invoke(
            "$agent = New-StrandsAgent (New-LiteLlmModel $modelId -ApiKey 'test-key' -ApiBase $apiBase -TimeoutSec $timeoutSec -MaxRetries $maxRetries -ClientArgs @{ max_response_bytes = $bound })",
            new Dictionary<string, object?>
            {
                ["modelId"] = Providers[provider],
                ["apiBase"] = apiBase,
                ["timeoutSec"] = timeoutSec,
                ["maxRetries"] = maxRetries,
                ["bound"] = ResponseBound,
            }).ThrowIfErrors();
    }

    private static void AssertSingleError(PowerShellResult failed, string errorId, string? messagePart = null)
    {
        Assert.Null(failed.TerminatingError);
        Assert.Empty(failed.Output);
        var error = Assert.Single(failed.Errors);
        Assert.Equal(errorId + ",Strands.PowerShell.Commands.InvokeStrandsAgentCommand", error.FullyQualifiedErrorId);
        if (messagePart != null) Assert.Contains(messagePart, error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<html", error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The same agent answers next, and the request it sends passes the provider's strict validation.</summary>
    private void AssertRecovers()
    {
        var before = _fake.Requests.Count;
        _fake.Enqueue(FakeReply.Text("recovered"));

        var next = _ps.Invoke("Invoke-StrandsAgent $agent 'second question'");

        next.ThrowIfErrors();
        Assert.Equal("recovered", next.Output.Single().ToString());
        var request = _fake.Requests[before];
        Assert.Null(request.Rejection);
        Assert.Equal(before + 1, _fake.Requests.Count);
        // Like Strands, the failed prompt stays in the conversation: nothing the user said is lost.
        Assert.Contains("first question", request.Body);
        Assert.Contains("second question", request.Body);
    }

    private static byte[] Frame(string eventType, string json) => EventStreamEncoder.Encode(
        new[]
        {
            new KeyValuePair<string, string>(":event-type", eventType),
            new KeyValuePair<string, string>(":content-type", "application/json"),
            new KeyValuePair<string, string>(":message-type", "event"),
        },
        Encoding.UTF8.GetBytes(json));

    /// <summary>A loopback port nothing listens on: bound, then closed.</summary>
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Relays every connection to a loopback port to another one, byte for byte.</summary>
    private sealed class Forwarder : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();

        public Forwarder(int from, int to)
        {
            _listener = new TcpListener(IPAddress.Loopback, from);
            _listener.Start();
            _ = AcceptAsync(to);
        }

        private async Task AcceptAsync(int to)
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = RelayAsync(client, to);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Disposed: stop accepting.
            }
        }

        private async Task RelayAsync(TcpClient client, int to)
        {
            using (client)
            using (var upstream = new TcpClient())
            {
                try
                {
                    await upstream.ConnectAsync(IPAddress.Loopback, to, _stop.Token);
                    var a = client.GetStream();
                    var b = upstream.GetStream();
                    await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
                {
                    // Either side closed: the relay ends with it.
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
