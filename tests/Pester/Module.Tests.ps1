BeforeAll {
    # The xunit glue imports the built module before running this file; real Pester starts without it.
    if (-not (Get-Module Strands)) { Import-Module "$PSScriptRoot/../../out/Strands/Strands.psd1" }
    $ManifestPath = [IO.Path]::Combine($PSScriptRoot, '..', '..', 'out', 'Strands', 'Strands.psd1')
}

Describe 'Strands module' {
    It 'is imported' {
        Get-Module Strands | Should -Not -BeNullOrEmpty
    }

    It 'has a valid manifest' {
        $manifest = Test-ModuleManifest -Path $ManifestPath -ErrorAction Stop
        $manifest.Name | Should -Be 'Strands'
    }

    It 'exports <_>' -ForEach 'New-LiteLlmModel', 'New-StrandsAgent', 'Invoke-StrandsAgent', 'Get-StrandsUsage' {
        (Get-Module Strands).ExportedCmdlets.Keys | Should -Contain $_
    }
}
