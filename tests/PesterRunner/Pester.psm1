# A Pester 5 compatible runner for machines without Pester: the subset our *.Tests.ps1 files use.
# It runs on a bare engine (Microsoft.PowerShell.Core only), so it prints through $Host.UI and uses
# .NET where Pester would call Utility cmdlets.
#
# Like Pester, a file runs twice: discovery executes it to collect the block tree (Describe bodies
# run, setup and It bodies are only recorded); the run phase then executes the recorded script
# blocks. Test code is bound to the caller's session state, so scopes are made there: a helper
# script block bound to that session state opens each child scope (file > block > test), the module
# drives it, and setup/test bodies are dot-sourced into the scope that is current in the caller's
# session state. BeforeAll variables are thus visible to everything below, and It variables die
# with their test. Mocks are functions defined in that same scope, so they vanish with it.
#
# Not supported: Mock -ModuleName, InModuleScope, Should -Invoke -Scope, -InvokeVerifiable, Set-ItResult, configuration
# objects, result files. Files using them fail loudly here rather than passing by accident.

# Test files may turn strict mode on; the runner reads optional node fields that strict mode would reject.
Set-StrictMode -Off
$script:State = $null

function New-Node ([string]$Kind, [string]$Name, $Parent, [string[]]$Tag, [bool]$Skip, [bool]$HasData, $Item) {
    if (-not $HasData) { $Item = $null }
    $node = @{
        Kind = $Kind; Name = $Name; Parent = $Parent; Tag = @($Tag | Where-Object { $_ }); HasData = $HasData; Item = $Item
        Skip = $Skip -or ($null -ne $Parent -and $Parent.Skip)
        BeforeAll = [Collections.Generic.List[scriptblock]]::new(); AfterAll = [Collections.Generic.List[scriptblock]]::new()
        BeforeEach = [Collections.Generic.List[scriptblock]]::new(); AfterEach = [Collections.Generic.List[scriptblock]]::new()
        Children = [Collections.Generic.List[object]]::new(); ErrorRecord = [Collections.Generic.List[Management.Automation.ErrorRecord]]::new()
        Result = $null; Duration = [timespan]::Zero; Body = $null
    }
    $node.ExpandedName = Expand-Name $Name $node
    $node
}

# Resolves <key>, <key.Property> and <_> from the data of the node and of its ancestors, nearest first.
function Expand-Name ([string]$Name, $Node) {
    [regex]::Replace($Name, '<([^<>]+)>', {
            param($match)
            $segments = $match.Groups[1].Value.Split('.')
            for ($n = $Node; $null -ne $n; $n = $n.Parent) {
                if (-not $n.HasData) { continue }
                if ($segments[0] -eq '_') { $value = $n.Item }
                elseif ($n.Item -is [Collections.IDictionary] -and $n.Item.Contains($segments[0])) { $value = $n.Item[$segments[0]] }
                else { continue }
                for ($i = 1; $i -lt $segments.Count; $i++) { $value = $value.($segments[$i]) }
                return "$value"
            }
            $match.Value
        })
}

function Get-Chain ($Node) {
    $chain = [Collections.Generic.List[object]]::new()
    for ($n = $Node; $null -ne $n; $n = $n.Parent) { $chain.Insert(0, $n) }
    $chain
}

# "Describe > Context > It", the file's root node left out.
function Get-DisplayPath ($Node) { @(Get-Chain $Node | Where-Object { $_.Kind -ne 'Root' } | ForEach-Object { $_.ExpandedName }) -join ' > ' }

function Get-Tests ($Block) {
    foreach ($child in $Block.Children) { if ($child.Kind -eq 'Test') { $child } else { Get-Tests $child } }
}

function Assert-Discovery ([string]$Command) {
    if ($null -eq $script:State -or $script:State.Phase -ne 'Discovery') {
        throw "$Command is only valid directly in a test file, Describe or Context, and only when run by Invoke-Pester."
    }
}

