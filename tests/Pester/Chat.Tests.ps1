# Enter-StrandsChat as a user meets it: an interactive pwsh inside tmux, driven with send-keys and
# read with capture-pane, against the loopback fake provider. A chat with a tool call, the commands,
# Ctrl+C during an answer and a tool, sessions saved in one pwsh and loaded in another, and the
# refusal where nobody can type.

BeforeDiscovery {
    $noTmux = -not (Get-Command tmux -ErrorAction Ignore) -or $IsWindows
}

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    . "$PSScriptRoot/TerminalHelpers.ps1"
    # A socket of its own: never the console tests' server, whichever file runs first.
    $socket = "strands-chat-$PID"
    $sessionFile = [System.IO.Path]::Combine($TestDrive, 'chat.session.json')

    # Each inner pwsh: its own fake provider, an agent with a quick tool, a slow one and one that
    # asks first, and a prompt that is easy to find.
    $setup = [System.IO.Path]::Combine($TestDrive, 'setup.ps1')
    Set-Content -LiteralPath $setup -Value @"
$TerminalSetupPrologue
`$ran = [System.Collections.Generic.List[string]]::new()
`$tools = @{
    get_disk_usage = { param([string] `$path) "`$path is 42% full" }
    wait_here = { Start-Sleep -Seconds 60; 'slept' }
    remove_it = { param([string] `$name) `$ran.Add(`$name); "removed `$name" }
}
function New-TestAgent { `$global:agent = New-StrandsAgent -Model `$model -Tool `$tools -ConfirmTool remove_it }
New-TestAgent
# What a recorded request sent, one 'role: text' per message ('|' between messages, '/' for a line break).
function Get-Sent([int] `$Index = -1) {
    (Get-SentMessages `$fake.Requests[`$Index] | ForEach-Object {
        `$content = `$_.GetProperty('content')
        `$text = if (`$content.ValueKind -eq 'Array') { (`$content.EnumerateArray() | ForEach-Object { `$_.GetProperty('text').GetString() }) -join '' } else { `$content.ToString() }
        `$_.GetProperty('role').GetString() + ': ' + (`$text -replace '\n', '/')
    }) -join '|'
}
"@

    # Chat prompts on screen (the shell's are counted by Get-PromptCount).
    function Get-ChatPromptCount([string] $Screen) { [regex]::Matches($Screen, '(?m)^you> ').Count }

    # Types a line into the chat and waits for the chat's next prompt.
    function Invoke-ChatLine([string] $Text, [string] $Window = 'one', [double] $TimeoutSec = 20) {
        $null = Wait-Screen $Window { param($s) (Get-LastLine $s) -match '^(you|>)>$' }
        $before = Get-ChatPromptCount (Get-Screen $Window)
        Send-Line $Window $Text
        $null = Wait-Screen $Window { param($s) (Get-ChatPromptCount $s) -gt $before } $TimeoutSec
    }

    # Starts the chat from the shell and waits for its first prompt.
    function Enter-Chat([string] $Command = 'Enter-StrandsChat $agent', [string] $Window = 'one') {
        $null = Wait-Screen $Window { param($s) (Get-LastLine $s) -match '^READY\d+>$' }
        Send-Line $Window $Command
        $null = Wait-Screen $Window { param($s) (Get-LastLine $s) -eq 'you>' } 30
    }

    # Leaves the chat with /exit and waits for the shell's prompt.
    function Exit-Chat([string] $Window = 'one') {
        $before = Get-PromptCount (Get-Screen $Window)
        Send-Line $Window '/exit'
        $null = Wait-Screen $Window { param($s) (Get-PromptCount $s) -gt $before }
    }

    if (-not $noTmux) {
        & tmux -L $socket kill-server 2>$null
        Start-Shell 'one'
    }
}

AfterAll {
    if (-not $noTmux) { & tmux -L $socket kill-server 2>$null }
}

Describe 'Enter-StrandsChat in a terminal' -Skip:$noTmux {
    BeforeEach {
        # A test that failed inside the chat leaves it open: leave it, so the next test starts at the shell.
        if ((Get-LastLine (Get-Screen)) -match '^(you|>)>$') { & tmux -L $socket send-keys -t one C-c C-c }
        Invoke-Line 'Clear-Host; New-TestAgent'
    }

    It 'runs a two-turn chat with a tool call, /usage, /model, /reset and unknown commands, writes nothing, and keeps the conversation' {
        Invoke-Line "Reply-Tools @(New-FakeToolCall 'get_disk_usage' '{""path"":""/var""}' 't1'); Reply-Text 'FIRST-ANSWER: /var is 42% full.'; Reply-Text 'SECOND-ANSWER on the new model'; Reply-Text 'AFTER-RESET fresh'"
        Enter-Chat '$out = Enter-StrandsChat $agent'
        Invoke-ChatLine 'how full is /var?'
        Invoke-ChatLine '/usage'
        Invoke-ChatLine '/model openai/gpt-4o-mini'
        Invoke-ChatLine 'and on the small model?'
        Invoke-ChatLine '/frobnicate'
        $screen = Get-Screen
        $screen | Should -Match '(?m)^→ get_disk_usage \(path=/var\) ✓ \d+ ms\s*$'
        $screen | Should -Match '(?m)^FIRST-ANSWER: /var is 42% full\.\s*$'
        $screen | Should -Match '(?m)^agent\s+Strands Agents\s+openai/gpt-4o\s+20\s+10\s+0\s+2\s+1\b'
        $screen | Should -Match 'Model: openai/gpt-4o-mini \(openai\)'
        $screen | Should -Match '(?m)^SECOND-ANSWER on the new model\s*$'
        $screen | Should -Match 'Unknown command /frobnicate\. Commands: /help, /exit, /reset, /usage, /save, /load, /model, /system\.'

        Invoke-ChatLine '/reset'
        Invoke-ChatLine 'after the reset'
        Exit-Chat
        Invoke-Line "'out: ' + @(`$out).Count + '; messages: ' + `$agent.MessageCount + '; model sent: ' + `$fake.Requests[-2].Json.RootElement.GetProperty('model') + '; after reset sent: ' + @(Get-SentMessages `$fake.Requests[-1]).Count"
        Get-Screen | Should -Match 'out: 0; messages: 2; model sent: gpt-4o-mini; after reset sent: 1'
    }

    It 'Ctrl+C during a streamed answer returns to the chat prompt within a second, and the next question is answered' {
        Invoke-Line "`$fake.Enqueue([Strands.FakeProvider.FakeReply]::Text('PARTIAL-ANSWER and the rest never comes', `$null, 4).WithFault([Strands.FakeProvider.Fault]::NeverEnd)); Reply-Text 'AFTER-STOP fine'"
        Enter-Chat
        $before = Get-ChatPromptCount (Get-Screen)
        Send-Line 'one' 'hang please'
        $null = Wait-Screen 'one' { param($s) $s -match 'PARTIAL-ANSWER' }
        Start-Sleep -Milliseconds 300
        & tmux -L $socket send-keys -t one C-c
        $elapsed = Wait-Screen 'one' { param($s) (Get-ChatPromptCount $s) -gt $before } 5
        $elapsed.TotalSeconds | Should -BeLessThan 1
        Get-Screen | Should -Match '\(stopped\)'

        Invoke-ChatLine 'are you there?'
        Get-Screen | Should -Match '(?m)^AFTER-STOP fine\s*$'
        Exit-Chat
        Invoke-Line "'sent: ' + (Get-Sent)"
        # The stopped question and the new one reached the provider, in a conversation it accepted.
        Get-Screen | Should -Match 'sent: user: hang please\|.*user: are you there\?'
    }

    It 'Ctrl+C during a tool stops it within a second; the call is answered and the chat goes on' {
        Invoke-Line "Reply-Tools @(New-FakeToolCall 'wait_here' '{}' 'w1'); Reply-Text 'AFTER-TOOL-STOP fine'"
        Enter-Chat
        $before = Get-ChatPromptCount (Get-Screen)
        Send-Line 'one' 'wait please'
        $null = Wait-Screen 'one' { param($s) $s -match '→ wait_here \(\)' }
        Start-Sleep -Milliseconds 300
        & tmux -L $socket send-keys -t one C-c
        $elapsed = Wait-Screen 'one' { param($s) (Get-ChatPromptCount $s) -gt $before } 5
        $elapsed.TotalSeconds | Should -BeLessThan 1

        Get-Screen | Should -Match '(?m)^→ wait_here \(\) ✗ stopped\s*$'
        Invoke-ChatLine 'still there?'
        Get-Screen | Should -Match 'AFTER-TOOL-STOP fine'
        Exit-Chat
        Invoke-Line "'answer: ' + (Get-ToolAnswers `$fake.Requests[-1])"
        Get-Screen | Should -Match 'answer: .*cancel'
    }

    It 'recalls earlier inputs with Up, completes commands with Tab, drops a typed line on Ctrl+C and leaves on Ctrl+D' {
        Invoke-Line "Reply-Text 'ONE-BACK'; Reply-Text 'TWO-BACK'"
        Enter-Chat
        Invoke-ChatLine 'the first question'
        $before = Get-ChatPromptCount (Get-Screen)
        & tmux -L $socket send-keys -t one Up Enter
        $null = Wait-Screen 'one' { param($s) (Get-ChatPromptCount $s) -gt $before -and $s -match 'TWO-BACK' }
        Get-Screen | Should -Match '(?m)^you> the first question\s*\n(.*\n)?TWO-BACK'
        & tmux -L $socket send-keys -t one -l '/usa'
        & tmux -L $socket send-keys -t one Tab
        $null = Wait-Screen 'one' { param($s) (Get-LastLine $s) -eq 'you> /usage' }
        & tmux -L $socket send-keys -t one C-c
        $null = Wait-Screen 'one' { param($s) (Get-LastLine $s) -eq 'you>' -and $s -match '/usage \^C' }
        $before = Get-PromptCount (Get-Screen)
        & tmux -L $socket send-keys -t one C-d
        $null = Wait-Screen 'one' { param($s) (Get-PromptCount $s) -gt $before } 5
    }

    It 'Ctrl+C at an empty prompt leaves the chat' {
        Enter-Chat
        $before = Get-PromptCount (Get-Screen)
        & tmux -L $socket send-keys -t one C-c
        $null = Wait-Screen 'one' { param($s) (Get-PromptCount $s) -gt $before } 5
    }

    It 'takes continued lines and pasted blocks as one input' {
        Invoke-Line "Reply-Text 'GOT-CONTINUED'; Reply-Text 'GOT-BLOCK'"
        Enter-Chat
        Send-Line 'one' 'first part `'
        $null = Wait-Screen 'one' { param($s) (Get-LastLine $s) -eq '>>' }
        Invoke-ChatLine 'second part'
        Send-Line 'one' '"""'
        $null = Wait-Screen 'one' { param($s) (Get-LastLine $s) -eq '>>' }
        & tmux -L $socket send-keys -t one -l "line one`r`rline three`r"
        Invoke-ChatLine '"""'
        Get-Screen | Should -Match 'GOT-BLOCK'
        Exit-Chat
        Invoke-Line "'sent: ' + (Get-Sent)"
        Get-Screen | Should -Match '(?m)sent: user: first part /second part\|assistant: GOT-CONTINUED\|user: line one//line three\s*$'
    }

    It 'asks before a confirmable tool; N declines it and tells the model' {
        Invoke-Line "`$ran.Clear(); Reply-Tools @(New-FakeToolCall 'remove_it' '{""name"":""db1""}' 'r1'); Reply-Text 'DECLINED-OK'"
        Enter-Chat
        Send-Line 'one' 'remove db1'
        $null = Wait-Screen 'one' { param($s) $s -match '\[N\] No' }
        Get-Screen | Should -Match '(?m)^→ remove_it \(name=db1\)\s*$'
        & tmux -L $socket send-keys -t one N Enter
        $null = Wait-Screen 'one' { param($s) (Get-LastLine $s) -eq 'you>' -and $s -match 'DECLINED-OK' }
        Exit-Chat
        Invoke-Line "'ran: ' + `$ran.Count + '; answer: ' + (Get-ToolAnswers `$fake.Requests[-1])"
        Get-Screen | Should -Match 'ran: 0; answer: .*The user declined to run the tool ''remove_it'''
    }

    It '/save writes the session and /load in a new pwsh continues it; -PassThru returns the agent' {
        Invoke-Line "Reply-Text 'REMEMBER-ME: the answer is 42'"
        Enter-Chat
        Invoke-ChatLine 'what is the answer?'
        Invoke-ChatLine "/save '$sessionFile'"
        Get-Screen | Should -Match 'Saved 2 messages to'
        Exit-Chat

        Start-Shell 'two'
        Invoke-Line "Reply-Text 'CONTINUED in the new pwsh'" 'two'
        Enter-Chat '$back = Enter-StrandsChat $agent -PassThru' 'two'
        Invoke-ChatLine "/load $sessionFile" 'two'
        Get-Screen 'two' | Should -Match 'Loaded 2 messages from'
        Invoke-ChatLine 'and what was it?' 'two'
        Get-Screen 'two' | Should -Match 'CONTINUED in the new pwsh'
        Exit-Chat 'two'
        Invoke-Line "'same: ' + [object]::ReferenceEquals(`$back, `$agent) + '; sent: ' + (Get-Sent)" 'two'
        Get-Screen 'two' | Should -Match 'same: True; sent: user: what is the answer\?\|assistant: REMEMBER-ME: the answer is 42\|user: and what was it\?'
    }
}

Describe 'Enter-StrandsChat where nobody can type' {
    It 'fails at once with HostNotInteractive under pwsh -NonInteractive' {
        $module = [System.IO.Path]::Combine((Get-Module Strands).ModuleBase, 'Strands.psd1')
        $script = "Import-Module '$module'; try { Enter-StrandsChat -Model (New-LiteLlmModel 'openai/gpt-4o' -ApiKey k -ApiBase http://127.0.0.1:9) } catch { 'ID=' + `$_.FullyQualifiedErrorId + ' CAT=' + `$_.CategoryInfo.Category + ' MSG=' + `$_.Exception.Message }"
        $command = Get-PwshCommandLine
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $output = & $command[0] @($command | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
        $output | Should -Match 'ID=HostNotInteractive,Strands.PowerShell.Commands.EnterStrandsChatCommand CAT=InvalidOperation'
        $output | Should -Match 'MSG=Enter-StrandsChat needs a host that reads what the user types, and PowerShell was started with -NonInteractive\.'
    }

    It 'fails at once with HostNotInteractive when input is redirected' {
        $module = [System.IO.Path]::Combine((Get-Module Strands).ModuleBase, 'Strands.psd1')
        $script = "Import-Module '$module'; try { Enter-StrandsChat -Model (New-LiteLlmModel 'openai/gpt-4o' -ApiKey k -ApiBase http://127.0.0.1:9) } catch { 'ID=' + `$_.FullyQualifiedErrorId }"
        $command = Get-PwshCommandLine
        $output = 'hello' | & $command[0] @($command | Select-Object -Skip 1) -NoProfile -Command $script 2>&1 | Out-String
        $output | Should -Match 'ID=HostNotInteractive'
    }
}
