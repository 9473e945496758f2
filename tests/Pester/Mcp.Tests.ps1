# MCP servers as tools: our own test server (tests/McpTestServer, built with the same SDK) over stdio
# and over streamable HTTP on loopback, driven by an agent against the fake provider.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $fake = Start-FakeProvider
    $base = $fake.BaseUrl.ToString()
    $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $base
    $serverDll = @([System.IO.Directory]::GetFiles([System.IO.Path]::Combine($script:RepoRoot, 'tests', 'McpTestServer', 'bin'), 'Strands.McpTestServer.dll', 'AllDirectories'))[0]
    $dotnet = if ($env:DOTNET_HOST_PATH) { $env:DOTNET_HOST_PATH } else { 'dotnet' }

    # The function declaration the model was offered for a tool, from a recorded request.
    function Get-OfferedTool([object] $Request, [string] $Name) {
        $Request.Json.RootElement.GetProperty('tools').EnumerateArray() |
            Where-Object { $_.GetProperty('function').GetProperty('name').GetString() -eq $Name } |
            ForEach-Object { $_.GetProperty('function') }
    }
    function Test-ProcessRunning([int] $Id) {
        try { -not [System.Diagnostics.Process]::GetProcessById($Id).HasExited } catch { $false }
    }
    function Wait-ProcessGone([int] $Id, [int] $TimeoutMs = 10000) {
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        while ((Test-ProcessRunning $Id) -and $clock.ElapsedMilliseconds -lt $TimeoutMs) { [System.Threading.Thread]::Sleep(50) }
        -not (Test-ProcessRunning $Id)
    }
}

AfterAll { Stop-FakeProvider $fake }

