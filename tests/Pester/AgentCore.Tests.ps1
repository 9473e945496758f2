# Strands agent-loop semantics through the cmdlets: tools, conversation window, overflow, system-prompt
# caching, structured output, usage and cost — against the fake provider's strict OpenAI dialect.

class BookAnalysis {
    [System.ComponentModel.Description("The book's title")] [string] $title
    [System.ComponentModel.Description("The book's author")] [string] $author
    [System.ComponentModel.Description('Primary genre or category')] [string] $genre
    [System.ComponentModel.Description('Brief summary of the book')] [string] $summary
    [System.ComponentModel.Description('Rating from 1-10')] [ValidateRange(1, 10)] [int] $rating
}

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $fake = Start-FakeProvider
    $base = $fake.BaseUrl.ToString()
    function New-TestAgent([hashtable] $Tools = @{}, [object] $SystemPrompt, [int] $WindowSize = 40, [string] $ModelId = 'openai/gpt-4o') {
        $model = New-LiteLlmModel -ModelId $ModelId -ApiKey 'test-key' -ApiBase $base
        New-StrandsAgent -Model $model -Tool $Tools -SystemPrompt $SystemPrompt -WindowSize $WindowSize
    }
    function Get-ToolMessages([object] $Request) { Get-SentMessages $Request | Where-Object { $_.GetProperty('role').GetString() -eq 'tool' } }
}

AfterAll { Stop-FakeProvider $fake }

Describe 'Tool execution' {
    BeforeEach { $start = $fake.Requests.Count }

    It 'answers two tool calls of one reply in order' {
        Reply-Tools @((New-FakeToolCall 'echo' '{"text":"first"}' 'a'), (New-FakeToolCall 'echo' '{"text":"second"}' 'b'))
        Reply-Text 'both done'
        $agent = New-TestAgent @{ echo = { param([string] $text) "echo:$text" } }
        $result = Invoke-StrandsAgent $agent 'echo twice' 6>$null
        "$result" | Should -Be 'both done'
        $answers = @(Get-ToolMessages $fake.Requests[$start + 1])
        $answers | Should -HaveCount 2
        $answers[0].GetProperty('tool_call_id').GetString() | Should -Be 'a'
        $answers[0].GetProperty('content').GetString() | Should -Be 'echo:first'
        $answers[1].GetProperty('content').GetString() | Should -Be 'echo:second'
    }

    It 'never runs a tool the model was not offered' {
        $script:ran = $false
        Reply-Tools @(New-FakeToolCall 'Remove-Everything' '{}' 'x')
        Reply-Text 'ok'
        $agent = New-TestAgent @{ safe = { $script:ran = $true; 'safe ran' } }
        $null = Invoke-StrandsAgent $agent 'do something' 6>$null
        $script:ran | Should -BeFalse
        $answer = Get-ToolMessages $fake.Requests[$start + 1]
        $answer.GetProperty('content').GetString() | Should -Match "unknown tool 'Remove-Everything'. Offered tools: safe"
    }

    It 'answers invalid tool JSON with an error result and runs nothing' {
        $script:ran = $false
        Reply-Tools @(New-FakeToolCall 'count' '{"n": ' 'bad')
        Reply-Text 'sorry'
        $agent = New-TestAgent @{ count = { param([int] $n) $script:ran = $true; $n } }
        $null = Invoke-StrandsAgent $agent 'count' 6>$null
        $script:ran | Should -BeFalse
        (Get-ToolMessages $fake.Requests[$start + 1]).GetProperty('content').GetString() | Should -Match 'not valid JSON'
    }

    It 'answers arguments of the wrong type with the validation error' {
        Reply-Tools @(New-FakeToolCall 'count' '{"n": "many"}' 'typed')
        Reply-Text 'sorry'
        $agent = New-TestAgent @{ count = { param([Parameter(Mandatory)][int] $n) $n } }
        $null = Invoke-StrandsAgent $agent 'count' 6>$null
        (Get-ToolMessages $fake.Requests[$start + 1]).GetProperty('content').GetString() | Should -Match "Field 'n' expected integer"
    }

    It 'sends objects a tool returns as JSON' {
        Reply-Tools @(New-FakeToolCall 'info' '{}' 'obj')
        Reply-Text 'thanks'
        $agent = New-TestAgent @{ info = { [pscustomobject]@{ Name = 'disk'; FreeGb = 12 } } }
        $null = Invoke-StrandsAgent $agent 'info' 6>$null
        (Get-ToolMessages $fake.Requests[$start + 1]).GetProperty('content').GetString() | Should -Be '{"Name":"disk","FreeGb":12}'
    }
}

