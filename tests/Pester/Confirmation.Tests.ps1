# Tools that change things go through Invoke-StrandsAgent's ShouldProcess: -WhatIf runs nothing and
# tells the model; commands declaring SupportsShouldProcess and tools named in -ConfirmTool qualify.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $fake = Start-FakeProvider
    $base = $fake.BaseUrl.ToString()
    $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $base

    function Remove-Widget {
        [CmdletBinding(SupportsShouldProcess)]
        param([Parameter(Mandatory)] [string] $Name)
        if ($PSCmdlet.ShouldProcess($Name)) { $script:removed += @($Name); "removed $Name" }
    }
}

AfterAll { Stop-FakeProvider $fake }

Describe 'Confirmation of tool calls' {
    BeforeEach {
        $start = $fake.Requests.Count
        $script:removed = @()
    }

    It 'runs nothing under -WhatIf for a SupportsShouldProcess command and tells the model' {
        Reply-Tools @(New-FakeToolCall 'Remove-Widget' '{"Name":"w1"}' 'r1')
        Reply-Text 'I would have removed w1.'
        $agent = New-StrandsAgent $model -Tool (Get-Command Remove-Widget)
        $result = Invoke-StrandsAgent $agent 'remove w1' -WhatIf 6>$null
        "$result" | Should -Be 'I would have removed w1.'
        $script:removed | Should -BeNullOrEmpty
        Get-ToolAnswers $fake.Requests[$start + 1] | Should -Match 'was not run.*-WhatIf'
    }

    It 'runs a SupportsShouldProcess command when confirmation is not required' {
        Reply-Tools @(New-FakeToolCall 'Remove-Widget' '{"Name":"w2"}' 'r2')
        Reply-Text 'removed'
        $agent = New-StrandsAgent $model -Tool (Get-Command Remove-Widget)
        $null = Invoke-StrandsAgent $agent 'remove w2' 6>$null
        $script:removed | Should -Be 'w2'
        Get-ToolAnswers $fake.Requests[$start + 1] | Should -Be 'removed w2'
    }

    It 'confirms script-block tools named in -ConfirmTool' {
        Reply-Tools @(New-FakeToolCall 'wipe' '{}' 'r3')
        Reply-Text 'not wiped'
        $agent = New-StrandsAgent $model -Tool @{ wipe = { $script:removed += @('all'); 'wiped' } } -ConfirmTool 'wipe'
        $null = Invoke-StrandsAgent $agent 'wipe it' -WhatIf 6>$null
        $script:removed | Should -BeNullOrEmpty
        Get-ToolAnswers $fake.Requests[$start + 1] | Should -Match 'was not run'
    }

    It 'leaves tools that are not confirmed alone under -WhatIf' {
        Reply-Tools @(New-FakeToolCall 'look' '{}' 'r4')
        Reply-Text 'looked'
        $agent = New-StrandsAgent $model -Tool @{ look = { 'nothing to see' } }
        $null = Invoke-StrandsAgent $agent 'look' -WhatIf 6>$null
        Get-ToolAnswers $fake.Requests[$start + 1] | Should -Be 'nothing to see'
    }

    It 'rejects -ConfirmTool names the agent does not have' {
        { New-StrandsAgent $model -Tool @{ look = { 'x' } } -ConfirmTool 'nope' } | Should -Throw '*-ConfirmTool names tools the agent does not have: nope*'
    }
}