Describe 'MCP over stdio' {
    BeforeEach { $start = $fake.Requests.Count }

    It 'offers the server''s tools with their schemas, calls one end to end, and stops the server on Dispose' {
        $pidFile = [System.IO.Path]::GetTempFileName()
        $client = New-StrandsMcpClient -Command $dotnet -Arguments $serverDll -Environment @{ STRANDS_MCP_PID_FILE = $pidFile }
        try {
            $serverId = [int][System.IO.File]::ReadAllText($pidFile)
            Test-ProcessRunning $serverId | Should -BeTrue
            $client.Transport | Should -Be 'stdio'
            $client.Tools | Should -Contain 'add'
            $client.Tools | Should -Contain 'slow'
            # The SDK lives in the module's own load context, never in the default one.
            $contexts = @([System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ModelContextProtocol.Core' } |
                    ForEach-Object { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name })
            $contexts | Should -Be 'Strands.Mcp'

            Reply-Tools @(New-FakeToolCall 'add' '{"a":2,"b":40}' 'm1')
            Reply-Text 'The sum is 42.'
            $agent = New-StrandsAgent -Model $model -Tool $client
            $result = Invoke-StrandsAgent $agent 'add 2 and 40' 6>$null
            "$result" | Should -Be 'The sum is 42.'
            (Get-ToolAnswers $fake.Requests[$start + 1]) -join '|' | Should -Be '42'
            $offered = Get-OfferedTool $fake.Requests[$start] 'add'
            $offered.GetProperty('description').GetString() | Should -Be 'Adds two integers.'
            $offered.GetProperty('parameters').GetProperty('properties').GetProperty('a').GetProperty('type').GetString() | Should -Be 'integer'
        }
        finally { $client.Dispose() }
        $client.IsConnected | Should -BeFalse
        Wait-ProcessGone $serverId | Should -BeTrue
        [System.IO.File]::Delete($pidFile)
    }

    It 'filters and prefixes tools; Close-StrandsMcpClient ends the session' {
        $client = New-StrandsMcpClient $dotnet $serverDll -ToolFilter 'ad*' -Prefix 'calc'
        try {
            $client.Tools | Should -Be 'calc_add'
            Reply-Tools @(New-FakeToolCall 'calc_add' '{"a":1,"b":1}' 'p1')
            Reply-Text 'two'
            $agent = New-StrandsAgent -Model $model -Tool $client
            $null = Invoke-StrandsAgent $agent 'one plus one' 6>$null
            (Get-ToolAnswers $fake.Requests[$start + 1]) -join '|' | Should -Be '2'
        }
        finally { Close-StrandsMcpClient $client }
        $client.IsConnected | Should -BeFalse
    }

    It 'reports a failing MCP tool to the model as an error result' {
        $client = New-StrandsMcpClient $dotnet $serverDll -ToolFilter 'fail'
        try {
            Reply-Tools @(New-FakeToolCall 'fail' '{}' 'f1')
            Reply-Text 'it failed'
            $agent = New-StrandsAgent -Model $model -Tool $client
            $result = Invoke-StrandsAgent $agent 'fail please' 6>$null
            $result.ToolCalls[0].Status | Should -Be 'Error'
            (Get-ToolAnswers $fake.Requests[$start + 1]) -join '|' | Should -Match 'fail'
        }
        finally { $client.Dispose() }
    }

    It 'fails clearly when the server cannot start' {
        { New-StrandsMcpClient -Command 'strands-no-such-mcp-server' -TimeoutSec 10 -ErrorAction Stop } |
            Should -Throw "*Could not connect to the MCP server 'strands-no-such-mcp-server'*"
    }
}

Describe 'MCP over streamable HTTP' {
    BeforeAll {
        $info = [System.Diagnostics.ProcessStartInfo]::new($dotnet)
        $info.ArgumentList.Add($serverDll)
        $info.ArgumentList.Add('http')
        $info.UseShellExecute = $false
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardInput = $true
        $server = [System.Diagnostics.Process]::Start($info)
        $url = $server.StandardOutput.ReadLine()
    }
    AfterAll {
        # Closing its stdin ends the server; kill it if it does not go.
        $server.StandardInput.Close()
        if (-not $server.WaitForExit(5000)) { $server.Kill() }
    }
    BeforeEach { $start = $fake.Requests.Count }

    It 'calls tools over loopback HTTP, sending the given headers' {
        $url | Should -Match '^http://127\.0\.0\.1:\d+/mcp$'
        $client = New-StrandsMcpClient -Url $url -Headers @{ 'X-Strands-Test' = 'from-pester' }
        try {
            $client.Transport | Should -Be 'http'
            $client.Tools | Should -Contain 'header'
            Reply-Tools @((New-FakeToolCall 'add' '{"a":20,"b":22}' 'h1'), (New-FakeToolCall 'header' '{"name":"X-Strands-Test"}' 'h2'))
            Reply-Text 'done'
            $agent = New-StrandsAgent -Model $model -Tool $client
            $null = Invoke-StrandsAgent $agent 'add and read the header' 6>$null
            (Get-ToolAnswers $fake.Requests[$start + 1]) -join '|' | Should -Be '42|from-pester'
        }
        finally { $client.Dispose() }
    }
}

Describe 'MCP cancellation and cleanup' {
    It 'Ctrl+C (PowerShell.Stop) cancels a running MCP tool call within a second, and closing the runspace stops the server' {
        $pidFile = [System.IO.Path]::GetTempFileName()
        $start = $fake.Requests.Count
        Reply-Tools @(New-FakeToolCall 'slow' '{"ms":60000}' 's1')
        $runspace = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault2())
        $runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        $manifest = [System.IO.Path]::Combine($script:RepoRoot, 'out', 'Strands', 'Strands.psd1')
        $null = $ps.AddScript({
                param($Manifest, $Dotnet, $Dll, $PidFile, $Base)
                Import-Module $Manifest
                $client = New-StrandsMcpClient -Command $Dotnet -Arguments $Dll -Environment @{ STRANDS_MCP_PID_FILE = $PidFile }
                $agent = New-StrandsAgent -Model (New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'k' -ApiBase $Base) -Tool $client
                Invoke-StrandsAgent $agent 'wait a minute' 6>$null
            }).AddArgument($manifest).AddArgument($dotnet).AddArgument($serverDll).AddArgument($pidFile).AddArgument($base)
        $async = $ps.BeginInvoke()
        try {
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            while ($fake.Requests.Count -eq $start -and $clock.Elapsed.TotalSeconds -lt 60) { [System.Threading.Thread]::Sleep(50) }
            $fake.Requests.Count | Should -BeGreaterThan $start
            # The model asked for slow(60 s); give the call time to reach the server.
            [System.Threading.Thread]::Sleep(1000)
            $ps.InvocationStateInfo.State | Should -Be 'Running'

            $stop = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $stop.Stop()
            $stop.Elapsed.TotalSeconds | Should -BeLessThan 1.5
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'

            $serverId = [int][System.IO.File]::ReadAllText($pidFile)
            Test-ProcessRunning $serverId | Should -BeTrue
            $runspace.Close()
            Wait-ProcessGone $serverId | Should -BeTrue
        }
        finally {
            $ps.Dispose()
            $runspace.Dispose()
            [System.IO.File]::Delete($pidFile)
        }
    }
}