# Data of a -ForEach item becomes variables of the current caller scope: $_ and, for a hashtable, one per key.
function Set-DataVariables ($Node) {
    if (-not $Node.HasData) { return }
    $variables = $script:State.UserSessionState.PSVariable
    $variables.Set('_', $Node.Item)
    if ($Node.Item -is [Collections.IDictionary]) { foreach ($key in $Node.Item.Keys) { $variables.Set([string]$key, $Node.Item[$key]) } }
}

function Add-Block ([string]$Kind, [string]$Name, [scriptblock]$Fixture, [string[]]$Tag, [bool]$Skip, [bool]$HasData, [object[]]$Data) {
    Assert-Discovery $Kind
    $parent = $script:State.Current
    # Without -ForEach, one pass with no data.
    $items = @($null)
    if ($HasData) { $items = @($Data) }
    foreach ($item in $items) {
        $block = New-Node $Kind $Name $parent $Tag $Skip $HasData $item
        $parent.Children.Add($block)
        $script:State.Current = $block
        try { & $script:State.Helper { param($b) Set-DataVariables $b.Block; $null = & $b.Fixture } @{ Block = $block; Fixture = $Fixture } }
        finally { $script:State.Current = $parent }
    }
}

function Describe {
    param([Parameter(Mandatory, Position = 0)][string]$Name, [Parameter(Position = 1)][scriptblock]$Fixture = {},
        [string[]]$Tag, [switch]$Skip, [Alias('TestCases')][object[]]$ForEach)
    Add-Block 'Describe' $Name $Fixture $Tag $Skip $PSBoundParameters.ContainsKey('ForEach') $ForEach
}

function Context {
    param([Parameter(Mandatory, Position = 0)][string]$Name, [Parameter(Position = 1)][scriptblock]$Fixture = {},
        [string[]]$Tag, [switch]$Skip, [Alias('TestCases')][object[]]$ForEach)
    Add-Block 'Context' $Name $Fixture $Tag $Skip $PSBoundParameters.ContainsKey('ForEach') $ForEach
}

function It {
    param([Parameter(Mandatory, Position = 0)][string]$Name, [Parameter(Position = 1)][scriptblock]$Test,
        [string[]]$Tag, [switch]$Skip, [Alias('TestCases')][object[]]$ForEach)
    Assert-Discovery 'It'
    $hasData = $PSBoundParameters.ContainsKey('ForEach')
    # Without -ForEach, one pass with no data.
    $items = @($null)
    if ($hasData) { $items = @($ForEach) }
    foreach ($item in $items) {
        # An It without a body is pending; Pester reports it as skipped.
        $node = New-Node 'Test' $Name $script:State.Current $Tag ($Skip -or $null -eq $Test) $hasData $item
        $node.Body = $Test
        $script:State.Current.Children.Add($node)
    }
}

function BeforeAll { param([Parameter(Mandatory, Position = 0)][scriptblock]$Scriptblock) Assert-Discovery 'BeforeAll'; $script:State.Current.BeforeAll.Add($Scriptblock) }
function AfterAll { param([Parameter(Mandatory, Position = 0)][scriptblock]$Scriptblock) Assert-Discovery 'AfterAll'; $script:State.Current.AfterAll.Add($Scriptblock) }
function BeforeEach { param([Parameter(Mandatory, Position = 0)][scriptblock]$Scriptblock) Assert-Discovery 'BeforeEach'; $script:State.Current.BeforeEach.Add($Scriptblock) }
function AfterEach { param([Parameter(Mandatory, Position = 0)][scriptblock]$Scriptblock) Assert-Discovery 'AfterEach'; $script:State.Current.AfterEach.Add($Scriptblock) }
function BeforeDiscovery { param([Parameter(Mandatory, Position = 0)][scriptblock]$Scriptblock) Assert-Discovery 'BeforeDiscovery'; . $Scriptblock }

function Write-Line ([string]$Text) { if ($script:State.Output -ne 'None') { $Host.UI.WriteLine($Text) } }

