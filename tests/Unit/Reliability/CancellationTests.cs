using System.Management.Automation;
using Strands.FakeProvider;
using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Reliability;

/// <summary>
/// Ctrl+C (<see cref="PowerShell.Stop"/>) at every stage of Invoke-StrandsAgent: it returns within a
/// second, the HTTP request is abandoned (the fake sees the client go away), nothing keeps running
/// (the agent is not left busy, no late request arrives) and the next call on the same agent works.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class CancellationTests : IAsyncLifetime
{
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly PowerShellSession _ps;
    private FakeProviderServer _fake = null!;

    public CancellationTests(PowerShellFixture fixture) => _ps = fixture.Session;

    public async Task InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync();
        _ps.SetVariable("base", _fake.BaseUrl.ToString());
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Stop_while_waiting_for_headers_aborts_the_request(string provider)
    {
        NewAgent(provider);
        _fake.Enqueue(Fault.SlowHeaders(TimeSpan.FromSeconds(30)));

        await StopAsync("Invoke-StrandsAgent $agent 'first question'", _ => _fake.WaitForRequestsAsync(1));

        await AssertAbortedAsync(_fake.Requests[0]);
        AssertNextCallWorks();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Stop_mid_stream_aborts_the_request(string provider)
    {
        NewAgent(provider);
        _fake.Enqueue(FakeReply.Text("this answer never finishes", chunks: 6).WithFault(Fault.NeverEnd));

        // Streamed text reaches the host as information records: the first one proves the body is being read.
        await StopAsync("Invoke-StrandsAgent $agent 'first question'", FirstInformation);

        await AssertAbortedAsync(_fake.Requests[0]);
        AssertNextCallWorks();
    }

    [Fact]
    public async Task Stop_during_a_retry_back_off_ends_the_wait_and_sends_no_retry()
    {
        NewAgent("openai", maxRetries: 1);
        _fake.Enqueue(FakeReply.RateLimited(TimeSpan.FromSeconds(30)));

        // Once the 429 is fully sent the client is sleeping out its Retry-After.
        await StopAsync("Invoke-StrandsAgent $agent 'first question'", async _ =>
        {
            await _fake.WaitForRequestsAsync(1);
            await _fake.Requests[0].Finished;
        });

        // A back-off still running would keep the agent busy (AgentBusy) and send its retry as a second request.
        AssertNextCallWorks();
        Assert.Equal(2, _fake.Requests.Count);
        Assert.Contains("second question", _fake.Requests[1].Body);
    }

    [Fact]
    public async Task Stop_during_a_hung_tool_stops_the_script_block()
    {
        NewAgent("openai", tool: "@{ hang = { $toolStarted.TrySetResult($true); while ($true) { [Threading.Thread]::Sleep(50) } } }");
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("hang", "{}", "call_hang")));
        var toolStarted = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ps.SetVariable("toolStarted", toolStarted);

        await StopAsync("Invoke-StrandsAgent $agent 'first question'", _ => toolStarted.Task);

        // The tool ran on this runspace's pipeline thread: the next call can only run if the loop really ended.
        AssertNextCallWorks();
        var resent = _fake.LastRequest.Json.RootElement.GetProperty("messages").EnumerateArray()
            .Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal("call_hang", resent.GetProperty("tool_call_id").GetString());
        Assert.Contains("cancel", resent.GetProperty("content").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<string> Providers() => new(FaultMatrixTests.Providers.Keys);

    private void NewAgent(string provider, int maxRetries = 0, string? tool = null)
    {
        _ps.Invoke(
            $"$agent = New-StrandsAgent (New-LiteLlmModel $modelId -ApiKey 'test-key' -ApiBase $base -MaxRetries {maxRetries} -TimeoutSec 60){(tool != null ? " -Tool " + tool : "")}",
            new Dictionary<string, object?> { ["modelId"] = FaultMatrixTests.Providers[provider] }).ThrowIfErrors();
    }

    /// <summary>Starts <paramref name="script"/>, waits for <paramref name="reached"/>, stops it and checks how fast that was.</summary>
    private async Task StopAsync(string script, Func<PowerShell, Task> reached)
    {
        using var running = _ps.BeginInvoke(script);
        await reached(running.PowerShell).WaitAsync(Patience);
        Assert.False(running.IsCompleted, "the call ended before it could be stopped");

        var took = running.Stop();

        Assert.True(took < StopBudget, $"Stop took {took.TotalMilliseconds:0} ms");
        var result = running.Wait(Patience);
        Assert.IsType<PipelineStoppedException>(result.TerminatingError?.Exception);
    }

    private static Task FirstInformation(PowerShell ps)
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ps.Streams.Information.DataAdded += (_, _) => first.TrySetResult();
        if (ps.Streams.Information.Count > 0) first.TrySetResult();
        return first.Task;
    }

    private static async Task AssertAbortedAsync(RecordedRequest request)
    {
        await request.Finished.WaitAsync(Patience);
        Assert.True(request.ClientAborted, "the fake never saw the client abandon the request");
    }

    private void AssertNextCallWorks()
    {
        var before = _fake.Requests.Count;
        _fake.Enqueue(FakeReply.Text("recovered"));

        var next = _ps.Invoke("Invoke-StrandsAgent $agent 'second question'").ThrowIfErrors();

        Assert.Equal("recovered", next.Output.Single().ToString());
        Assert.Equal(before + 1, _fake.Requests.Count);
        Assert.Null(_fake.LastRequest.Rejection);
    }
}