Describe 'Conversation' {
    It 'keeps history across invocations' {
        Reply-Text 'Hello Ada'
        Reply-Text 'Your name is Ada'
        $agent = New-TestAgent
        $null = Invoke-StrandsAgent $agent 'My name is Ada' 6>$null
        $null = Invoke-StrandsAgent $agent 'What is my name?' 6>$null
        @(Get-SentMessages $fake.LastRequest) | Should -HaveCount 3
        $agent.MessageCount | Should -Be 4
    }

    It 'with a window of 4 never sends an orphan tool result (the fake rejects them as OpenAI does)' {
        $agent = New-TestAgent @{ echo = { param([string] $text) $text } } -WindowSize 4
        foreach ($turn in 1..6) {
            Reply-Tools @((New-FakeToolCall 'echo' '{"text":"x"}' "a$turn"), (New-FakeToolCall 'echo' '{"text":"y"}' "b$turn"))
            Reply-Text "answer $turn"
            $result = Invoke-StrandsAgent $agent "question $turn" 6>$null
            "$result" | Should -Be "answer $turn"
        }
        $agent.MessageCount | Should -BeLessOrEqual 4
        @($fake.Requests | Where-Object { $_.Rejection }) | Should -HaveCount 0
    }

    It 'reduces the context and retries when the provider reports an overflow' {
        $agent = New-TestAgent @{ dump = { 'x' * 5000 } }
        Reply-Tools @(New-FakeToolCall 'dump' '{}' 'd1')
        Reply-Text 'dumped'
        $null = Invoke-StrandsAgent $agent 'dump' 6>$null
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::Error(400, '{"error":{"message":"This model''s maximum context length is 128000 tokens.","type":"invalid_request_error","code":"context_length_exceeded"}}'))
        Reply-Text 'fits now'
        $result = Invoke-StrandsAgent $agent 'and now?' 6>$null
        "$result" | Should -Be 'fits now'
        (Get-ToolMessages $fake.LastRequest).GetProperty('content').GetString() | Should -Match 'truncated'
    }
}

Describe 'System prompt caching' {
    It 'puts cache_control on the block before the cache point and reports cache write then read' {
        $system = @(
            @{ text = 'You are a helpful assistant. ' + ('Long instructions. ' * 200) },
            @{ cachePoint = @{ type = 'default' } },
            'Be concise.'
        )
        $agent = New-TestAgent -SystemPrompt $system
        Reply-Text 'Python is a language.' ([Strands.FakeProvider.FakeUsage]::new(1200, 10, 0, 1100))
        Reply-Text 'JavaScript runs in browsers.' ([Strands.FakeProvider.FakeUsage]::new(1210, 12, 1100, 0))
        $first = Invoke-StrandsAgent $agent 'Tell me about Python' 6>$null
        $sent = @(Get-SentMessages $fake.LastRequest)[0]
        $second = Invoke-StrandsAgent $agent 'Tell me about JavaScript' 6>$null

        $sent.GetProperty('role').GetString() | Should -Be 'system'
        $parts = @($sent.GetProperty('content').EnumerateArray())
        $parts[0].GetProperty('cache_control').GetProperty('type').GetString() | Should -Be 'ephemeral'
        @($parts[1].EnumerateObject() | ForEach-Object Name) | Should -Not -Contain 'cache_control'
        $first.Usage.CacheWriteInputTokens | Should -Be 1100
        $first.Usage.CacheReadInputTokens | Should -Be 0
        $second.Usage.CacheReadInputTokens | Should -Be 1100
    }
}