function Format-ErrorText ($ErrorRecord) {
    # The first frame outside this module is the line of the test that failed.
    $frame = @("$($ErrorRecord.ScriptStackTrace)".Split("`n") | Where-Object { $_ -and $_ -notlike '*Pester.psm1*' })
    if ($frame.Count) { $frame = $frame[0]; "$($ErrorRecord.Exception.Message)`n$($frame.Trim())" } else { $ErrorRecord.Exception.Message }
}

function Complete-Test ($Test, [string]$Result, $ErrorRecord) {
    if ($null -ne $ErrorRecord) { $Test.ErrorRecord.Add($ErrorRecord) }
    $Test.Result = if ($Test.ErrorRecord.Count -gt 0) { 'Failed' } else { $Result }
    $path = Get-DisplayPath $Test
    $ms = [int]$Test.Duration.TotalMilliseconds
    switch ($Test.Result) {
        'Passed' { if ($script:State.Output -eq 'Detailed') { Write-Line "[+] $path ${ms}ms" } }
        'Skipped' { if ($script:State.Output -eq 'Detailed') { Write-Line "[!] $path is skipped" } }
        'Failed' { Write-Line "[-] $path ${ms}ms"; foreach ($e in $Test.ErrorRecord) { Write-Line ('    ' + ((Format-ErrorText $e) -replace "`n", "`n    ")) } }
    }
}

function Invoke-Test ($Test) {
    $state = $script:State
    $chain = @(Get-Chain $Test.Parent)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $state.Test = $Test
    try {
        Set-DataVariables $Test
        foreach ($block in $chain) { foreach ($setup in $block.BeforeEach) { $null = . $setup } }
        $null = . $Test.Body
    }
    catch { $Test.ErrorRecord.Add($_) }
    finally {
        for ($i = $chain.Count - 1; $i -ge 0; $i--) {
            foreach ($teardown in $chain[$i].AfterEach) { try { $null = . $teardown } catch { $Test.ErrorRecord.Add($_) } }
        }
        Remove-MockBehaviors $Test
        $state.Test = $null
        $Test.Duration = $clock.Elapsed
        Complete-Test $Test 'Passed' $null
    }
}

# Runs a block's setup, tests and child blocks in the caller scope that is current (the block's own).
function Invoke-BlockContent ($Block) {
    $pending = @(Get-Tests $Block | Where-Object { $null -eq $_.Result })
    if ($pending.Count -eq 0) { return }
    $state = $script:State
    $state.Block = $Block
    try {
        Set-DataVariables $Block
        $setupError = $null
        try { foreach ($setup in $Block.BeforeAll) { $null = . $setup } } catch { $setupError = $_ }
        if ($null -ne $setupError) { foreach ($test in $pending) { Complete-Test $test 'Failed' $setupError } }
        else {
            foreach ($child in $Block.Children) {
                if ($null -ne $child.Result) { continue }
                if ($child.Kind -eq 'Test') { & $state.Helper { param($t) Invoke-Test $t } $child }
                else { & $state.Helper { param($b) Invoke-BlockContent $b } $child; $state.Block = $Block }
            }
        }
    }
    finally {
        foreach ($teardown in $Block.AfterAll) { try { $null = . $teardown } catch { $Block.ErrorRecord.Add($_); Write-Line "[-] $(Get-DisplayPath $Block) AfterAll failed: $(Format-ErrorText $_)" } }
        Remove-MockBehaviors $Block
    }
}

function Remove-MockBehaviors ($Owner) {
    foreach ($mock in $script:State.Mocks.Values) { [void]$mock.Behaviors.RemoveAll({ param($b) [object]::ReferenceEquals($b.Owner, $Owner) }) }
}

# Every mock function calls this (through $__PesterMockDispatch, visible to it by dynamic scoping).
$script:MockDispatch = {
    param([string]$Name, $Bound, $Unbound)
    $state = $script:State
    $mock = $state.Mocks[$Name]
    $parameters = @{}
    foreach ($key in $Bound.Keys) { $parameters[$key] = $Bound[$key] }
    $mock.Calls.Add(@{ Parameters = $parameters; Test = $state.Test; Block = $state.Block })
    $behaviors = @($mock.Behaviors)
    [array]::Reverse($behaviors)
    # Pester's order: the newest behavior whose filter matches, else the newest without a filter, else the real command.
    $chosen = @($behaviors | Where-Object { $_.Filter -and (& $state.WithVariables $_.Filter $parameters @()) }) + @($behaviors | Where-Object { -not $_.Filter })
    if ($chosen.Count) { $chosen = $chosen[0]; & $state.WithVariables $chosen.Body $parameters $Unbound } else { & $mock.Original @Bound @Unbound }
}

