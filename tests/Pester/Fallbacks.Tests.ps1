# Model fallbacks: a call that still fails after its retries goes to the next model, before any of its
# text was shown; the answer, usage, cost, verbose output and hooks name the model that answered.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $fake = Start-FakeProvider
    $base = $fake.BaseUrl.ToString()
    $claude = New-LiteLlmModel -ModelId 'anthropic/claude-3-5-haiku-20241022' -ApiKey 'anthropic-test-key' -ApiBase $base
    function New-Primary([object[]] $Fallback = @($claude), [hashtable] $Params) {
        $extra = @{}
        if ($Params) { $extra.Params = $Params }
        if ($Fallback) { $extra.Fallback = $Fallback }
        New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'openai-test-key' -ApiBase $base -MaxRetries 1 @extra
    }
    function Get-Dialects([int] $From) { @($fake.Requests | Select-Object -Skip $From | ForEach-Object { "$($_.Dialect)" }) }
}

AfterAll { Stop-FakeProvider $fake }

Describe 'A failing model falls back to the next' {
    AfterEach { $fake.PendingReplies | Should -Be 0 }

    It 'answers a 503 storm on the first model with the second: one result, its usage and cost, a fallback event' {
        $hookEvents = [System.Collections.Generic.List[object]]::new()
        $agent = New-StrandsAgent (New-Primary) -OnEvent @{ AfterModelCall = { param($e) $hookEvents.Add($e) }.GetNewClosure() }
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::ServerError(503))
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::ServerError(503))
        Reply-Text 'Answered by Claude.' ([Strands.FakeProvider.FakeUsage]::new(1000, 100))
        $start = $fake.Requests.Count

        $results = @(Invoke-StrandsAgent $agent 'hello' -Verbose 6>$null 4>&1)
        $verbose = @($results | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $result = @($results | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })

        $result.Count | Should -Be 1
        "$($result[0])" | Should -Be 'Answered by Claude.'
        (Get-Dialects $start) | Should -Be @('OpenAi', 'OpenAi', 'Anthropic')
        $result[0].Model | Should -Be 'anthropic/claude-3-5-haiku-20241022'
        $result[0].Usage.Model | Should -Be 'anthropic/claude-3-5-haiku-20241022'
        $result[0].Fallbacks.Count | Should -Be 1
        $result[0].Fallbacks[0].From | Should -Be 'openai/gpt-4o'
        $result[0].Fallbacks[0].To | Should -Be 'anthropic/claude-3-5-haiku-20241022'
        $result[0].Fallbacks[0].Cause | Should -Be 'ProviderError'
        # claude-3-5-haiku: 8e-7 per input token, 4e-6 per output token.
        $result[0].Usage.EstimatedCostUsd | Should -Be ([decimal]1000 * [decimal]0.0000008 + [decimal]100 * [decimal]0.000004)
        ($verbose.Message -join "`n") | Should -Match 'Fallback openai/gpt-4o → anthropic/claude-3-5-haiku-20241022: ProviderError'
        ($verbose.Message -join "`n") | Should -Match 'Model anthropic/claude-3-5-haiku-20241022: 1000 in'
        $hookEvents.Count | Should -Be 1
        $hookEvents[0].Model | Should -Be 'anthropic/claude-3-5-haiku-20241022'
        "$($hookEvents[0].Fallbacks[0])" | Should -Be 'openai/gpt-4o → anthropic/claude-3-5-haiku-20241022: ProviderError'
        (Get-StrandsUsage | Where-Object Model -eq 'anthropic/claude-3-5-haiku-20241022').InputTokens | Should -BeGreaterOrEqual 1000

        # The next call starts again at the first model, and the conversation is valid for it.
        Reply-Text 'Back on GPT.'
        $start = $fake.Requests.Count
        $next = Invoke-StrandsAgent $agent 'again' 6>$null
        $next.Model | Should -Be 'openai/gpt-4o'
        $next.Fallbacks.Count | Should -Be 0
        (Get-Dialects $start) | Should -Be @('OpenAi')
    }

    It 'falls back on a 429 to a model given by id in -Params fallbacks, which is not sent to the provider' {
        $env:ANTHROPIC_API_KEY = 'anthropic-env-key'
        $env:ANTHROPIC_API_BASE = $base
        try {
            $model = New-Primary -Fallback @() -Params @{ fallbacks = @('anthropic/claude-3-5-haiku-20241022'); temperature = 0.1 }
        }
        finally { Remove-Item Env:ANTHROPIC_API_KEY, Env:ANTHROPIC_API_BASE }
        $model.Fallback.ModelId | Should -Be 'anthropic/claude-3-5-haiku-20241022'
        $model.Params.ContainsKey('fallbacks') | Should -BeFalse
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::RateLimited([timespan]::Zero))
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::RateLimited([timespan]::Zero))
        Reply-Text 'from claude'
        $start = $fake.Requests.Count
        $result = Invoke-StrandsAgent (New-StrandsAgent $model) 'hi' 6>$null
        "$result" | Should -Be 'from claude'
        $result.Fallbacks[0].Cause | Should -Be 'ModelThrottled'
        $fake.Requests[$start].Json.RootElement.EnumerateObject().Name | Should -Not -Contain 'fallbacks'
        $fake.Requests[$start].Json.RootElement.GetProperty('temperature').GetDouble() | Should -Be 0.1
    }

    It 'gives a fallback id of the same provider the primary''s key, endpoint and parameters, also from -ClientArgs' {
        # No OPENAI_API_KEY or OPENAI_API_BASE: the id can only reach the fake with the primary's settings.
        $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'openai-test-key' -ApiBase $base -MaxRetries 0 -Params @{ temperature = 0.3 } -ClientArgs @{ fallbacks = @('openai/gpt-4o-mini') }
        $model.Fallback.ModelId | Should -Be 'openai/gpt-4o-mini'
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::ServerError(503))
        Reply-Text 'from the small model'
        $start = $fake.Requests.Count
        $result = Invoke-StrandsAgent (New-StrandsAgent $model) 'hi' 6>$null
        "$result" | Should -Be 'from the small model'
        $fake.Requests[$start + 1].Json.RootElement.GetProperty('model').GetString() | Should -Be 'gpt-4o-mini'
        $fake.Requests[$start + 1].Headers['Authorization'] | Should -Be 'Bearer openai-test-key'
        $fake.Requests[$start + 1].Json.RootElement.GetProperty('temperature').GetDouble() | Should -Be 0.3
    }

    It 'sends a context-window overflow to the larger model without reducing the conversation' {
        $larger = New-LiteLlmModel -ModelId 'openai/gpt-4.1' -ApiKey 'openai-test-key' -ApiBase $base
        $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'openai-test-key' -ApiBase $base -ClientArgs @{ context_window_fallbacks = @($larger) }
        $agent = New-StrandsAgent $model
        Reply-Text 'first'
        $null = Invoke-StrandsAgent $agent 'one' 6>$null
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::Error(400, '{"error":{"message":"This model''s maximum context length is 128000 tokens.","type":"invalid_request_error","code":"context_length_exceeded"}}'))
        Reply-Text 'fits in the larger one'
        $start = $fake.Requests.Count
        $result = Invoke-StrandsAgent $agent 'two' 6>$null
        "$result" | Should -Be 'fits in the larger one'
        $result.Fallbacks[0].Cause | Should -Be 'ContextWindowOverflow'
        $result.Model | Should -Be 'openai/gpt-4.1'
        $first = $fake.Requests[$start].Json.RootElement
        $second = $fake.Requests[$start + 1].Json.RootElement
        $second.GetProperty('model').GetString() | Should -Be 'gpt-4.1'
        $second.GetProperty('messages').GetArrayLength() | Should -Be $first.GetProperty('messages').GetArrayLength()
        $agent.MessageCount | Should -Be 4
    }
}

Describe 'When a model does not fall back' {
    AfterEach { $fake.PendingReplies | Should -Be 0 }

    It 'does not fall back once text was streamed' {
        $agent = New-StrandsAgent (New-Primary)
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::Text('partial answer that breaks', $null, 4).WithMidStreamError(2))
        $start = $fake.Requests.Count
        $err = $null
        $null = Invoke-StrandsAgent $agent 'hi' -ErrorVariable err -ErrorAction SilentlyContinue 6>$null
        $err[0].FullyQualifiedErrorId | Should -Match '^ProviderError'
        (Get-Dialects $start) | Should -Be @('OpenAi')
    }

    It 'does not fall back on a 401' {
        $agent = New-StrandsAgent (New-Primary)
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::ProviderError(401, 'Incorrect API key provided.'))
        $start = $fake.Requests.Count
        $err = $null
        $null = Invoke-StrandsAgent $agent 'hi' -ErrorVariable err -ErrorAction SilentlyContinue 6>$null
        $err[0].FullyQualifiedErrorId | Should -Match '^AuthenticationFailed'
        (Get-Dialects $start) | Should -Be @('OpenAi')
    }
}