Describe 'Structured output' {
    It 'returns a typed BookAnalysis and re-asks when the rating breaks ValidateRange' {
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::ToolCalls(@(New-FakeToolCall 'BookAnalysis' '{"title":"The Hitchhiker''s Guide to the Galaxy","author":"Douglas Adams","genre":"Science fiction comedy","summary":"Arthur Dent travels space.","rating":11}' 's1')))
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::ToolCalls(@(New-FakeToolCall 'BookAnalysis' '{"title":"The Hitchhiker''s Guide to the Galaxy","author":"Douglas Adams","genre":"Science fiction comedy","summary":"Arthur Dent travels space.","rating":9}' 's2')))
        $agent = New-TestAgent
        $start = $fake.Requests.Count
        $book = Invoke-StrandsAgent $agent 'Analyze this book: "The Hitchhiker''s Guide to the Galaxy" by Douglas Adams.' -OutputSchema ([BookAnalysis]) 6>$null

        $book | Should -BeOfType ([BookAnalysis])
        $book.rating | Should -Be 9
        $book.author | Should -Be 'Douglas Adams'
        $retry = (Get-ToolMessages $fake.Requests[$start + 1]).GetProperty('content').GetString()
        $retry | Should -Match 'Validation failed for BookAnalysis'
        $retry | Should -Match 'rating'
        $schema = $fake.Requests[$start].Json.RootElement.GetProperty('tools')[0].GetProperty('function').GetProperty('parameters')
        $schema.GetProperty('properties').GetProperty('rating').GetProperty('maximum').GetInt32() | Should -Be 10
        $schema.GetProperty('properties').GetProperty('title').GetProperty('description').GetString() | Should -Be "The book's title"
    }

    It 'gives a PSCustomObject for a hashtable schema' {
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::ToolCalls(@(New-FakeToolCall 'Verdict' '{"ok":true,"reason":"fine"}' 'v1')))
        $schema = @{ title = 'Verdict'; type = 'object'; properties = @{ ok = @{ type = 'boolean' }; reason = @{ type = 'string' } }; required = @('ok') }
        $verdict = Invoke-StrandsAgent (New-TestAgent) 'judge' -OutputSchema $schema 6>$null
        $verdict.ok | Should -BeTrue
        $verdict.reason | Should -Be 'fine'
    }

    It 'fails with StructuredOutputInvalid after the retries' {
        foreach ($i in 1..3) { $fake.Enqueue([Strands.FakeProvider.FakeReply]::ToolCalls(@(New-FakeToolCall 'BookAnalysis' '{"title":"x","author":"y","genre":"z","summary":"s","rating":42}' "bad$i"))) }
        $err = $null
        $null = Invoke-StrandsAgent (New-TestAgent) 'rate it' -OutputSchema ([BookAnalysis]) -ErrorVariable err -ErrorAction SilentlyContinue 6>$null
        $err[0].FullyQualifiedErrorId | Should -Match '^StructuredOutputInvalid'
    }
}

Describe 'Cost' {
    It 'prices a known model with LiteLLM''s formula, cache reads included' {
        # gpt-4o in model_prices_and_context_window.json: input 2.5e-6, output 1e-5, cache read 1.25e-6 per token.
        Reply-Text 'priced' ([Strands.FakeProvider.FakeUsage]::new(1000, 100, 400, 0))
        $result = Invoke-StrandsAgent (New-TestAgent) 'price me' 6>$null
        $expected = [decimal]600 * [decimal]0.0000025 + [decimal]400 * [decimal]0.00000125 + [decimal]100 * [decimal]0.00001
        $result.Usage.EstimatedCostUsd | Should -Be $expected
    }

    It 'leaves the cost of an unknown model empty, not zero' {
        Reply-Text 'unpriced' ([Strands.FakeProvider.FakeUsage]::new(1000, 100, 0, 0))
        $result = Invoke-StrandsAgent (New-TestAgent -ModelId 'openai/my-private-finetune') 'price me' 6>$null
        $result.Usage.EstimatedCostUsd | Should -BeNullOrEmpty
    }

    It 'takes the proxy''s x-litellm-response-cost header when present' {
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::Text('proxied', $null, 2).WithHeader('x-litellm-response-cost', '0.0123'))
        $result = Invoke-StrandsAgent (New-TestAgent -ModelId 'litellm_proxy/gpt-4o') 'price me' 6>$null
        $result.Usage.EstimatedCostUsd | Should -Be ([decimal]0.0123)
    }
}
