# Tab completion of model ids: provider prefixes, then the provider's models from the price table.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    function Get-Completion([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object { $_.CompletionText }
    }
}

Describe 'ModelId completion' {
    It 'offers provider prefixes' {
        $found = @(Get-Completion 'New-LiteLlmModel -ModelId anth')
        $found | Should -Contain 'anthropic/'
    }

    It 'offers Claude models for anthropic/cl' {
        $found = @(Get-Completion 'New-LiteLlmModel -ModelId anthropic/cl')
        $found | Should -Not -BeNullOrEmpty
        @($found | Where-Object { $_ -notlike 'anthropic/claude*' }) | Should -BeNullOrEmpty
        @($found | Where-Object { $_ -like 'anthropic/claude-3-7-sonnet*' }) | Should -Not -BeNullOrEmpty
    }

    It 'keeps the quotes the user typed' {
        $found = @(Get-Completion "New-LiteLlmModel -ModelId 'anthropic/cl")
        $found[0] | Should -Match "^'anthropic/claude.*'$"
    }

    It 'completes the string form of New-StrandsAgent -Model' {
        $found = @(Get-Completion 'New-StrandsAgent -Model openai/gpt-4')
        $found | Should -Contain 'openai/gpt-4o'
    }

    It 'offers nothing for an unknown provider' {
        @(Get-Completion 'New-LiteLlmModel -ModelId nosuchprovider/x') | Should -BeNullOrEmpty
    }
}
