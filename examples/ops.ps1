<#
.SYNOPSIS
    An ops agent whose tools read the local machine: the largest files under a folder and the
    processes using the most memory.
.DESCRIPTION
    With OPENAI_API_KEY set it calls OpenAI (openai/gpt-4o-mini). Without it, it replays
    recordings/ops.json: the tools still run here, on this machine, and their results are sent
    as in a live run (a replay compares everything but tool results, which depend on the machine).
.PARAMETER Folder
    The folder to inspect; defaults to this examples folder.
#>
param([string] $Folder = $PSScriptRoot)
# The module built in this clone (./build.ps1), else the installed one (Install-Module Strands).
$strandsModule = [System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'Strands', 'Strands.psd1')
Import-Module $(if (Test-Path -LiteralPath $strandsModule) { $strandsModule } else { 'Strands' }) -ErrorAction Stop

$modelArgs = @{ ModelId = 'openai/gpt-4o-mini'; Params = @{ temperature = 0 } }
if ($env:OPENAI_API_KEY) {
    'Model: live OpenAI API (OPENAI_API_KEY is set)'
}
else {
    $modelArgs.ReplayFrom = [System.IO.Path]::Combine($PSScriptRoot, 'recordings', 'ops.json')
    'Model: recording examples/recordings/ops.json (synthetic; set OPENAI_API_KEY to call OpenAI)'
}

$largestFiles = {
    <#
    .SYNOPSIS
        Lists the largest files under the folder being inspected, biggest first.
    #>
    param([ValidateRange(1, 50)][int] $count = 5)
    $options = [System.IO.EnumerationOptions]@{ RecurseSubdirectories = $true; IgnoreInaccessible = $true }
    $files = [System.IO.DirectoryInfo]::new($Folder).EnumerateFiles('*', $options)
    $bySize = [System.Linq.Enumerable]::OrderByDescending($files, [Func[System.IO.FileInfo, long]] { param($f) $f.Length })
    foreach ($file in [System.Linq.Enumerable]::Take($bySize, $count)) {
        [pscustomobject]@{ path = [System.IO.Path]::GetRelativePath($Folder, $file.FullName); bytes = $file.Length }
    }
}.GetNewClosure()

$topProcesses = {
    <#
    .SYNOPSIS
        Lists the processes using the most memory (working set), biggest first.
    #>
    param([ValidateRange(1, 50)][int] $count = 5)
    # A process may exit while it is being read; it is simply left out.
    $processes = foreach ($process in [System.Diagnostics.Process]::GetProcesses()) {
        try { [pscustomobject]@{ name = $process.ProcessName; id = $process.Id; workingSetMB = [math]::Round($process.WorkingSet64 / 1MB, 1) } }
        catch [System.InvalidOperationException] { }
    }
    $byMemory = [System.Linq.Enumerable]::OrderByDescending([object[]] $processes, [Func[object, double]] { param($p) $p.workingSetMB })
    [System.Linq.Enumerable]::Take($byMemory, $count)
}

$agent = New-StrandsAgent -Model (New-LiteLlmModel @modelArgs) -Tool @{ 'Get-LargestFiles' = $largestFiles; 'Get-TopProcesses' = $topProcesses } `
    -SystemPrompt 'You are an operations assistant. Use the tools to look at the machine; answer in two short sentences.'

$result = Invoke-StrandsAgent $agent 'Which are the three largest files in the folder, and which process uses the most memory?'
foreach ($call in $result.ToolCalls) { "Tool $($call.Name) ran here and returned: $($call.Result)" }
"Answer: $result"
