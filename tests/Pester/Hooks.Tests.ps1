# -OnEvent hooks: guardrails and audit logging in PowerShell, run on the pipeline thread of
# Invoke-StrandsAgent — against the fake provider's strict OpenAI dialect.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $fake = Start-FakeProvider
    $base = $fake.BaseUrl.ToString()
    function New-HookAgent([hashtable] $Tools = @{}, [object] $OnEvent) {
        $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $base
        New-StrandsAgent -Model $model -Tool $Tools -OnEvent $OnEvent
    }
}

AfterAll { Stop-FakeProvider $fake }

Describe 'BeforeToolCall' {
    BeforeEach { $start = $fake.Requests.Count }

    It 'blocks a tool: it never runs and the model receives the cancel message' {
        $script:deleted = $false
        Reply-Tools @(New-FakeToolCall 'remove_file' '{"path":"/etc/passwd"}' 'rm1')
        Reply-Text 'I was not allowed to.'
        $guard = {
            param($e)
            if ($e.ToolName -eq 'remove_file' -and $e.Input.path -like '/etc/*') { $e.Cancel = "policy: $($e.Input.path) is protected" }
        }
        $agent = New-HookAgent -Tools @{ remove_file = { param([string] $path) $script:deleted = $true; "removed $path" } } -OnEvent @{ BeforeToolCall = $guard }
        $result = Invoke-StrandsAgent $agent 'delete /etc/passwd' 6>$null
        "$result" | Should -Be 'I was not allowed to.'
        $script:deleted | Should -BeFalse
        (Get-ToolAnswers $fake.Requests[$start + 1]) -join '|' | Should -Be 'policy: /etc/passwd is protected'
        $result.ToolCalls[0].Status | Should -Be 'Error'
    }

    It 'cancels with the default message when Cancel is $true' {
        Reply-Tools @(New-FakeToolCall 'ping' '{}' 'p1')
        Reply-Text 'ok'
        $agent = New-HookAgent -Tools @{ ping = { 'pong' } } -OnEvent @{ BeforeToolCall = { param($e) $e.Cancel = $true } }
        $null = Invoke-StrandsAgent $agent 'ping' 6>$null
        (Get-ToolAnswers $fake.Requests[$start + 1]) -join '|' | Should -Be 'tool cancelled by user'
    }

    It 'replaces the arguments the tool receives' {
        Reply-Tools @(New-FakeToolCall 'greet' '{"name":"mallory"}' 'g1')
        Reply-Text 'greeted'
        $agent = New-HookAgent -Tools @{ greet = { param([string] $name) "hello $name" } } -OnEvent @{ BeforeToolCall = { param($e) $e.Input.name = 'alice' } }
        $null = Invoke-StrandsAgent $agent 'greet' 6>$null
        (Get-ToolAnswers $fake.Requests[$start + 1]) -join '|' | Should -Be 'hello alice'
    }
}

Describe 'AfterToolCall' {
    BeforeEach { $start = $fake.Requests.Count }

    It 'logs every call to a list' {
        $log = [System.Collections.Generic.List[object]]::new()
        Reply-Tools @((New-FakeToolCall 'add' '{"a":1,"b":2}' 'c1'), (New-FakeToolCall 'add' '{"a":5,"b":"x"}' 'c2'))
        Reply-Tools @(New-FakeToolCall 'missing' '{}' 'c3')
        Reply-Text 'done'
        $audit = { param($e) $log.Add([pscustomobject]@{ Tool = $e.ToolName; Id = $e.ToolUseId; Input = $e.Input; Status = $e.Status; Result = $e.Result }) }
        $agent = New-HookAgent -Tools @{ add = { param([int] $a, [int] $b) $a + $b } } -OnEvent @{ AfterToolCall = $audit }
        $null = Invoke-StrandsAgent $agent 'add things' 6>$null
        $log | Should -HaveCount 3
        $log[0].Tool | Should -Be 'add'
        $log[0].Id | Should -Be 'c1'
        $log[0].Input.a | Should -Be 1
        $log[0].Status | Should -Be 'success'
        $log[0].Result | Should -Be '3'
        $log[1].Status | Should -Be 'error'
        $log[2].Tool | Should -Be 'missing'
        $log[2].Result | Should -Match 'unknown tool'
    }

    It 'rewrites a result before the model sees it' {
        Reply-Tools @(New-FakeToolCall 'secret' '{}' 's1')
        Reply-Text 'ok'
        $redact = { param($e) $e.Result = $e.Result -replace 'hunter2', '[redacted]' }
        $agent = New-HookAgent -Tools @{ secret = { 'password=hunter2' } } -OnEvent @{ AfterToolCall = $redact }
        $result = Invoke-StrandsAgent $agent 'tell me' 6>$null
        (Get-ToolAnswers $fake.Requests[$start + 1]) -join '|' | Should -Be 'password=[redacted]'
        $result.ToolCalls[0].Result | Should -Be 'password=[redacted]'
    }

    It 'can turn a result into an error' {
        Reply-Tools @(New-FakeToolCall 'ping' '{}' 'e1')
        Reply-Text 'ok'
        $agent = New-HookAgent -Tools @{ ping = { 'pong' } } -OnEvent @{ AfterToolCall = { param($e) $e.Status = 'error'; $e.Result = 'not today' } }
        $result = Invoke-StrandsAgent $agent 'ping' 6>$null
        $result.ToolCalls[0].Status | Should -Be 'Error'
        (Get-ToolAnswers $fake.Requests[$start + 1]) -join '|' | Should -Be 'not today'
    }
}

