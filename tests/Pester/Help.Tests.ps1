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

Describe 'Parameter help agrees with the cmdlets and the README' {
    It '<Command> -<Parameter> shows its real default (<Default>)' -ForEach @(
        @{ Command = 'New-StrandsAgent'; Parameter = 'WindowSize'; Default = '40' }
        @{ Command = 'New-StrandsAgent'; Parameter = 'MaxCycles'; Default = '50' }
        @{ Command = 'New-StrandsAgent'; Parameter = 'Name'; Default = 'Strands Agents' }
        @{ Command = 'New-LiteLlmModel'; Parameter = 'TimeoutSec'; Default = '600' }
        @{ Command = 'New-LiteLlmModel'; Parameter = 'MaxRetries'; Default = '3' }
        @{ Command = 'New-StrandsMcpClient'; Parameter = 'TimeoutSec'; Default = '30' }
    ) {
        (Get-Help $Command -Parameter $Parameter).defaultValue | Should -Be $Default
        (Get-Help $Command -Full | Out-String) | Should -Match "Default value\s+$([regex]::Escape($Default))"
    }

    It 'shows -ApiKey with the same type in the syntax and in the README' {
        $help = Get-Help New-LiteLlmModel -Full
        $type = @($help.syntax.syntaxItem)[0].parameter | Where-Object { $_.name -eq 'ApiKey' } | ForEach-Object { $_.parameterValue }
        $readme = [System.IO.File]::ReadAllText([System.IO.Path]::Combine($script:RepoRoot, 'README.md'))
        $readme | Should -Match ([regex]::Escape("[-ApiKey <$type>]"))
    }

    It 'says -Prompt binds by property name and names its aliases' {
        $prompt = Get-Help Invoke-StrandsAgent -Parameter Prompt
        $prompt.pipelineInput | Should -Be 'True (ByValue, ByPropertyName)'
        $prompt.aliases | Should -Be 'Question, Text'
        (Get-Help Invoke-StrandsAgent -Examples | Out-String) | Should -Match 'Import-Csv .*\| Invoke-StrandsAgent .*\| Export-Csv'
    }

    It 'says a piped result reports its own invocation and an agent its total' {
        $text = Get-Help Get-StrandsUsage -Full | Out-String
        $text | Should -Match 'that one invocation'
        $text | Should -Match 'total over all its invocations'
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

    It 'counts and names the cmdlets the module exports' {
        $text = "$(Get-Help about_Strands)"
        $exported = @((Get-Module Strands).ExportedCmdlets.Keys)
        $words = @{ 4 = 'four'; 5 = 'five'; 6 = 'six'; 7 = 'seven'; 8 = 'eight' }
        $text | Should -Match "has $($words[$exported.Count]) cmdlets"
        foreach ($name in $exported) { $text | Should -Match $name }
    }
}
