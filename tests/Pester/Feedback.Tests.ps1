# What a user sees while an agent runs: streamed text on the host (information stream, PSHOST tag,
# no newline, silenced by 6>$null), -Stream objects instead, -Verbose per call, -Debug bodies
# without keys.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $fake = Start-FakeProvider
    $base = $fake.BaseUrl.ToString()
    $secret = 'sk-FEEDBACK-2c9e4a7b1'
    $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey $secret -ApiBase $base
}

AfterAll { Stop-FakeProvider $fake }

Describe 'Streaming to the host' {
    It 'streams text through the information stream with the PSHOST tag and no newline' {
        Reply-Text 'hello there' -Chunks 3
        $records = @(Invoke-StrandsAgent (New-StrandsAgent $model) 'hi' 6>&1)
        $text = @($records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] })
        $text.Count | Should -BeGreaterThan 1
        $text | ForEach-Object { $_.Tags | Should -Contain 'PSHOST' }
        $text[0].MessageData.NoNewLine | Should -BeTrue
        ($text | Where-Object { $_.MessageData.NoNewLine } | ForEach-Object { $_.MessageData.Message }) -join '' | Should -Be 'hello there'
        $records[-1].PSObject.TypeNames[0] | Should -Be 'Strands.AgentResult'
    }

    It 'is silenced by 6>$null' {
        Reply-Text 'quiet'
        $records = @(Invoke-StrandsAgent (New-StrandsAgent $model) 'hi' 6>$null)
        $records | Should -HaveCount 1
        "$($records[0])" | Should -Be 'quiet'
    }

    It 'writes no host text with -Stream' {
        Reply-Text 'as objects'
        $records = @(Invoke-StrandsAgent (New-StrandsAgent $model) 'hi' -Stream 6>&1)
        @($records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }) | Should -HaveCount 0
        @($records | Where-Object { $_.Type -eq 'TextDelta' }).Count | Should -BeGreaterThan 0
    }

    It 'writes ToolUse and ToolResult events with -Stream' {
        Reply-Tools @(New-FakeToolCall 'echo' '{"text":"ping"}' 's1')
        Reply-Text 'pong'
        $agent = New-StrandsAgent $model -Tool @{ echo = { param([string] $text) "echo:$text" } }
        $records = @(Invoke-StrandsAgent $agent 'hi' -Stream)
        $use = $records | Where-Object { $_.Type -eq 'ToolUse' }
        $use.ToolName | Should -Be 'echo'
        $use.Input | Should -Match '"text"\s*:\s*"ping"'
        ($records | Where-Object { $_.Type -eq 'ToolResult' }).Text | Should -Be 'echo:ping'
        @($records | Where-Object { $_.Type -eq 'Metadata' }) | Should -HaveCount 2
    }
}

Describe 'Verbose and Debug' {
    It 'writes one verbose line per model call and per tool call' {
        Reply-Tools @(New-FakeToolCall 'echo' '{"text":"v"}' 'v1')
        Reply-Text 'done'
        $agent = New-StrandsAgent $model -Tool @{ echo = { param([string] $text) $text } }
        $verbose = @(Invoke-StrandsAgent $agent 'hi' -Verbose 4>&1 6>$null | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { $_.Message })
        @($verbose | Where-Object { $_ -match '^Model openai/gpt-4o: 10 in .* / 5 out tokens, \d+ ms' }) | Should -HaveCount 2
        @($verbose | Where-Object { $_ -match '^Tool echo: success in \d+ ms' }) | Should -HaveCount 1
    }

    It 'writes request and response bodies to Debug without the key' {
        Reply-Text 'debugged'
        $DebugPreference = 'Continue'
        $debug = @(Invoke-StrandsAgent (New-StrandsAgent $model) 'tell me' 5>&1 6>$null | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object { $_.Message })
        $DebugPreference = 'SilentlyContinue'
        ($debug -join "`n") | Should -Match '"messages"'
        ($debug -join "`n") | Should -Match 'tell me'
        ($debug -join "`n").Contains($secret) | Should -BeFalse
        ($debug -join "`n") | Should -Not -Match 'Bearer'
    }
}

Describe 'Warnings while streamed text is open' {
    It 'ends the streamed line before a hook''s or a tool''s warning (as a console shows it)' {
        # Hooks and tools run in nested pipelines that write to the host themselves, so this is judged
        # on what a fresh pwsh prints.
        $script = Join-Path $TestDrive 'warnings.ps1'
        Set-Content -LiteralPath $script -Value @"
`$PSStyle.OutputRendering = 'PlainText'
. '$PSScriptRoot/TestHelpers.ps1'
`$fake = Start-FakeProvider
try {
    `$model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase `$fake.BaseUrl.ToString()
    `$fake.Enqueue([Strands.FakeProvider.FakeReply]::ToolCalls('Let me check.', `$null, @(New-FakeToolCall 'probe' '{}' 'w1')))
    Reply-Text 'done'
    `$agent = New-StrandsAgent `$model -Tool @{ probe = { Write-Warning 'tool warning'; 'ok' } } -OnEvent @{ AfterModelCall = { Write-Warning 'hook warning' } }
    `$null = Invoke-StrandsAgent `$agent 'hi'
}
finally { `$null = Stop-FakeProvider `$fake }
"@
        $pwsh = Get-PwshCommandLine
        $lines = @($null | & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -File $script 2>&1 | ForEach-Object { "$_" })
        $all = $lines -join "`n"
        $lines | Should -Contain 'Let me check.' -Because $all
        $lines | Should -Contain 'WARNING: hook warning' -Because $all
        $lines | Should -Contain 'WARNING: tool warning' -Because $all
        @($lines | Where-Object { $_ -match '.WARNING:' }) | Should -BeNullOrEmpty -Because 'a warning starts its own line'
    }
}
