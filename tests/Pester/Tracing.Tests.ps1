# OpenTelemetry spans through the cmdlets: a listener in the caller's process sees invoke_agent,
# cycle, chat and execute_tool spans under the caller's own activity, and never a key.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $fake = Start-FakeProvider
    $secret = 'tracing-test-secret-0123456789abcdef'
    $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey $secret -ApiBase $fake.BaseUrl.ToString()
    if (-not ('StrandsSpanCollector' -as [type])) {
        Add-Type -TypeDefinition @'
using System.Collections.Concurrent;
using System.Diagnostics;
public static class StrandsSpanCollector
{
    public static readonly ConcurrentQueue<Activity> Stopped = new ConcurrentQueue<Activity>();
    private static ActivityListener _listener;
    public static void Start()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Strands.Agents",
            Sample = (ref ActivityCreationOptions<ActivityContext> o) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }
    public static void Stop() { if (_listener != null) _listener.Dispose(); }
}
'@
    }
    [StrandsSpanCollector]::Start()
    function Get-Spans([System.Diagnostics.Activity] $Root) { @([StrandsSpanCollector]::Stopped | Where-Object { $_.TraceId -eq $Root.TraceId }) }
    function Get-AllTagText([object[]] $Spans) { ($Spans | ForEach-Object { $_.OperationName; $_.StatusDescription; $_.TagObjects | ForEach-Object { "$($_.Key)=$($_.Value -join ',')" } }) -join "`n" }
}

AfterAll {
    [StrandsSpanCollector]::Stop()
    Stop-FakeProvider $fake
}

Describe 'Spans of an invocation' {
    It 'nests invoke_agent, cycles, chat and execute_tool under the caller''s activity, with no key in any span' {
        $agent = New-StrandsAgent $model -Name 'nightly' -Tool @{ disk_free = { param([string] $Drive) "42 GB free on $Drive" } }
        Reply-Tools @(New-FakeToolCall 'disk_free' '{"Drive":"C"}' 'call_1')
        Reply-Text 'C has 42 GB free.' ([Strands.FakeProvider.FakeUsage]::new(120, 9, 20, 0))
        $root = [System.Diagnostics.Activity]::new('nightly-job').Start()
        try {
            $env:OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true'
            $null = Invoke-StrandsAgent $agent "How much space is free on C? ($secret must never be traced... as a key)" 6>$null
        }
        finally {
            Remove-Item Env:OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT
            $root.Stop()
        }
        $spans = Get-Spans $root
        $invoke = @($spans | Where-Object OperationName -eq 'invoke_agent nightly')
        $invoke.Count | Should -Be 1
        $invoke[0].ParentSpanId | Should -Be $root.SpanId
        @($spans | Where-Object OperationName -eq 'execute_event_loop_cycle').Count | Should -Be 2
        $chats = @($spans | Where-Object OperationName -eq 'chat' | Sort-Object StartTimeUtc)
        $chats.Count | Should -Be 2
        $chats[1].GetTagItem('gen_ai.request.model') | Should -Be 'gpt-4o'
        $chats[1].GetTagItem('gen_ai.usage.input_tokens') | Should -Be 120
        $chats[1].GetTagItem('gen_ai.usage.cache_read_input_tokens') | Should -Be 20
        $chats[1].GetTagItem('gen_ai.response.finish_reasons') | Should -Be @('end_turn')
        $chats[1].GetTagItem('gen_ai.completion') | Should -Be 'C has 42 GB free.'
        $tool = @($spans | Where-Object OperationName -eq 'execute_tool disk_free')
        $tool[0].GetTagItem('tool.status') | Should -Be 'success'
        $tool[0].GetTagItem('gen_ai.tool.result') | Should -Be '42 GB free on C'
        # The user typed the key into the prompt, so the opted-in prompt text holds it; nothing else may.
        (Get-AllTagText $spans) -replace [regex]::Escape("How much space is free on C? ($secret must never be traced... as a key)"), '' | Should -Not -Match $secret
    }

    It 'marks a failed call as an error and keeps the key the provider echoed out of the span' {
        $agent = New-StrandsAgent $model
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::ProviderError(401, "Incorrect API key provided: $secret"))
        $root = [System.Diagnostics.Activity]::new('nightly-job').Start()
        try { $null = Invoke-StrandsAgent $agent 'hi' -ErrorAction SilentlyContinue 6>$null }
        finally { $root.Stop() }
        $spans = Get-Spans $root
        $chat = @($spans | Where-Object OperationName -eq 'chat')
        "$($chat[0].Status)" | Should -Be 'Error'
        $chat[0].GetTagItem('error.type') | Should -Be 'AuthenticationFailed'
        "$(@($spans | Where-Object OperationName -like 'invoke_agent*')[0].Status)" | Should -Be 'Error'
        Get-AllTagText $spans | Should -Not -Match $secret
    }
}

Describe 'Export over OTLP/HTTP' {
    It 'loads the OpenTelemetry SDK only for -TraceTo and posts the invocation''s spans before the call returns' {
        # A fresh pwsh: once export is on it stays on for the process, which other test files share.
        Reply-Tools @(New-FakeToolCall 'disk_free' '{"Drive":"C"}' 'call_9')
        Reply-Text 'C has 42 GB free.'
        $module = [System.IO.Path]::Combine($RepoRoot, 'out', 'Strands', 'Strands.psd1')
        $script = @"
Import-Module '$module'
`$model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey '$secret' -ApiBase '$($fake.BaseUrl)'
`$agent = New-StrandsAgent `$model -Name 'exported' -Tool @{ disk_free = { param([string] `$Drive) "42 GB free on `$Drive" } }
'before: ' + ([AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -contains 'OpenTelemetry')
`$null = Invoke-StrandsAgent `$agent 'space on C?' -TraceTo '$($fake.BaseUrl)' 6>`$null
'after: ' + ([System.Runtime.Loader.AssemblyLoadContext]::All.Assemblies.GetName().Name -contains 'OpenTelemetry')
"@
        $pwsh = Get-PwshCommandLine
        $start = $fake.Requests.Count
        $out = @($null | & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" })
        $out | Should -Contain 'before: False'
        $out | Should -Contain 'after: True'
        $export = @($fake.Requests | Select-Object -Skip $start | Where-Object Path -eq '/v1/traces')
        $export.Count | Should -Be 1
        $export[0].Headers['Content-Type'] | Should -Be 'application/x-protobuf'
        foreach ($name in 'invoke_agent exported', 'execute_event_loop_cycle', 'chat', 'execute_tool disk_free', 'gen_ai.usage.input_tokens', 'strands-powershell') {
            $export[0].Body | Should -Match ([regex]::Escape($name))
        }
        $export[0].Body | Should -Not -Match $secret
    }
}
