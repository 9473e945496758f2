<#
.SYNOPSIS
    The LiteLLM page's quickstart in PowerShell: an agent with a calculator tool answers
    "What is 2+2", then prints the answer and its token usage.
.DESCRIPTION
    With ANTHROPIC_API_KEY set it calls Anthropic (anthropic/claude-3-7-sonnet-20250219).
    Without it, it replays recordings/quickstart.json offline, through the same Anthropic adapter.
.EXAMPLE
    pwsh -File examples/quickstart.ps1     # or, with only the .NET SDK: dotnet pwsh -File examples/quickstart.ps1
#>
# The module built in this clone (./build.ps1), else the installed one (Install-Module Strands).
$strandsModule = [System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'Strands', 'Strands.psd1')
Import-Module $(if (Test-Path -LiteralPath $strandsModule) { $strandsModule } else { 'Strands' }) -ErrorAction Stop
$modelArgs = @{
    ModelId = 'anthropic/claude-3-7-sonnet-20250219'
    Params  = @{ max_tokens = 1000; temperature = 0.7 }
}
if ($env:ANTHROPIC_API_KEY) {
    'Model: live Anthropic API (ANTHROPIC_API_KEY is set)'
}
else {
    $modelArgs.ReplayFrom = [System.IO.Path]::Combine($PSScriptRoot, 'recordings', 'quickstart.json')
    'Model: recording examples/recordings/quickstart.json (synthetic; set ANTHROPIC_API_KEY to call Anthropic)'
}
$model = New-LiteLlmModel @modelArgs

$calculator = {
    <#
    .SYNOPSIS
        Evaluates an arithmetic expression such as '2+2' or '(3*4)/2'.
    #>
    param([Parameter(Mandatory)][string] $expression)
    [System.Data.DataTable]::new().Compute($expression, $null)
}
$agent = New-StrandsAgent -Model $model -Tool @{ calculator = $calculator }

# The answer streams to the host as it arrives; the result object holds it too.
$response = Invoke-StrandsAgent $agent 'What is 2+2'
"Answer: $response"

$usage = Get-StrandsUsage $agent
$cost = if ($null -ne $usage.EstimatedCostUsd) { '${0:0.######}' -f $usage.EstimatedCostUsd } else { 'unknown' }
'Usage: {0} input + {1} output = {2} tokens; {3} model calls, {4} tool call(s); estimated cost {5}' -f
    $usage.InputTokens, $usage.OutputTokens, $usage.TotalTokens, $usage.ModelCalls, $usage.ToolCalls, $cost
