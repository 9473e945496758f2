# Shared by the Pester files (real Pester 5 in pwsh): imports the built module and starts loopback
# fake providers.

$script:RepoRoot = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', '..'))

if (-not (Get-Module Strands)) {
    Import-Module ([System.IO.Path]::Combine($script:RepoRoot, 'out', 'Strands', 'Strands.psd1'))
}

# The fake provider from its build output (the newest, if Debug and Release both exist). It runs on
# Kestrel, which it resolves from the ASP.NET Core shared framework beside the runtime.
function Import-FakeProvider {
    if ('Strands.FakeProvider.FakeProviderServer' -as [type]) { return }
    $dll = Get-ChildItem -Recurse -File -Filter 'Strands.FakeProvider.dll' -Path ([System.IO.Path]::Combine($script:RepoRoot, 'tests', 'FakeProvider', 'bin')) |
        Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
    if (-not $dll) { throw 'tests/FakeProvider is not built: run ./build.ps1 (or dotnet build Strands.PowerShell.sln) first.' }
    [void][System.Reflection.Assembly]::LoadFrom($dll.FullName)
}

function Start-FakeProvider {
    Import-FakeProvider
    [Strands.FakeProvider.FakeProviderServer]::StartAsync([System.Threading.CancellationToken]::None).GetAwaiter().GetResult()
}

function Stop-FakeProvider([object] $Server) {
    if ($Server) { $null = $Server.DisposeAsync().AsTask().GetAwaiter().GetResult() }
}

function New-FakeToolCall([string] $Name, [string] $Json, [string] $Id) {
    [Strands.FakeProvider.FakeToolCall]::new($Name, $Json, $Id, $null)
}

# The messages array a recorded request sent (parsed from its JSON body).
function Get-SentMessages([object] $Request) {
    $Request.Json.RootElement.GetProperty('messages').EnumerateArray()
}

# Scripted replies for the calling file's fake provider ($fake, found through the caller's scope).
function Reply-Text([string] $Text, [object] $Usage, [int] $Chunks = 2) { $fake.Enqueue([Strands.FakeProvider.FakeReply]::Text($Text, $Usage, $Chunks)) }
function Reply-Tools([object[]] $Calls) { $fake.Enqueue([Strands.FakeProvider.FakeReply]::ToolCalls($Calls)) }

# The content of each tool message a recorded request sent back to the model, in order.
function Get-ToolAnswers([object] $Request) {
    Get-SentMessages $Request | Where-Object { $_.GetProperty('role').GetString() -eq 'tool' } |
        ForEach-Object { $_.GetProperty('content').GetString() }
}

# The pwsh running these tests, as a command line for a child process: an executable in $PSHOME, or
# `dotnet pwsh.dll` when it runs as the repository's .NET tool.
function Get-PwshCommandLine {
    $exe = [System.IO.Path]::Combine($PSHOME, $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
    if ([System.IO.File]::Exists($exe)) { return , @($exe) }
    , @('dotnet', [System.IO.Path]::Combine($PSHOME, 'pwsh.dll'))
}
