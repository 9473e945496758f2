# The module manifest is Gallery-ready: it passes Test-ModuleManifest and lists exports explicitly.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $manifestPath = [System.IO.Path]::Combine((Get-Module Strands).ModuleBase, 'Strands.psd1')
}

Describe 'Strands.psd1' {
    It 'passes Test-ModuleManifest' {
        $manifest = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $manifest.Name | Should -Be 'Strands'
        $manifest.Author | Should -Not -BeNullOrEmpty
        $manifest.Description | Should -Not -BeNullOrEmpty
        "$($manifest.Guid)" | Should -Be '5b0c6f3e-8a41-4f2e-9d36-2c7a1f4e9b52'
        "$($manifest.PowerShellVersion)" | Should -Be '5.1'
        $manifest.CompatiblePSEditions | Should -Contain 'Core'
        $manifest.CompatiblePSEditions | Should -Contain 'Desktop'
    }

    It 'exports exactly its cmdlets, named explicitly' {
        $data = Import-PowerShellDataFile -LiteralPath $manifestPath
        $data.CmdletsToExport | Should -Be @('New-LiteLlmModel', 'New-StrandsAgent', 'Invoke-StrandsAgent', 'Get-StrandsUsage', 'New-StrandsMcpClient', 'Close-StrandsMcpClient', 'Enter-StrandsChat')
        $data.CmdletsToExport | Where-Object { $_ -match '\*' } | Should -BeNullOrEmpty
        @($data.FunctionsToExport) | Should -HaveCount 0
        @($data.AliasesToExport) | Should -HaveCount 0
        $data.FormatsToProcess | Should -Be 'Strands.format.ps1xml'
    }

    It 'carries the Gallery metadata' {
        $psData = (Test-ModuleManifest -Path $manifestPath).PrivateData.PSData
        $psData.Tags | Should -Contain 'PSEdition_Core'
        $psData.ProjectUri | Should -Not -BeNullOrEmpty
        $psData.LicenseUri | Should -Not -BeNullOrEmpty
        $psData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }
}
