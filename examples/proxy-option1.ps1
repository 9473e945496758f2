<#
.SYNOPSIS
    LiteLLM Proxy, option 1: use_litellm_proxy sends the model id to the proxy unchanged.
.DESCRIPTION
    With LITELLM_PROXY_API_BASE and LITELLM_PROXY_API_KEY set it calls your proxy, which serves
    the alias amazon.nova-lite-v1:0. Without them it replays recordings/proxy-option1.json.
#>
# The module built in this clone (./build.ps1), else the installed one (Install-Module Strands).
$strandsModule = [System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'Strands', 'Strands.psd1')
Import-Module $(if (Test-Path -LiteralPath $strandsModule) { $strandsModule } else { 'Strands' }) -ErrorAction Stop
$modelArgs = @{ ModelId = 'amazon.nova-lite-v1:0' }
if ($env:LITELLM_PROXY_API_BASE -and $env:LITELLM_PROXY_API_KEY) {
    $modelArgs.ClientArgs = @{ api_key = $env:LITELLM_PROXY_API_KEY; api_base = $env:LITELLM_PROXY_API_BASE; use_litellm_proxy = $true }
    "Model: live LiteLLM proxy at $env:LITELLM_PROXY_API_BASE"
}
else {
    $modelArgs.ClientArgs = @{ use_litellm_proxy = $true }
    $modelArgs.ReplayFrom = [System.IO.Path]::Combine($PSScriptRoot, 'recordings', 'proxy-option1.json')
    'Model: recording examples/recordings/proxy-option1.json (synthetic; set LITELLM_PROXY_API_BASE and LITELLM_PROXY_API_KEY to call your proxy)'
}
$model = New-LiteLlmModel @modelArgs
"Routed to $($model.Provider), model name on the wire: $($model.ModelName)"

$agent = New-StrandsAgent -Model $model
$response = Invoke-StrandsAgent $agent 'Tell me a story'
"Story: $response"
$usage = Get-StrandsUsage $agent
'Usage: {0} input + {1} output tokens; proxy-reported cost ${2}' -f $usage.InputTokens, $usage.OutputTokens, $usage.EstimatedCostUsd
