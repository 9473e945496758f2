<#
.SYNOPSIS
    Builds, tests, packages and demonstrates the Strands module. Runs in pwsh 7.4+; on a machine with
    only the .NET SDK, run it through the pinned tool: `dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1`.
.PARAMETER Task
    Build: compile and assemble the module folder out/Strands.
    Test: Build, then every xunit test (dotnet test) and every tests/Pester file under real Pester 5
          in a fresh pwsh; prints Pester's summary, then the combined line "N passed, N failed".
          Exits 1 when any test failed.
    Package: Release build, then out/packages/Strands.<version>.nupkg (the PowerShellGet layout, which
          Install-Module / Install-PSResource install from a local folder repository). Registers nothing.
    Demo: the main job: runs examples/quickstart.ps1 in a fresh pwsh, building the module first when
          out/Strands is missing or older than the sources.
.PARAMETER Configuration
    Debug (default) or Release.
.EXAMPLE
    ./build.ps1 -Task Test
.EXAMPLE
    dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Task Demo
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)
$ErrorActionPreference = 'Stop'
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$PesterVersion = '5.7.1'

# The pwsh running this script, as a command line for a child process (a global install has an
# executable in $PSHOME; the dotnet tool has only pwsh.dll there).
function Get-PwshCommand {
    $exe = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    if (Test-Path -LiteralPath $exe) { return , @($exe) }
    , @('dotnet', (Join-Path $PSHOME 'pwsh.dll'))
}

function Invoke-Pwsh([string[]] $Arguments) {
    $pwsh = Get-PwshCommand
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive @Arguments
}

function Invoke-Build {
    dotnet build Strands.PowerShell.sln -c $Configuration
    if ($LASTEXITCODE) { throw "dotnet build failed (exit $LASTEXITCODE)" }
}

# The Pester module that the test build downloads (PackageDownload in tests/Unit), else an installed one.
function Get-PesterManifest {
    $root = $env:NUGET_PACKAGES
    if (-not $root) { $root = Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $manifest = Join-Path $root "pester/$PesterVersion/tools/Pester.psd1"
    if (Test-Path -LiteralPath $manifest) { return $manifest }
    $installed = Get-Module -ListAvailable Pester | Where-Object { $_.Version.Major -eq 5 } | Sort-Object Version -Descending | Select-Object -First 1
    if ($installed) { return $installed.Path }
    throw "Pester 5 was not found at $manifest; `dotnet build Strands.PowerShell.sln` downloads it."
}

function Invoke-Tests {
    Invoke-Build

    $xunitLog = [System.IO.Path]::GetTempFileName()
    try {
        dotnet test Strands.PowerShell.sln -c $Configuration --no-build 2>&1 | Tee-Object -FilePath $xunitLog | Out-Host
        $xunitExit = $LASTEXITCODE
        $summaries = Select-String -Path $xunitLog -Pattern '^\s*(Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+)'
    }
    finally { Remove-Item -LiteralPath $xunitLog -ErrorAction Ignore }
    $xunitFailed = ($summaries | ForEach-Object { [int]$_.Matches[0].Groups[2].Value } | Measure-Object -Sum).Sum
    $xunitPassed = ($summaries | ForEach-Object { [int]$_.Matches[0].Groups[3].Value } | Measure-Object -Sum).Sum
    if ($xunitExit -and -not $xunitFailed) { $xunitFailed = 1 } # a crashed test host reports no summary

    # A fresh pwsh, as a contributor's `Invoke-Pester ./tests/Pester` would be: nothing of this
    # process (modules, variables) leaks into the tests. Pester writes its counts to a file.
    $counts = Join-Path ([System.IO.Path]::GetTempPath()) "strands-pester-$PID.json"
    $results = Join-Path $PSScriptRoot 'out/TestResults/pester.xml'
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-PesterManifest)'
`$config = New-PesterConfiguration
`$config.Run.Path = '$(Join-Path $PSScriptRoot 'tests/Pester')'
`$config.Run.PassThru = `$true
`$config.Output.Verbosity = 'Detailed'
`$config.TestResult.Enabled = `$true
`$config.TestResult.OutputFormat = 'NUnitXml'
`$config.TestResult.OutputPath = '$results'
`$run = Invoke-Pester -Configuration `$config
@{ passed = `$run.PassedCount; failed = `$run.FailedCount + `$run.FailedBlocksCount + `$run.FailedContainersCount } | ConvertTo-Json | Set-Content -LiteralPath '$counts'
"@
    try {
        Invoke-Pwsh -Arguments '-Command', $script | Out-Host
        $pester = if (Test-Path -LiteralPath $counts) { Get-Content -LiteralPath $counts -Raw | ConvertFrom-Json } else { [pscustomobject]@{ passed = 0; failed = 1 } }
    }
    finally { Remove-Item -LiteralPath $counts -ErrorAction Ignore }

    $passed = $xunitPassed + $pester.passed
    $failed = $xunitFailed + $pester.failed
    "xunit: $xunitPassed passed, $xunitFailed failed; Pester: $($pester.passed) passed, $($pester.failed) failed"
    "$passed passed, $failed failed"
    if ($failed -or $passed -eq 0) { exit 1 }
}

# True when out/Strands is missing or any source of the module is newer than its assembly.
function Test-ModuleStale {
    $dll = Join-Path $PSScriptRoot 'out/Strands/Strands.PowerShell.dll'
    if (-not (Test-Path -LiteralPath $dll)) { return $true }
    $built = (Get-Item -LiteralPath $dll).LastWriteTimeUtc
    $sources = Get-ChildItem -Recurse -File -Path (Join-Path $PSScriptRoot 'src'), (Join-Path $PSScriptRoot 'module'), (Join-Path $PSScriptRoot 'docs/help') |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
    [bool]($sources | Where-Object LastWriteTimeUtc -gt $built | Select-Object -First 1)
}

Push-Location $PSScriptRoot
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Tests }
        'Package' {
            dotnet pack packaging/Strands.Packaging.csproj -c Release
            if ($LASTEXITCODE) { throw "dotnet pack failed (exit $LASTEXITCODE)" }
            Get-ChildItem (Join-Path $PSScriptRoot 'out/packages') -Filter *.nupkg
        }
        'Demo' {
            if (Test-ModuleStale) {
                dotnet build src/Strands.PowerShell/Strands.PowerShell.csproj -c $Configuration | Out-Null
                if ($LASTEXITCODE) { throw "dotnet build failed (exit $LASTEXITCODE); run it alone to see why" }
            }
            Invoke-Pwsh -Arguments '-File', (Join-Path $PSScriptRoot 'examples/quickstart.ps1')
            exit $LASTEXITCODE
        }
    }
}
finally { Pop-Location }
