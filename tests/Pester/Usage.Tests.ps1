# Get-StrandsUsage: what one invocation cost versus what an agent has cost so far, and a usage
# pipeline that drives the same agent again (it must not deadlock).

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $fake = Start-FakeProvider
    $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $fake.BaseUrl.ToString()

    # Runs $Script in a runspace of its own (the module imported, $fake and $model given) and waits at
    # most $Seconds: a regression that hangs fails this test instead of hanging the whole run.
    function Invoke-WithDeadline([scriptblock] $Script, [int] $Seconds = 20) {
        $ps = [powershell]::Create()
        $null = $ps.AddScript(". '$PSScriptRoot/TestHelpers.ps1'; & { $Script } @args").AddArgument($fake).AddArgument($model)
        $handle = $ps.BeginInvoke()
        if (-not $handle.AsyncWaitHandle.WaitOne([timespan]::FromSeconds($Seconds))) {
            # Left running: a deadlocked pipeline cannot be stopped, only abandoned.
            throw "did not finish within $Seconds s (deadlock)"
        }
        try { $ps.EndInvoke($handle) } finally { $ps.Dispose() }
    }
}

AfterAll { Stop-FakeProvider $fake }

Describe 'Get-StrandsUsage in a pipeline that uses the agent again' {
    It 'lets each usage row start another invocation of the same agent' {
        $out = Invoke-WithDeadline {
            param($fake, $model)
            Reply-Text 'first'
            Reply-Text 'second'
            $agent = New-StrandsAgent $model
            $null = Invoke-StrandsAgent $agent 'start' 6>$null
            $next = Get-StrandsUsage $agent | ForEach-Object { Invoke-StrandsAgent $agent 'next' 6>$null }
            "$next"
            (Get-StrandsUsage $agent).Invocations
        }
        $out[0] | Should -Be 'second'
        $out[1] | Should -Be 2
    }
}

Describe 'Per-invocation and cumulative usage' {
    It 'reports each piped result''s own usage, and the agent''s total when the agent is piped' {
        Reply-Text 'a1'
        Reply-Text 'a2'
        $agent = New-StrandsAgent $model
        $rows = @('q1', 'q2' | Invoke-StrandsAgent $agent 6>$null | Get-StrandsUsage)
        $rows.InputTokens | Should -Be @(10, 10)
        $rows.OutputTokens | Should -Be @(5, 5)
        $total = $agent | Get-StrandsUsage
        $total.Scope | Should -Be 'agent'
        $total.Invocations | Should -Be 2
        # Summing the per-result rows gives the agent's total: nothing is counted twice.
        ($rows | Measure-Object InputTokens -Sum).Sum | Should -Be $total.InputTokens
        ($rows | Measure-Object OutputTokens -Sum).Sum | Should -Be $total.OutputTokens
        ($rows | Out-String) | Should -Match '(?m)^invocation\s'
        ($total | Out-String) | Should -Match '(?m)^agent\s'
    }
}
