# Token and cost budgets: a runaway tool loop stops after the model call that crossed the budget,
# the partial text is kept, and the agent goes on with a valid conversation.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $fake = Start-FakeProvider
    $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $fake.BaseUrl.ToString()
    $script:runs = [System.Collections.Generic.List[string]]::new()
    $tools = @{ check_disk = { param([string] $Name) $script:runs.Add($Name); "disk $Name is fine" } }
    # gpt-4o costs 2.5e-6 USD per input token: 10,000 input tokens are 0.025 USD.
    function Reply-ToolCall([string] $Id, [string] $Text, [int] $InputTokens = 10) {
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::ToolCalls($Text, [Strands.FakeProvider.FakeUsage]::new($InputTokens, 0), @(New-FakeToolCall 'check_disk' '{"Name":"d"}' $Id)))
    }
}

AfterAll { Stop-FakeProvider $fake }

Describe 'A cost budget on one invocation' {
    It 'stops a tool loop after the call that crossed it, keeps the partial text and a valid history' {
        $agent = New-StrandsAgent $model -Tool $tools
        $runs.Clear()
        Reply-ToolCall 'c1' 'Checking the first disk.' 10000
        Reply-ToolCall 'c2' 'Checking the second disk.' 10000
        $before = $fake.Requests.Count
        $err = $null
        $null = Invoke-StrandsAgent $agent 'check all disks' -CostBudgetUsd 0.04 -ErrorVariable err -ErrorAction SilentlyContinue 6>$null

        $err[0].FullyQualifiedErrorId | Should -Match '^BudgetExceeded'
        "$($err[0])" | Should -Match 'cost budget is reached: 0\.05 USD used of 0\.04 \(-CostBudgetUsd\)'
        $err[0].Exception.PartialText | Should -Be 'Checking the second disk.'
        $fake.Requests.Count - $before | Should -Be 2
        $runs.Count | Should -Be 1

        # The unanswered call of the last reply is answered, so the next call is valid for the provider.
        Reply-Text 'All disks are fine.'
        "$(Invoke-StrandsAgent $agent 'summarise' 6>$null)" | Should -Be 'All disks are fine.'
        $answers = @(Get-ToolAnswers $fake.LastRequest)
        $answers[-1] | Should -Match 'budget was reached'
    }

    AfterEach { $fake.PendingReplies | Should -Be 0 }

    It 'is refused at once for a model whose price is not known' {
        $unpriced = New-LiteLlmModel -ModelId 'openai/my-private-finetune' -ApiKey 'test-key' -ApiBase $fake.BaseUrl.ToString()
        $agent = New-StrandsAgent $unpriced
        { Invoke-StrandsAgent $agent 'hi' -CostBudgetUsd 1 6>$null } | Should -Throw -ErrorId 'InvalidArgument*'
        $refused = try { New-StrandsAgent $unpriced -CostBudgetUsd 1 } catch { $_ }
        $refused.FullyQualifiedErrorId | Should -Match '^InvalidArgument'
        "$refused" | Should -BeLike '*-CostBudgetUsd*price of openai/my-private-finetune is not known*'
        # A token budget needs no price.
        Reply-Text 'fine'
        "$(Invoke-StrandsAgent $agent 'hi' -TokenBudget 100 6>$null)" | Should -Be 'fine'
    }
}

Describe 'A token budget' {
    AfterEach { $fake.PendingReplies | Should -Be 0 }

    It 'limits one invocation and says how much was used' {
        $agent = New-StrandsAgent $model -Tool $tools
        Reply-ToolCall 't1' 'one'
        Reply-ToolCall 't2' 'two'
        $err = $null
        $null = Invoke-StrandsAgent $agent 'loop' -TokenBudget 20 -ErrorVariable err -ErrorAction SilentlyContinue 6>$null
        $err[0].FullyQualifiedErrorId | Should -Match '^BudgetExceeded'
        "$($err[0])" | Should -Match "invocation's token budget is reached: 20 tokens used of 20 \(-TokenBudget\)"
        # The next invocation has a budget of its own.
        Reply-Text 'next'
        "$(Invoke-StrandsAgent $agent 'again' -TokenBudget 20 6>$null)" | Should -Be 'next'
    }

    It 'limits an agent over its life and shows what is left' {
        $agent = New-StrandsAgent $model -TokenBudget 40
        $agent.TokenBudget | Should -Be 40
        Reply-Text 'a'
        $first = Invoke-StrandsAgent $agent 'q1' 6>$null
        (Get-StrandsUsage $agent).TokensRemaining | Should -Be 25
        Reply-Text 'b'
        Reply-Text 'c'
        $null = Invoke-StrandsAgent $agent 'q2' 6>$null
        # The reply that crosses the budget still answers: the turn is complete.
        "$(Invoke-StrandsAgent $agent 'q3' 6>$null)" | Should -Be 'c'
        $usage = Get-StrandsUsage $agent
        $usage.TokenBudget | Should -Be 40
        $usage.TokensRemaining | Should -Be 0

        $before = $fake.Requests.Count
        $messages = $agent.MessageCount
        $err = $null
        $null = Invoke-StrandsAgent $agent 'q4' -ErrorVariable err -ErrorAction SilentlyContinue 6>$null
        $err[0].FullyQualifiedErrorId | Should -Match '^BudgetExceeded'
        "$($err[0])" | Should -Match "agent's token budget is reached: 45 tokens used of 40"
        $err[0].Exception.PartialText | Should -BeNullOrEmpty
        # No model call, and the refused prompt did not join the conversation.
        $fake.Requests.Count | Should -Be $before
        $agent.MessageCount | Should -Be $messages
        $first.Usage.TokenBudget | Should -BeNullOrEmpty
    }

    It 'shows an invocation''s budget on its result' {
        Reply-Text 'short'
        $result = Invoke-StrandsAgent (New-StrandsAgent $model) 'q' -TokenBudget 100 -CostBudgetUsd 1 6>$null
        $result.Usage.TokenBudget | Should -Be 100
        $result.Usage.TokensRemaining | Should -Be 85
        $result.Usage.CostBudgetUsd | Should -Be 1
        $result.Usage.CostRemainingUsd | Should -Be (1 - $result.Usage.EstimatedCostUsd)
    }
}
