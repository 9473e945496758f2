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
