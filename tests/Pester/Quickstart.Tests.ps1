# The seed's quickstart and proxy options, through the cmdlets, against the loopback fake LiteLLM proxy.
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $fake = Start-FakeProvider
    $base = $fake.BaseUrl.ToString()
    $calculator = @{
        calculator = {
            <#
            .SYNOPSIS
            Evaluates an arithmetic expression.
            #>
            param([Parameter(Mandatory)][string] $expression)
            [System.Data.DataTable]::new().Compute($expression, $null)
        }
    }
}

AfterAll {
    Stop-FakeProvider $fake
}

Describe 'Quickstart: What is 2+2' {
    BeforeAll {
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::ToolCalls(@(New-FakeToolCall 'calculator' '{"expression":"2+2"}' 'call_1')))
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::Text('2+2 = 4', $null, 3))
        $model = New-LiteLlmModel -ModelId 'litellm_proxy/anthropic/claude-3-7-sonnet-20250219' -ApiKey 'test-key' -ApiBase $base -Params @{ max_tokens = 1000; temperature = 0.7 }
        $agent = New-StrandsAgent -Model $model -Tool $calculator
        $result = Invoke-StrandsAgent $agent 'What is 2+2' 6>$null
    }

    It 'answers with the model text' {
        "$result" | Should -Be '2+2 = 4'
        $result.StopReason | Should -Be 'end_turn'
    }

    It 'completes in two cycles' {
        $result.Usage.Cycles | Should -Be 2
        $fake.Requests | Should -HaveCount 2
    }

    It 'sends the tool result 4 back to the model' {
        $toolMessage = Get-SentMessages $fake.Requests[1] | Where-Object { $_.GetProperty('role').GetString() -eq 'tool' }
        $toolMessage.GetProperty('content').GetString() | Should -Be '4'
        $toolMessage.GetProperty('tool_call_id').GetString() | Should -Be 'call_1'
    }

    It 'offers the calculator with a schema from its param block' {
        $tool = $fake.Requests[0].Json.RootElement.GetProperty('tools')[0].GetProperty('function')
        $tool.GetProperty('name').GetString() | Should -Be 'calculator'
        $tool.GetProperty('description').GetString() | Should -Be 'Evaluates an arithmetic expression.'
        $tool.GetProperty('parameters').GetProperty('required')[0].GetString() | Should -Be 'expression'
    }

    It 'records the tool call on the result' {
        $result.ToolCalls | Should -HaveCount 1
        $result.ToolCalls[0].Name | Should -Be 'calculator'
        $result.ToolCalls[0].Result | Should -Be '4'
    }

    It 'sends -Params in the body and the model without the proxy prefix' {
        $body = $fake.Requests[0].Json.RootElement
        $body.GetProperty('max_tokens').GetInt32() | Should -Be 1000
        $body.GetProperty('temperature').GetDouble() | Should -Be 0.7
        $body.GetProperty('model').GetString() | Should -Be 'anthropic/claude-3-7-sonnet-20250219'
    }
}

Describe 'LiteLLM proxy options' {
    It 'option 1: use_litellm_proxy keeps the model id and uses the proxy URL and key' {
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::Text('a story', $null, 2))
        $model = New-LiteLlmModel -ModelId 'amazon.nova-lite-v1:0' -ClientArgs @{ api_key = 'proxy-key'; api_base = $base; use_litellm_proxy = $true }
        $null = Invoke-StrandsAgent (New-StrandsAgent $model) 'Tell me a story' 6>$null
        $fake.LastRequest.Path | Should -Be '/chat/completions'
        $fake.LastRequest.Headers['Authorization'] | Should -Be 'Bearer proxy-key'
        $fake.LastRequest.Json.RootElement.GetProperty('model').GetString() | Should -Be 'amazon.nova-lite-v1:0'
    }

    It 'option 2: the litellm_proxy/ prefix is stripped from the model name' {
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::Text('a story', $null, 2))
        $model = New-LiteLlmModel -ModelId 'litellm_proxy/amazon.nova-lite-v1:0' -ClientArgs @{ api_key = 'proxy-key'; api_base = $base }
        $null = Invoke-StrandsAgent (New-StrandsAgent $model) 'Tell me a story' 6>$null
        $fake.LastRequest.Headers['Authorization'] | Should -Be 'Bearer proxy-key'
        $fake.LastRequest.Json.RootElement.GetProperty('model').GetString() | Should -Be 'amazon.nova-lite-v1:0'
    }

    It 'a missing proxy key names the environment variable to set' {
        $saved = $env:LITELLM_PROXY_API_KEY
        $env:LITELLM_PROXY_API_KEY = $null
        try {
            { New-LiteLlmModel -ModelId 'litellm_proxy/gpt-4o' -ApiBase $base } | Should -Throw -ErrorId 'MissingApiKey,*' -ExpectedMessage '*LITELLM_PROXY_API_KEY*'
        }
        finally { $env:LITELLM_PROXY_API_KEY = $saved }
    }
}

Describe 'Usage' {
    It 'Get-StrandsUsage equals the sum of the scripted usage, and pipes from a result' {
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::ToolCalls($null, [Strands.FakeProvider.FakeUsage]::new(100, 20, 30, 10), @(New-FakeToolCall 'calculator' '{"expression":"3*3"}' 'c1')))
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::Text('9', [Strands.FakeProvider.FakeUsage]::new(150, 5, 60, 0), 2))
        $agent = New-StrandsAgent (New-LiteLlmModel 'litellm_proxy/gpt-4o' -ApiKey k -ApiBase $base) -Tool $calculator
        $usage = 'What is 3*3' | Invoke-StrandsAgent $agent 6>$null | Get-StrandsUsage
        $usage.InputTokens | Should -Be 250
        $usage.OutputTokens | Should -Be 25
        $usage.CacheReadInputTokens | Should -Be 90
        $usage.CacheWriteInputTokens | Should -Be 10
        $usage.ToolCalls | Should -Be 1
    }
}
