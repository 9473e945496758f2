# Drives interactive pwsh sessions inside tmux for the console and chat tests: send-keys to type,
# capture-pane to read. The calling file sets $socket (a tmux server of its own) and $setup (a
# script each inner pwsh dot-sources); windows are named, 'one' first.

$script:terminalPwsh = (Get-PwshCommandLine | ForEach-Object { "'$_'" }) -join ' '

# The first lines of every inner session's setup: the module, a fake provider and a model on it,
# and a prompt that counts up (READY1>, READY2>…) so a new one is easy to tell from an old one.
$script:TerminalSetupPrologue = @"
. '$PSScriptRoot/TestHelpers.ps1'
`$fake = Start-FakeProvider
`$model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase `$fake.BaseUrl.ToString()
`$global:promptNumber = 0
function prompt { 'READY' + (++`$global:promptNumber) + '> ' }
if (Get-Module PSReadLine) { Set-PSReadLineOption -PredictionSource None }
"@

function Send-Line([string] $Window, [string] $Text) {
    & tmux -L $socket send-keys -t $Window -l $Text
    & tmux -L $socket send-keys -t $Window Enter
}

function Get-Screen([string] $Window = 'one') { (& tmux -L $socket capture-pane -p -J -t $Window -S -300) -join "`n" }

# Polls the screen until $Condition holds; returns the elapsed time, or throws with the screen.
function Wait-Screen([string] $Window, [scriptblock] $Condition, [double] $TimeoutSec = 20) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    while ($watch.Elapsed.TotalSeconds -lt $TimeoutSec) {
        $screen = Get-Screen $Window
        if (& $Condition $screen) { return $watch.Elapsed }
        Start-Sleep -Milliseconds 20
    }
    throw "The screen did not show what was expected within $TimeoutSec s:`n$(Get-Screen $Window)"
}

function Get-LastLine([string] $Screen) { ($Screen.TrimEnd() -split "`n")[-1].TrimEnd() }

# The number of the last shell prompt on screen.
function Get-PromptCount([string] $Screen) {
    ([regex]::Matches($Screen, '(?m)^READY(\d+)> ') | ForEach-Object { [int]$_.Groups[1].Value } | Measure-Object -Maximum).Maximum
}

# Types a shell command once the shell is idle and waits for its next prompt.
function Invoke-Line([string] $Text, [string] $Window = 'one', [double] $TimeoutSec = 20) {
    $null = Wait-Screen $Window { param($s) (Get-LastLine $s) -match '^(READY\d+|PS .*)>$' }
    $before = Get-PromptCount (Get-Screen $Window)
    Send-Line $Window $Text
    $null = Wait-Screen $Window { param($s) (Get-PromptCount $s) -gt $before } $TimeoutSec
}

# Starts an interactive pwsh in a new window (the server's first session for 'one') and runs $setup in it.
function Start-Shell([string] $Window = 'one') {
    if ($Window -eq 'one') {
        & tmux -L $socket new-session -d -s terminal -n one -x 160 -y 50 -e POWERSHELL_TELEMETRY_OPTOUT=1 "$script:terminalPwsh -NoProfile -NoLogo"
    }
    else {
        & tmux -L $socket new-window -t terminal -n $Window "$script:terminalPwsh -NoProfile -NoLogo"
    }
    $null = Wait-Screen $Window { param($s) $s -match 'PS .*> ' } 30
    Invoke-Line ". '$setup'" $Window 30
    Invoke-Line 'Clear-Host' $Window
}
