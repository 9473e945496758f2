# Shared by the Pester files: imports the built module and starts loopback fake providers.
# Works under real Pester 5 (pwsh) and under our in-process runner (bare engine: core cmdlets + .NET only).

$script:RepoRoot = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', '..'))

if (-not (Get-Module Strands)) {
    Import-Module ([System.IO.Path]::Combine($script:RepoRoot, 'out', 'Strands', 'Strands.psd1'))
}

function Import-FakeProvider {
    # Inside dotnet test the assembly sits beside the tests; under pwsh it is loaded from its build output.
    if ('Strands.FakeProvider.FakeProviderServer' -as [type]) { return }
    try { [void][System.Reflection.Assembly]::Load('Strands.FakeProvider') }
    catch {
        $dll = [System.IO.Directory]::GetFiles([System.IO.Path]::Combine($script:RepoRoot, 'tests', 'FakeProvider', 'bin'), 'Strands.FakeProvider.dll', 'AllDirectories') | Select-Object -First 1
        [void][System.Reflection.Assembly]::LoadFrom($dll)
    }
}

function Start-FakeProvider {
    Import-FakeProvider
    [Strands.FakeProvider.FakeProviderServer]::StartAsync([System.Threading.CancellationToken]::None).GetAwaiter().GetResult()
}

function Stop-FakeProvider([object] $Server) {
    if ($Server) { $Server.DisposeAsync().AsTask().GetAwaiter().GetResult() }
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
