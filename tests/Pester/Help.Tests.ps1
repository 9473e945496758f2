# Help generated from docs/help/*.md in the build: every cmdlet has MAML with syntax, documented
# parameters and examples, and about_Strands exists.

BeforeDiscovery {
    $cmdlets = @('New-LiteLlmModel', 'New-StrandsAgent', 'Invoke-StrandsAgent', 'Get-StrandsUsage', 'New-StrandsMcpClient', 'Close-StrandsMcpClient', 'Enter-StrandsChat') | ForEach-Object { @{ Name = $_ } }
}

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    function Get-DocumentedParameter([string] $Command) {
        (Get-Command $Command).Parameters.Keys | Where-Object { $_ -notin $common -or $_ -in 'WhatIf', 'Confirm' }
    }
}

Describe 'Cmdlet help' {
    It 'exports exactly the documented cmdlets' {
        @((Get-Module Strands).ExportedCmdlets.Keys | ForEach-Object { $_ }) | Should -HaveCount 7
    }

    It '<Name> has a synopsis and at least two examples' -ForEach $cmdlets {
        $help = Get-Help $Name -Examples
        "$($help.Synopsis)" | Should -Not -BeNullOrEmpty
        "$($help.Synopsis)" | Should -Not -Match "^$Name "
        @($help.examples.example).Count | Should -BeGreaterThan 1
        @($help.examples.example)[0].code | Should -Match $Name
    }

    It '<Name> documents every parameter' -ForEach $cmdlets {
        foreach ($parameter in Get-DocumentedParameter $Name) {
            $text = (Get-Help $Name -Parameter $parameter).description.Text -join ' '
            $text | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }
    }

    It '<Name> takes its syntax from the MAML file' -ForEach $cmdlets {
        $help = Get-Help $Name -Full
        $names = @($help.syntax.syntaxItem | ForEach-Object { $_.parameter } | ForEach-Object { $_.name })
        foreach ($parameter in Get-DocumentedParameter $Name) {
            $names | Should -Contain $parameter
        }
        $help.description.Text | Should -Not -BeNullOrEmpty
    }

    It 'marks mandatory and pipeline parameters' {
        $modelId = Get-Help New-LiteLlmModel -Parameter ModelId
        $modelId.required | Should -Be 'true'
        $modelId.pipelineInput | Should -Be 'True (ByValue)'
        $modelId.position | Should -Be '0'
    }
}

Describe 'about_Strands' {
    It 'covers providers, caching, structured output, the usage convention and troubleshooting' {
        $text = "$(Get-Help about_Strands)"
        foreach ($section in 'PROVIDERS AND ENVIRONMENT VARIABLES', 'CACHING', 'STRUCTURED OUTPUT', 'USAGE CONVENTION', 'TROUBLESHOOTING') {
            $text | Should -Match $section
        }
        $text | Should -Match 'ANTHROPIC_API_KEY'
    }
}
