using System.Diagnostics;
using System.Management.Automation;
using System.Text.Json;
using Strands.FakeProvider;
using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Cmdlets;

/// <summary>One agent turn end to end: cmdlets in a real engine against the loopback fake proxy.</summary>
public sealed class WalkingSkeletonTests : IAsyncLifetime
{
    private FakeProviderServer _fake = null!;
    private PowerShellSession _ps = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync();
        _ps = PowerShellSession.Open();
        _ps.SetVariable("base", _fake.BaseUrl.ToString());
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        await _fake.DisposeAsync();
    }

    private const string Calculator = """
        $calculator = @{ calculator = {
            param([Parameter(Mandatory)][string]$expression)
            [System.Data.DataTable]::new().Compute($expression, $null)
        } }

        """;

    [Fact]
    public void Quickstart_runs_two_cycles_and_sends_the_tool_result_back()
    {
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("calculator", """{"expression":"2+2"}""", "call_1")),
            FakeReply.Text("2+2 is 4."));

        var result = _ps.Invoke(Calculator + """
            $model = New-LiteLlmModel -ModelId 'litellm_proxy/gpt-4o' -ApiKey 'test-key' -ApiBase $base -Params @{ max_tokens = 1000; temperature = 0.7 }
            $agent = New-StrandsAgent -Model $model -Tool $calculator
            Invoke-StrandsAgent -Agent $agent -Prompt 'What is 2+2'
            """).ThrowIfErrors();

        var answer = Assert.Single(result.Output);
        Assert.Equal("2+2 is 4.", answer.ToString());
        Assert.Contains("Strands.AgentResult", answer.TypeNames);
        Assert.Equal(2, (int)((dynamic)answer.Properties["Usage"].Value).Cycles);
        Assert.Equal(2, _fake.Requests.Count);

        var second = _fake.Requests[1].Json.RootElement;
        var toolMessage = second.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal("call_1", toolMessage.GetProperty("tool_call_id").GetString());
        Assert.Equal("4", toolMessage.GetProperty("content").GetString());
    }

    [Fact]
    public void Params_reach_the_body_and_the_proxy_gets_path_bearer_and_model()
    {
        _fake.Enqueue(FakeReply.Text("hello"));
        _ps.Invoke("""
            $model = New-LiteLlmModel -ModelId 'litellm_proxy/amazon.nova-lite-v1:0' -ApiKey 'proxy-key' -ApiBase $base -Params @{ max_tokens = 1000; temperature = 0.7 }
            Invoke-StrandsAgent (New-StrandsAgent $model) 'Tell me a story'
            """).ThrowIfErrors();

        var request = _fake.LastRequest;
        Assert.Equal("/chat/completions", request.Path);
        Assert.Equal("Bearer proxy-key", request.Headers["Authorization"]);
        var body = request.Json.RootElement;
        Assert.Equal("amazon.nova-lite-v1:0", body.GetProperty("model").GetString());
        Assert.Equal(1000, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.7, body.GetProperty("temperature").GetDouble());
        Assert.True(body.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public void Proxy_option_one_sends_the_model_id_unchanged_with_client_args()
    {
        _fake.Enqueue(FakeReply.Text("once upon a time"));
        _ps.Invoke("""
            $model = New-LiteLlmModel -ModelId 'amazon.nova-lite-v1:0' -ClientArgs @{ api_key = 'proxy-key'; api_base = $base; use_litellm_proxy = $true }
            Invoke-StrandsAgent (New-StrandsAgent $model) 'Tell me a story'
            """).ThrowIfErrors();

        var request = _fake.LastRequest;
        Assert.Equal("/chat/completions", request.Path);
        Assert.Equal("Bearer proxy-key", request.Headers["Authorization"]);
        Assert.Equal("amazon.nova-lite-v1:0", request.Json.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public void Streamed_text_reaches_the_host_before_the_result_object()
    {
        _fake.Enqueue(FakeReply.Text("streamed answer", chunks: 4));
        _ps.Invoke("$agent = New-StrandsAgent (New-LiteLlmModel 'litellm_proxy/gpt-4o' -ApiKey k -ApiBase $base)").ThrowIfErrors();

        var order = new List<string>();
        using var ps = PowerShell.Create();
        ps.Runspace = _ps.Runspace;
        ps.AddScript("Invoke-StrandsAgent $agent 'hi'");
        ps.Streams.Information.DataAdded += (s, e) => { lock (order) order.Add("info:" + ((PSDataCollection<InformationRecord>)s!)[e.Index].MessageData); };
        var output = new PSDataCollection<PSObject>();
        output.DataAdded += (s, e) => { lock (order) order.Add("result"); };
        ps.Invoke(null, output);

        Assert.Equal("result", order.Last());
        var streamed = string.Concat(order.Where(o => o.StartsWith("info:")).Select(o => o[5..]));
        Assert.Contains("streamed answer", streamed);
        Assert.True(order.Count(o => o.StartsWith("info:")) >= 4, "text arrived in pieces, as streamed");
    }

    [Fact]
    public void Get_StrandsUsage_sums_the_scripted_usage()
    {
        _fake.Enqueue(
            FakeReply.ToolCalls(null, new FakeUsage(prompt: 100, completion: 20, cachedTokens: 30, cacheCreationTokens: 10), new FakeToolCall("calculator", """{"expression":"1+1"}""")),
            FakeReply.Text("2", new FakeUsage(prompt: 150, completion: 5, cachedTokens: 60)));

        var usage = _ps.Invoke(Calculator + """
            $agent = New-StrandsAgent (New-LiteLlmModel 'litellm_proxy/gpt-4o' -ApiKey k -ApiBase $base) -Tool $calculator
            $null = Invoke-StrandsAgent $agent 'What is 1+1'
            Get-StrandsUsage -Agent $agent
            """).ThrowIfErrors().Output.Single();

        Assert.Contains("Strands.Usage", usage.TypeNames);
        Assert.Equal(250L, usage.Properties["InputTokens"].Value);
        Assert.Equal(25L, usage.Properties["OutputTokens"].Value);
        Assert.Equal(275L, usage.Properties["TotalTokens"].Value);
        Assert.Equal(90L, usage.Properties["CacheReadInputTokens"].Value);
        Assert.Equal(10L, usage.Properties["CacheWriteInputTokens"].Value);
        Assert.Equal(2, usage.Properties["Cycles"].Value);
        Assert.Equal(1, usage.Properties["ToolCalls"].Value);
    }

    [Fact]
    public void Tool_script_blocks_run_on_the_pipeline_thread_and_see_the_callers_variables()
    {
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("probe", "{}")), FakeReply.Text("done"));
        _ps.Invoke("""
            $secretWord = 'swordfish'
            $callerThread = [Environment]::CurrentManagedThreadId
            $agent = New-StrandsAgent (New-LiteLlmModel 'litellm_proxy/gpt-4o' -ApiKey k -ApiBase $base) -Tool @{ probe = { "$secretWord on $([Environment]::CurrentManagedThreadId)" } }
            $null = Invoke-StrandsAgent $agent 'probe it'
            """).ThrowIfErrors();
        var callerThread = _ps.Invoke("$callerThread").Output.Single().ToString();

        var toolMessage = _fake.Requests[1].Json.RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal($"swordfish on {callerThread}", toolMessage.GetProperty("content").GetString());
    }

    [Fact]
    public void A_tool_that_throws_becomes_an_error_result_and_the_loop_continues()
    {
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("broken", "{}")), FakeReply.Text("recovered"));
        var result = _ps.Invoke("""
            $agent = New-StrandsAgent (New-LiteLlmModel 'litellm_proxy/gpt-4o' -ApiKey k -ApiBase $base) -Tool @{ broken = { throw 'disk on fire' } }
            Invoke-StrandsAgent $agent 'try it'
            """).ThrowIfErrors();

        Assert.Equal("recovered", result.Output.Single().ToString());
        var toolMessage = _fake.Requests[1].Json.RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Contains("disk on fire", toolMessage.GetProperty("content").GetString());
    }

    [Fact]
    public void A_tool_keeps_going_after_a_non_terminating_error_and_sees_the_callers_scope_and_pipeline_item()
    {
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("check", """{"name":"x"}""")), FakeReply.Text("done"));
        var result = _ps.Invoke("""
            $agent = New-StrandsAgent (New-LiteLlmModel 'litellm_proxy/gpt-4o' -ApiKey k -ApiBase $base) -Tool @{ check = {
                param([string] $name)
                Get-StrandsNoSuchCommand
                $null.Missing()
                "checked $name for $_ with $suffix"
            } }
            function Invoke-Check { $suffix = 'local'; 'item' | ForEach-Object { Invoke-StrandsAgent $agent 'go' } }
            Invoke-Check
            """).ThrowIfErrors();

        Assert.Equal("done", result.Output.Single().ToString());
        var toolMessage = _fake.Requests[1].Json.RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        var content = toolMessage.GetProperty("content").GetString();
        Assert.StartsWith("checked x for item with local", content);
        Assert.Contains("Errors: The term 'Get-StrandsNoSuchCommand' is not recognized", content);
        Assert.EndsWith("; You cannot call a method on a null-valued expression.", content);
    }

    [Fact]
    public void A_tool_can_run_Invoke_StrandsAgent_itself_and_both_calls_run_again()
    {
        for (var turn = 0; turn < 2; turn++)
            _fake.Enqueue(
                FakeReply.ToolCalls(new FakeToolCall("ask", "{}")),
                FakeReply.ToolCalls(new FakeToolCall("lookup", "{}")),
                FakeReply.Text("inner done"),
                FakeReply.Text("outer done"));
        var result = _ps.Invoke("""
            $model = New-LiteLlmModel 'litellm_proxy/gpt-4o' -ApiKey k -ApiBase $base
            $inner = New-StrandsAgent $model -Tool @{ lookup = { 'inner tool ran' } }
            $outer = New-StrandsAgent $model -Tool @{ ask = { "inner said: $((Invoke-StrandsAgent $inner 'q' 6>$null).Text)" } }
            (Invoke-StrandsAgent $outer 'go' 6>$null).Text
            (Invoke-StrandsAgent $outer 'again' 6>$null).Text
            """).ThrowIfErrors();

        Assert.Equal(new[] { "outer done", "outer done" }, result.Output.Select(o => o.ToString()));
        string ToolContent(int request) => _fake.Requests[request].Json.RootElement.GetProperty("messages").EnumerateArray()
            .Last(m => m.GetProperty("role").GetString() == "tool").GetProperty("content").GetString()!;
        foreach (var first in new[] { 0, 4 })
        {
            Assert.Equal("inner tool ran", ToolContent(first + 2));
            Assert.Equal("inner said: inner done", ToolContent(first + 3));
        }
    }

    [Fact]
    public void Stop_during_a_hanging_stream_returns_within_a_second_and_the_agent_stays_usable()
    {
        _fake.Enqueue(FakeReply.Text("this never finishes").WithFault(Fault.NeverEnd), FakeReply.Text("second try works"));
        _ps.Invoke("$agent = New-StrandsAgent (New-LiteLlmModel 'litellm_proxy/gpt-4o' -ApiKey k -ApiBase $base)").ThrowIfErrors();

        using (var running = _ps.BeginInvoke("Invoke-StrandsAgent $agent 'hang please'"))
        {
            var deadline = Stopwatch.StartNew();
            while (_fake.Requests.Count == 0 && deadline.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(10);
            Thread.Sleep(100);
            var took = running.Stop();
            Assert.True(took < TimeSpan.FromSeconds(1), $"Stop took {took.TotalMilliseconds} ms");
        }

        var next = _ps.Invoke("Invoke-StrandsAgent $agent 'again'").ThrowIfErrors();
        Assert.Equal("second try works", next.Output.Single().ToString());
    }
}
