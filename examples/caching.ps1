<#
.SYNOPSIS
    System prompt caching: a cache point after a long system prompt; the first call writes the
    cache, the second reads it, and the usage of each call shows it.
.DESCRIPTION
    With AWS_BEARER_TOKEN_BEDROCK, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, set it calls
    Bedrock (bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0, region from AWS_REGION or
    us-west-2). Without them it replays recordings/caching.json.
#>
# The module built in this clone (./build.ps1), else the installed one (Install-Module Strands).
$strandsModule = [System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'Strands', 'Strands.psd1')
Import-Module $(if (Test-Path -LiteralPath $strandsModule) { $strandsModule } else { 'Strands' }) -ErrorAction Stop
$modelArgs = @{ ModelId = 'bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0' }
if ($env:AWS_BEARER_TOKEN_BEDROCK -or ($env:AWS_ACCESS_KEY_ID -and $env:AWS_SECRET_ACCESS_KEY)) {
    'Model: live Amazon Bedrock (AWS credentials are set)'
}
else {
    $modelArgs.ReplayFrom = [System.IO.Path]::Combine($PSScriptRoot, 'recordings', 'caching.json')
    'Model: recording examples/recordings/caching.json (synthetic; set AWS_BEARER_TOKEN_BEDROCK or AWS keys to call Bedrock)'
}
$model = New-LiteLlmModel @modelArgs

# Providers cache only long prefixes (at least 1,024 tokens for Claude), so the prompt is padded as in the Python example.
$systemPrompt = @(
    @{ text = 'You are a helpful assistant that provides concise answers. ' +
              'This is a long system prompt with detailed instructions...' + ('...' * 1000) }
    @{ cachePoint = @{ type = 'default' } }
)
$agent = New-StrandsAgent -Model $model -SystemPrompt $systemPrompt

$first = Invoke-StrandsAgent $agent 'Tell me about Python'
'First call:  cache write {0} tokens, cache read {1} tokens ({2} input tokens in all)' -f
    $first.Usage.CacheWriteInputTokens, $first.Usage.CacheReadInputTokens, $first.Usage.InputTokens

$second = Invoke-StrandsAgent $agent 'Tell me about JavaScript'
'Second call: cache write {0} tokens, cache read {1} tokens ({2} input tokens in all)' -f
    $second.Usage.CacheWriteInputTokens, $second.Usage.CacheReadInputTokens, $second.Usage.InputTokens