Describe 'Event order' {
    It 'raises every event of one invocation in order' {
        $events = [System.Collections.Generic.List[string]]::new()
        Reply-Tools @(New-FakeToolCall 'ping' '{}' 'o1')
        Reply-Text 'finished'
        $record = { param($e) $events.Add($(if ($e.EventName -eq 'MessageAdded') { "MessageAdded:$($e.Role)" } else { "$e" })) }
        $agent = New-HookAgent -Tools @{ ping = { 'pong' } } -OnEvent $record
        $null = Invoke-StrandsAgent $agent 'go' 6>$null
        $events | Should -Be @(
            'BeforeInvocation', 'MessageAdded:user',
            'BeforeModelCall', 'AfterModelCall', 'MessageAdded:assistant',
            'BeforeToolCall ping', 'AfterToolCall ping', 'MessageAdded:user',
            'BeforeModelCall', 'AfterModelCall', 'MessageAdded:assistant',
            'AfterInvocation')
    }

    It 'runs hooks on the pipeline thread' {
        $threads = [System.Collections.Generic.List[int]]::new()
        Reply-Text 'hi'
        $agent = New-HookAgent -OnEvent @{ BeforeModelCall = { $threads.Add([System.Environment]::CurrentManagedThreadId) } }
        $null = Invoke-StrandsAgent $agent 'hi' 6>$null
        $threads | Should -HaveCount 1
        $threads[0] | Should -Be ([System.Environment]::CurrentManagedThreadId)
    }

    It 'passes the invocation result to AfterInvocation' {
        $script:answer = $null
        Reply-Text 'the answer'
        $agent = New-HookAgent -OnEvent @{ AfterInvocation = { param($e) $script:answer = "$($e.Result)/$($e.StopReason)" } }
        $null = Invoke-StrandsAgent $agent 'q' 6>$null
        $script:answer | Should -Be 'the answer/end_turn'
    }
}

Describe 'Hook errors' {
    It 'fails the invocation with HookFailed when a hook throws, and the tool does not run' {
        $script:ran = $false
        Reply-Tools @(New-FakeToolCall 'ping' '{}' 'x1')
        $agent = New-HookAgent -Tools @{ ping = { $script:ran = $true; 'pong' } } -OnEvent @{ BeforeToolCall = { throw 'guard is down' } }
        $err = $null
        $null = Invoke-StrandsAgent $agent 'ping' -ErrorVariable err -ErrorAction SilentlyContinue 6>$null
        $script:ran | Should -BeFalse
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HookFailed,*'
        $err[0].Exception.Message | Should -Match 'The BeforeToolCall hook failed: guard is down'
        # The conversation stays valid: the unanswered call was answered by the repair.
        $agent.Messages[-1].ToolResults | Should -HaveCount 1
    }

    It 'rejects setting a field the event does not allow' {
        $agent = New-HookAgent -OnEvent @{ BeforeModelCall = { param($e) $e.Cancel = 'no' } }
        $err = $null
        $null = Invoke-StrandsAgent $agent 'hi' -ErrorVariable err -ErrorAction SilentlyContinue 6>$null
        $err[0].Exception.Message | Should -Match 'Cancel can be set only in BeforeToolCall events'
    }

    It 'rejects an unknown event name, listing the valid ones' {
        $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $base
        { New-StrandsAgent -Model $model -OnEvent @{ BeforeToolcal = {} } -ErrorAction Stop } |
            Should -Throw "*unknown event 'BeforeToolcal'. Valid events: BeforeInvocation, AfterInvocation, BeforeModelCall, AfterModelCall, BeforeToolCall, AfterToolCall, MessageAdded*"
    }
}
