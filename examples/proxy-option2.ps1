<#
.SYNOPSIS
    LiteLLM Proxy, option 2: the litellm_proxy/ prefix routes to the proxy and is stripped from the model name.
.DESCRIPTION
    With LITELLM_PROXY_API_BASE and LITELLM_PROXY_API_KEY set it calls your proxy. Without them
    it replays recordings/proxy-option2.json. The model reads the two variables itself; passing
    -ApiKey and -ApiBase (or client_args api_key/api_base) overrides them.
#>
# The module built in this clone (./build.ps1), else the installed one (Install-Module Strands).
$strandsModule = [System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'Strands', 'Strands.psd1')
Import-Module $(if (Test-Path -LiteralPath $strandsModule) { $strandsModule } else { 'Strands' }) -ErrorAction Stop
$modelArgs = @{ ModelId = 'litellm_proxy/amazon.nova-lite-v1:0' }
if ($env:LITELLM_PROXY_API_BASE -and $env:LITELLM_PROXY_API_KEY) {
    $modelArgs.ClientArgs = @{ api_key = $env:LITELLM_PROXY_API_KEY; api_base = $env:LITELLM_PROXY_API_BASE }
    "Model: live LiteLLM proxy at $env:LITELLM_PROXY_API_BASE"
}
else {
    $modelArgs.ReplayFrom = [System.IO.Path]::Combine($PSScriptRoot, 'recordings', 'proxy-option2.json')
    'Model: recording examples/recordings/proxy-option2.json (synthetic; set LITELLM_PROXY_API_BASE and LITELLM_PROXY_API_KEY to call your proxy)'
}
$model = New-LiteLlmModel @modelArgs
"Routed to $($model.Provider), model name on the wire: $($model.ModelName)"

$agent = New-StrandsAgent -Model $model
$response = Invoke-StrandsAgent $agent 'Tell me a story'
"Story: $response"
