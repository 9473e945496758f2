<#
.SYNOPSIS
    Builds, tests and packages the Strands module (for pwsh users; dotnet alone does the same).
.PARAMETER Task
    Build: compile and assemble the module folder out/Strands.
    Test: run every test (xunit and the Pester files) with dotnet test.
    Package: Release build, then a .nupkg in out/ that Install-Module can install from a local repository.
    Without PowerShellGet, `dotnet pack packaging/Strands.Packaging.csproj -c Release` writes the same
    layout to out/packages/.
.EXAMPLE
    ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)
$ErrorActionPreference = 'Stop'
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
Push-Location $PSScriptRoot
try {
    switch ($Task) {
        'Build' { dotnet build Strands.PowerShell.sln -c $Configuration; if ($LASTEXITCODE) { throw "build failed" } }
        'Test' { dotnet test Strands.PowerShell.sln; if ($LASTEXITCODE) { throw "tests failed" } }
        'Package' {
            dotnet build src/Strands.PowerShell/Strands.PowerShell.csproj -c Release; if ($LASTEXITCODE) { throw "build failed" }
            $repo = Join-Path $PSScriptRoot 'out/repository'
            New-Item -ItemType Directory -Force $repo | Out-Null
            Register-PSRepository -Name StrandsLocal -SourceLocation $repo -InstallationPolicy Trusted -ErrorAction SilentlyContinue
            Publish-Module -Path (Join-Path $PSScriptRoot 'out/Strands') -Repository StrandsLocal
            Get-ChildItem $repo -Filter *.nupkg
        }
    }
}
finally { Pop-Location }