function Mock {
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)][string]$CommandName, [Parameter(Position = 1)][scriptblock]$MockWith = {},
        [scriptblock]$ParameterFilter, [switch]$Verifiable, [string]$ModuleName)
    $state = $script:State
    if ($null -eq $state -or $state.Phase -ne 'Run') { throw 'Mock is only valid inside BeforeAll, BeforeEach, It, AfterEach or AfterAll.' }
    if ($ModuleName) { throw "Mock -ModuleName is not supported by this runner: binary modules cannot be mocked into." }
    $callerState = $PSCmdlet.SessionState
    $mock = $state.Mocks[$CommandName]
    if ($null -eq $mock) {
        # Resolved by an unbound script block run in the caller's session state: the caller's functions are visible there, ours are not.
        $original = $callerState.InvokeCommand.InvokeScript($callerState, [scriptblock]::Create('Get-Command -Name $args[0] -ErrorAction Ignore'), @($CommandName)) | ForEach-Object { $_ }
        if ($null -eq $original) { throw "Could not find Command $CommandName" }
        $mock = @{ Original = $original; Behaviors = [Collections.Generic.List[object]]::new(); Calls = [Collections.Generic.List[object]]::new() }
        $state.Mocks[$CommandName] = $mock
    }
    $owner = if ($state.Test) { $state.Test } else { $state.Block }
    $mock.Behaviors.Add(@{ Filter = $ParameterFilter; Body = $MockWith; Owner = $owner })
    # Copying the original parameters lets a ParameterFilter and Should -Invoke see $City, not raw $args.
    $metadata = [Management.Automation.CommandMetadata]::new($mock.Original)
    $signature = if ($metadata.Parameters.Count -gt 0) {
        [Management.Automation.ProxyCommand]::GetCmdletBindingAttribute($metadata) + "`nparam(" + [Management.Automation.ProxyCommand]::GetParamBlock($metadata) + ')'
    }
    $definition = "function $CommandName {`n$signature`n& `$__PesterMockDispatch '$($CommandName -replace "'", "''")' `$PSBoundParameters `$args`n}"
    $null = $callerState.InvokeCommand.InvokeScript($callerState, [scriptblock]::Create($definition), @())
}

function Format-Nicely ($Value) {
    if ($null -eq $Value) { return '$null' }
    if ($Value -is [bool]) { return '$' + "$Value".ToLowerInvariant() }
    if ($Value -is [string]) { return "'$Value'" }
    if ($Value -is [type]) { return "[$($Value.FullName)]" }
    if ($Value -is [scriptblock]) { return "{$Value}" }
    if ($Value -is [Collections.IDictionary]) { return '@{' + (@($Value.Keys | ForEach-Object { "$_=$(Format-Nicely $Value[$_])" }) -join '; ') + '}' }
    if ($Value -is [Collections.IEnumerable]) { return '@(' + (@($Value | ForEach-Object { Format-Nicely $_ }) -join ', ') + ')' }
    "$Value"
}

function Test-Collection ($Value) { $Value -is [Collections.IEnumerable] -and $Value -isnot [string] -and $Value -isnot [Collections.IDictionary] }

function Test-Equal ($Actual, $Expected, [bool]$CaseSensitive) {
    if ((Test-Collection $Actual) -or (Test-Collection $Expected)) {
        $a = @($Actual); $e = @($Expected)
        if (-not ((Test-Collection $Actual) -and (Test-Collection $Expected)) -or $a.Count -ne $e.Count) { return $false }
        for ($i = 0; $i -lt $a.Count; $i++) { if (-not (Test-Equal $a[$i] $e[$i] $CaseSensitive)) { return $false } }
        return $true
    }
    if ($null -eq $Actual -or $null -eq $Expected) { return $null -eq $Actual -and $null -eq $Expected }
    if ($CaseSensitive) { $Actual -ceq $Expected } else { $Actual -eq $Expected }
}

function Get-ShouldCalls ($Mock, $State) {
    # Inside an It, calls made by that test; in a block's setup or teardown, calls made anywhere below the block.
    foreach ($call in $Mock.Calls) {
        if ($State.Test) { if ([object]::ReferenceEquals($call.Test, $State.Test)) { $call } }
        else { for ($b = $call.Block; $null -ne $b; $b = $b.Parent) { if ([object]::ReferenceEquals($b, $State.Block)) { $call; break } } }
    }
}

function Should {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $ActualValue,
        [Parameter(Position = 0)][Alias('Expected', 'RegularExpression', 'ExpectedType', 'ExpectedMessage', 'CommandName')] $ExpectedValue,
        [switch]$Not, [string]$Because,
        [switch]$Be, [switch]$BeExactly, [switch]$BeTrue, [switch]$BeFalse, [switch]$BeNullOrEmpty, [switch]$HaveCount, [switch]$Contain, [switch]$BeIn,
        [switch]$Match, [switch]$Like, [switch]$BeOfType, [switch]$BeGreaterThan, [switch]$BeLessThan, [switch]$BeGreaterOrEqual,
        [switch]$BeLessOrEqual, [switch]$Throw, [switch]$Invoke,
        [string]$ErrorId, [type]$ExceptionType, [switch]$PassThru, [int]$Times = 1, [switch]$Exactly, [scriptblock]$ParameterFilter)
    begin { $collected = [Collections.Generic.List[object]]::new() }
    process { if ($MyInvocation.ExpectingInput) { $collected.Add($ActualValue) } }
    end {
        $operators = @('Be', 'BeExactly', 'BeTrue', 'BeFalse', 'BeNullOrEmpty', 'HaveCount', 'Contain', 'BeIn', 'Match', 'Like', 'BeOfType',
            'BeGreaterThan', 'BeLessThan', 'BeGreaterOrEqual', 'BeLessOrEqual', 'Throw', 'Invoke') | Where-Object { $PSBoundParameters[$_] }
        if (@($operators).Count -ne 1) { throw "Should needs exactly one operator, got: $($operators -join ', ')" }
        # Pester's collection semantics: piped items are gathered; one item is the value itself, none is an empty array.
        $actual = if (-not $MyInvocation.ExpectingInput) { $ActualValue } elseif ($collected.Count -eq 1) { $collected[0] } elseif ($collected.Count -eq 0) { , @() } else { , $collected.ToArray() }
        $e = $ExpectedValue; $fa = Format-Nicely $actual; $fe = Format-Nicely $e
        $bc = if ($Because) { ", because $Because" } else { '' }
        $pass = $true; $message = ''; $notMessage = ''
        switch ($operators) {
            'Be' { $pass = Test-Equal $actual $e $false; $message = "Expected $fe$bc, but got $fa."; $notMessage = "Expected $fe to be different from the actual value$bc, but got the same value." }
            'BeExactly' { $pass = Test-Equal $actual $e $true; $message = "Expected exactly $fe$bc, but got $fa."; $notMessage = "Expected $fe to be different from the actual value$bc, but got exactly the same value." }
            'BeTrue' { $pass = [bool]$actual; $message = "Expected `$true$bc, but got $fa."; $notMessage = "Expected `$false$bc, but got $fa." }
            'BeFalse' { $pass = -not [bool]$actual; $message = "Expected `$false$bc, but got $fa."; $notMessage = "Expected `$true$bc, but got $fa." }
            'BeNullOrEmpty' {
                $pass = $null -eq $actual -or ($actual -is [string] -and $actual.Length -eq 0) -or ((Test-Collection $actual) -and @($actual).Count -eq 0)
                $message = "Expected `$null or empty$bc, but got $fa."; $notMessage = "Expected a value$bc, but got `$null or empty."
            }
            'HaveCount' {
                $count = if ($null -eq $actual) { 0 } else { @($actual).Count }
                $pass = $count -eq $e
                $message = "Expected a collection with size $e$bc, but got collection with size $count $fa."
                $notMessage = "Expected a collection with size different from $e$bc, but got collection with that size $fa."
            }
            'Contain' { $pass = @($actual) -contains $e; $message = "Expected $fe to be found in collection $fa$bc, but it was not found."; $notMessage = "Expected $fe to not be found in collection $fa$bc, but it was found." }
            'BeIn' { $pass = @($e) -contains $actual; $message = "Expected collection $fe to contain $fa$bc, but it was not found."; $notMessage = "Expected collection $fe to not contain $fa$bc, but it was found." }
            'Match' { $pass = $actual -match $e; $message = "Expected regular expression $fe to match $fa$bc, but it did not match."; $notMessage = "Expected regular expression $fe to not match $fa$bc, but it did match." }
            'Like' { $pass = $actual -like $e; $message = "Expected like wildcard $fe to match $fa$bc, but it did not match."; $notMessage = "Expected like wildcard $fe to not match $fa$bc, but it did match." }
            'BeOfType' {
                $type = if ($e -is [type]) { $e } else { ([string]$e).Trim('[', ']') -as [type] }
                if ($null -eq $type) { throw "Should -BeOfType: unknown type $fe." }
                $pass = $actual -is $type; $ft = Format-Nicely $type; $fat = if ($null -eq $actual) { '$null' } else { Format-Nicely $actual.GetType() }
                $message = "Expected the value to have type $ft or any of its subtypes$bc, but got $fa with type $fat."
                $notMessage = "Expected the value to not have type $ft or any of its subtypes$bc, but got $fa with type $fat."
            }
            'BeGreaterThan' { $pass = $actual -gt $e; $message = "Expected the actual value to be greater than $fe$bc, but got $fa."; $notMessage = "Expected the actual value to be less than or equal to $fe$bc, but got $fa." }
            'BeLessThan' { $pass = $actual -lt $e; $message = "Expected the actual value to be less than $fe$bc, but got $fa."; $notMessage = "Expected the actual value to be greater than or equal to $fe$bc, but got $fa." }
            'BeGreaterOrEqual' { $pass = $actual -ge $e; $message = "Expected the actual value to be greater than or equal to $fe$bc, but got $fa."; $notMessage = "Expected the actual value to be less than $fe$bc, but got $fa." }
            'BeLessOrEqual' { $pass = $actual -le $e; $message = "Expected the actual value to be less than or equal to $fe$bc, but got $fa."; $notMessage = "Expected the actual value to be greater than $fe$bc, but got $fa." }
            'Throw' {
                if ($actual -isnot [scriptblock]) { throw "Should -Throw needs a script block, got $fa." }
                $thrown = $null
                try { $null = & $actual } catch { $thrown = $_ }
                $pass = $null -ne $thrown
                $notMessage = "Expected no exception to be thrown$bc, but an exception `"$(if ($thrown) { $thrown.Exception.Message })`" was thrown."
                if (-not $pass) { $message = "Expected an exception to be thrown$bc, but no exception was thrown." }
                elseif ($ExceptionType -and $thrown.Exception -isnot $ExceptionType) {
                    $pass = $false; $message = "Expected an exception of type $(Format-Nicely $ExceptionType) to be thrown$bc, but the exception type was $(Format-Nicely $thrown.Exception.GetType())."
                }
                elseif ($null -ne $e -and $thrown.Exception.Message -notlike $e) {
                    $pass = $false; $message = "Expected an exception with message like $fe to be thrown$bc, but the message was $(Format-Nicely $thrown.Exception.Message)."
                }
                elseif ($ErrorId -and $thrown.FullyQualifiedErrorId -notlike "*$ErrorId*") {
                    $pass = $false; $message = "Expected an exception with FullyQualifiedErrorId '$ErrorId' to be thrown$bc, but the FullyQualifiedErrorId was '$($thrown.FullyQualifiedErrorId)'."
                }
            }
            'Invoke' {
                $state = $script:State
                $mock = if ($state) { $state.Mocks[[string]$e] }
                if ($null -eq $mock) { throw "Should -Invoke: $e was not mocked." }
                $calls = @(Get-ShouldCalls $mock $state | Where-Object { -not $ParameterFilter -or (& $state.WithVariables $ParameterFilter $_.Parameters @()) })
                $pass = if ($Exactly) { $calls.Count -eq $Times } else { $calls.Count -ge $Times }
                $how = if ($Exactly) { 'exactly' } else { 'at least' }
                $message = "Expected $e to be called $how $Times times$bc, but was called $($calls.Count) times."
                $notMessage = "Expected $e not to be called $how $Times times$bc, but was called $($calls.Count) times."
            }
        }
        if ($Not) { $pass = -not $pass; $message = $notMessage }
        if (-not $pass) {
            throw [Management.Automation.ErrorRecord]::new([Exception]::new($message), 'PesterAssertionFailed', 'InvalidResult', $actual)
        }
        if ($PassThru -and $Throw -and -not $Not) { $thrown }
    }
}

