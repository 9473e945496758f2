# What a user sees in a real terminal: interactive pwsh inside tmux, driven with send-keys and read
# with capture-pane. Ctrl+C during a streamed answer or a tool, a real "No" at a confirmation prompt,
# and how streamed text, verbose lines and progress share the screen.

BeforeDiscovery {
    $noTmux = -not (Get-Command tmux -ErrorAction Ignore) -or $IsWindows
}

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    . "$PSScriptRoot/TerminalHelpers.ps1"
    $socket = "strands-console-$PID"

    # The inner session: its own fake provider and an agent with a slow tool and one that asks first.
    $setup = [System.IO.Path]::Combine($TestDrive, 'setup.ps1')
    Set-Content -LiteralPath $setup -Value @"
$TerminalSetupPrologue
`$ran = [System.Collections.Generic.List[string]]::new()
`$tools = @{
    wait_here = { Write-Host 'TOOL STARTED'; Start-Sleep -Seconds 60; 'slept' }
    remove_it = { param([string] `$name) `$ran.Add(`$name); "removed `$name" }
}
`$agent = New-StrandsAgent -Model `$model -Tool `$tools -ConfirmTool remove_it
"@

    if (-not $noTmux) { Start-Shell 'one' }
}

AfterAll {
    if (-not $noTmux) { & tmux -L $socket kill-server 2>$null }
}

Describe 'Interactive pwsh in a terminal' -Skip:$noTmux {
    BeforeEach { Invoke-Line 'Clear-Host' }

    It 'Ctrl+C <when> brings the prompt back within a second, and the next question is answered' -ForEach @(
        @{ when = 'during a streamed answer'; Script = "`$fake.Enqueue([Strands.FakeProvider.FakeReply]::Text('PARTIAL-ANSWER and the rest never comes', `$null, 4).WithFault([Strands.FakeProvider.Fault]::NeverEnd))"; Shown = 'PARTIAL-ANSWER'; Next = 'SECOND-ANSWER arrived' }
        @{ when = 'during a tool'; Script = "Reply-Tools @(New-FakeToolCall 'wait_here' '{}' 'w1')"; Shown = 'TOOL STARTED'; Next = 'AFTER-TOOL-STOP fine' }
    ) {
        Invoke-Line $Script
        $before = Get-PromptCount (Get-Screen)
        Send-Line one "Invoke-StrandsAgent `$agent 'take your time'"
        $null = Wait-Screen one { param($s) $s -match $Shown }
        Start-Sleep -Milliseconds 300
        & tmux -L $socket send-keys -t one C-c
        $elapsed = Wait-Screen one { param($s) (Get-PromptCount $s) -gt $before } 5
        $elapsed.TotalSeconds | Should -BeLessThan 1

        # The next call is accepted by the strict fake provider only if the interrupted turn left a valid conversation.
        Invoke-Line "Reply-Text '$Next'; Invoke-StrandsAgent `$agent 'are you there?' | Out-Null"
        Get-Screen | Should -Match $Next
    }

    It '-Confirm answered N at the real prompt does not run the tool and tells the model' {
        Invoke-Line "Reply-Tools @(New-FakeToolCall 'remove_it' '{""name"":""db1""}' 'r1'); Reply-Text 'DECLINED-OK'"
        $before = Get-PromptCount (Get-Screen)
        Send-Line one "Invoke-StrandsAgent `$agent 'remove db1' -Confirm"
        $null = Wait-Screen one { param($s) $s -match '\[N\] No' }
        Get-Screen | Should -Match 'remove_it'
        & tmux -L $socket send-keys -t one N Enter
        $null = Wait-Screen one { param($s) (Get-PromptCount $s) -gt $before }
        Get-Screen | Should -Match 'DECLINED-OK'
        Invoke-Line "'ran: ' + `$ran.Count + '; answer: ' + (Get-ToolAnswers `$fake.Requests[-1])"
        Get-Screen | Should -Match 'ran: 0; answer: .*The user declined to run the tool ''remove_it'''
    }

    It 'streamed text ends its line before a verbose line, and progress names the running tool' {
        Invoke-Line "`$fake.Enqueue([Strands.FakeProvider.FakeReply]::ToolCalls('Looking into it.', `$null, @(New-FakeToolCall 'slow_step' '{}' 's1'))); Reply-Text 'ALL-DONE now'"
        Invoke-Line "`$agent2 = New-StrandsAgent -Model `$model -Tool @{ slow_step = { Start-Sleep -Seconds 2; 'ok' } }"
        $before = Get-PromptCount (Get-Screen)
        Send-Line one "Invoke-StrandsAgent `$agent2 'go' -Verbose | Out-Null"
        $null = Wait-Screen one { param($s) $s -match 'slow_step' -and $s -match '(?i)running tool' } 10
        $null = Wait-Screen one { param($s) (Get-PromptCount $s) -gt $before } 20
        $screen = Get-Screen
        $screen | Should -Match '(?m)^Looking into it\.\s*$'
        $screen | Should -Not -Match 'it\.VERBOSE:'
        $screen | Should -Match '(?m)^VERBOSE: '
        $screen | Should -Match 'ALL-DONE now'
    }
}
