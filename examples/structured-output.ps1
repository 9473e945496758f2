<#
.SYNOPSIS
    Structured output: the agent fills a BookAnalysis object; [ValidateRange(1,10)] on the rating
    is part of the schema the model sees and is checked again on the answer.
.DESCRIPTION
    With AWS_BEARER_TOKEN_BEDROCK, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, set it calls
    Bedrock (bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0). Without them it replays
    recordings/structured-output.json.
#>
# The module built in this clone (./build.ps1), else the installed one (Install-Module Strands).
$strandsModule = [System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'Strands', 'Strands.psd1')
Import-Module $(if (Test-Path -LiteralPath $strandsModule) { $strandsModule } else { 'Strands' }) -ErrorAction Stop
class BookAnalysis {
    [System.ComponentModel.Description("The book's title")] [string] $title
    [System.ComponentModel.Description("The book's author")] [string] $author
    [System.ComponentModel.Description('Primary genre or category')] [string] $genre
    [System.ComponentModel.Description('Brief summary of the book')] [string] $summary
    [System.ComponentModel.Description('Rating from 1-10')] [ValidateRange(1, 10)] [int] $rating
}

$modelArgs = @{ ModelId = 'bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0' }
if ($env:AWS_BEARER_TOKEN_BEDROCK -or ($env:AWS_ACCESS_KEY_ID -and $env:AWS_SECRET_ACCESS_KEY)) {
    'Model: live Amazon Bedrock (AWS credentials are set)'
}
else {
    $modelArgs.ReplayFrom = [System.IO.Path]::Combine($PSScriptRoot, 'recordings', 'structured-output.json')
    'Model: recording examples/recordings/structured-output.json (synthetic; set AWS_BEARER_TOKEN_BEDROCK or AWS keys to call Bedrock)'
}
$agent = New-StrandsAgent -Model (New-LiteLlmModel @modelArgs)

$result = Invoke-StrandsAgent $agent -OutputSchema ([BookAnalysis]) @'

    Analyze this book: "The Hitchhiker's Guide to the Galaxy" by Douglas Adams.
    It's a science fiction comedy about Arthur Dent's adventures through space
    after Earth is destroyed. It's widely considered a classic of humorous sci-fi.
    
'@

"Type: $($result.GetType().Name)"
"Title: $($result.title)"
"Author: $($result.author)"
"Genre: $($result.genre)"
"Rating: $($result.rating)"