function Invoke-Pester {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Path = '.', [switch]$PassThru, [string[]]$TagFilter, [string[]]$ExcludeTagFilter,
        [ValidateSet('None', 'Normal', 'Detailed')][string]$Output = 'Normal', [Alias('EnableExit')][switch]$CI)
    $callerState = $PSCmdlet.SessionState
    $files = foreach ($p in $Path) {
        $full = $callerState.Path.GetUnresolvedProviderPathFromPSPath($p)
        if ([IO.Directory]::Exists($full)) { $found = [IO.Directory]::GetFiles($full, '*.Tests.ps1', [IO.SearchOption]::AllDirectories); [Array]::Sort($found); $found } else { $full }
    }
    $outerState = $script:State
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $containers = [Collections.Generic.List[object]]::new()
    try {
        foreach ($file in $files) {
            # Script blocks created here are bound to the caller, so scopes they open are the caller's.
            $helpers = $callerState.InvokeCommand.InvokeScript($callerState, [scriptblock]::Create(@'
{ if ($args.Count -gt 1) { & $args[0] $args[1] } else { & $args[0] } }
{ foreach ($__pv in $args[1].GetEnumerator()) { $ExecutionContext.SessionState.PSVariable.Set([string]$__pv.Key, $__pv.Value) }; $__unbound = $args[2]; & $args[0] @__unbound }
'@), @())
            $root = New-Node 'Root' ([IO.Path]::GetFileName($file)) $null @() $false $false $null
            $script:State = @{ Phase = 'Discovery'; Current = $root; Block = $root; Test = $null; Output = $Output; UserSessionState = $callerState
                Helper = $helpers[0]; WithVariables = $helpers[1]; Mocks = @{} }
            $container = @{ Item = $file; Root = $root; ErrorRecord = $root.ErrorRecord }
            $containers.Add($container)
            if ($Output -ne 'None') { $Host.UI.WriteLine("Running tests from '$file'") }
            if (-not [IO.File]::Exists($file)) { $root.ErrorRecord.Add([Management.Automation.ErrorRecord]::new([IO.FileNotFoundException]::new("No test file at $file"), 'PathNotFound', 'ObjectNotFound', $file)); continue }
            try { & $script:State.Helper $file } catch { $root.ErrorRecord.Add($_); Write-Line "[-] Discovery in $file failed: $(Format-ErrorText $_)"; continue }
            foreach ($test in @(Get-Tests $root)) {
                $tags = foreach ($n in Get-Chain $test) { $n.Tag }
                $included = (-not $TagFilter -or @($tags | Where-Object { $t = $_; @($TagFilter | Where-Object { $t -like $_ }).Count }).Count) -and
                    -not @($tags | Where-Object { $t = $_; @($ExcludeTagFilter | Where-Object { $t -like $_ }).Count }).Count
                if (-not $included) { $test.Result = 'NotRun' } elseif ($test.Skip) { Complete-Test $test 'Skipped' $null }
            }
            $script:State.Phase = 'Run'
            $testDrive = [IO.Path]::Combine([IO.Path]::GetTempPath(), 'PesterTestDrive-' + [guid]::NewGuid().ToString('n'))
            [void][IO.Directory]::CreateDirectory($testDrive)
            try {
                & $script:State.Helper {
                    param($run)
                    $script:State.UserSessionState.PSVariable.Set('TestDrive', $run.TestDrive)
                    $script:State.UserSessionState.PSVariable.Set('__PesterMockDispatch', $script:MockDispatch)
                    Invoke-BlockContent $run.Root
                } @{ Root = $root; TestDrive = $testDrive }
            }
            finally { if ([IO.Directory]::Exists($testDrive)) { [IO.Directory]::Delete($testDrive, $true) } }
        }
    }
    finally { $script:State = $outerState }

    $tests = @(foreach ($container in $containers) {
            foreach ($test in @(Get-Tests $container.Root)) {
                $names = @(Get-Chain $test | Where-Object { $_.Kind -ne 'Root' } | ForEach-Object { $_.ExpandedName })
                [pscustomobject]@{ PSTypeName = 'Pester.Test'; Name = $test.ExpandedName; ExpandedName = $test.ExpandedName; ExpandedPath = $names -join ' > '
                    Path = $names; Result = $test.Result; Passed = $test.Result -eq 'Passed'; Skipped = $test.Result -eq 'Skipped'
                    ErrorRecord = $test.ErrorRecord; Duration = $test.Duration; Tag = $test.Tag; File = $container.Item }
            }
        })
    $failedBlocks = @(foreach ($container in $containers) { Get-Blocks $container.Root | Where-Object { $_.ErrorRecord.Count } | ForEach-Object { [pscustomobject]@{ Name = Get-DisplayPath $_; ErrorRecord = $_.ErrorRecord } } })
    $containerResults = @(foreach ($container in $containers) {
            $failed = $container.Root.ErrorRecord.Count -gt 0 -or @($tests | Where-Object { $_.File -eq $container.Item -and $_.Result -eq 'Failed' }).Count -gt 0
            [pscustomobject]@{ PSTypeName = 'Pester.Container'; Item = $container.Item; Result = if ($failed) { 'Failed' } else { 'Passed' }; ErrorRecord = $container.Root.ErrorRecord }
        })
    $count = { param($r) @($tests | Where-Object { $_.Result -eq $r }).Count }
    $run = [pscustomobject]@{ PSTypeName = 'Pester.Run'
        Result = if (@($containerResults | Where-Object { $_.Result -eq 'Failed' }).Count -or $failedBlocks.Count) { 'Failed' } else { 'Passed' }
        Containers = $containerResults; Tests = $tests; Duration = $clock.Elapsed
        PassedCount = & $count 'Passed'; FailedCount = & $count 'Failed'; SkippedCount = & $count 'Skipped'; NotRunCount = & $count 'NotRun'; TotalCount = $tests.Count
        FailedBlocks = $failedBlocks; FailedBlocksCount = $failedBlocks.Count
        FailedContainersCount = @($containerResults | Where-Object { $_.ErrorRecord.Count }).Count
    }
    if ($Output -ne 'None') {
        $Host.UI.WriteLine("Tests completed in $([int]$clock.Elapsed.TotalMilliseconds)ms")
        $Host.UI.WriteLine("Tests Passed: $($run.PassedCount), Failed: $($run.FailedCount), Skipped: $($run.SkippedCount), NotRun: $($run.NotRunCount)")
    }
    if ($PassThru) { $run }
    # Like Pester's Run.Exit: a CI step fails through the exit code, which counts the failures.
    if ($CI -and $run.Result -eq 'Failed') { exit [Math]::Max(1, $run.FailedCount) }
}

function Get-Blocks ($Block) { foreach ($child in $Block.Children) { if ($child.Kind -ne 'Test') { $child; Get-Blocks $child } } }

Export-ModuleMember -Function Invoke-Pester, Describe, Context, It, BeforeAll, AfterAll, BeforeEach, AfterEach, BeforeDiscovery, Should, Mock
