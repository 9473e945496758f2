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

Describe 'Confirmation when nobody can answer' {
    It 'does not run the tool and tells the model why when stdin is at end of file (pwsh -File x.ps1 < /dev/null)' {
        $script = Join-Path $TestDrive 'confirm-eof.ps1'
        Set-Content -LiteralPath $script -Value @"
. '$PSScriptRoot/TestHelpers.ps1'
`$fake = Start-FakeProvider
try {
    `$model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase `$fake.BaseUrl.ToString()
    Reply-Tools @(New-FakeToolCall 'wipe' '{}' 'e1')
    Reply-Text 'could not wipe'
    `$agent = New-StrandsAgent `$model -Tool @{ wipe = { 'WIPED' } } -ConfirmTool 'wipe'
    `$result = Invoke-StrandsAgent `$agent 'wipe it' -Confirm 6>`$null
    "ANSWER: `$result"
    "TOOL: " + (Get-ToolAnswers `$fake.Requests[1])
}
finally { `$null = Stop-FakeProvider `$fake }
"@
        $pwsh = Get-PwshCommandLine
        # Piping $null gives the child an empty, closed stdin, as `< /dev/null` does.
        $lines = @($null | & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -File $script 2>&1 | ForEach-Object { "$_" })
        $LASTEXITCODE | Should -Be 0 -Because ($lines -join "`n")
        ($lines -join "`n") | Should -Match 'ANSWER: could not wipe'
        $answer = ($lines | Where-Object { $_ -like 'TOOL: *' })
        $answer | Should -Not -BeNullOrEmpty -Because ($lines -join "`n")
        $answer | Should -Not -Match 'WIPED'
        $answer | Should -Not -Match 'Object reference|Exception'
        $answer | Should -Match "was not run"
        $answer | Should -Match 'not confirmed'
        $answer | Should -Match 'no interactive input'
    }
}
