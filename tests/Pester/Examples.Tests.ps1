# Every example in examples/ against its shipped recording (no keys, no network), what a diverging
# script gets from a replay, and that recordings never hold a key.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $examples = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples'))
    $recordings = [System.IO.Path]::Combine($examples, 'recordings')

    # With any of these set an example would call the live provider instead of its recording.
    $liveVariables = 'ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'LITELLM_PROXY_API_KEY', 'LITELLM_PROXY_API_BASE',
        'AWS_BEARER_TOKEN_BEDROCK', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'USE_LITELLM_PROXY'
    $savedEnvironment = @{}
    foreach ($name in $liveVariables) {
        $savedEnvironment[$name] = [System.Environment]::GetEnvironmentVariable($name)
        [System.Environment]::SetEnvironmentVariable($name, $null)
    }

    # Runs an example as a user would and returns what it printed, one string per line.
    function Invoke-Example([string] $Name, [hashtable] $Arguments = @{}) {
        $ErrorActionPreference = 'Stop'
        @(& ([System.IO.Path]::Combine($examples, "$Name.ps1")) @Arguments 6>$null | ForEach-Object { "$_" })
    }

    function New-QuickstartAgent([string] $Recording, [hashtable] $Tools) {
        $model = New-LiteLlmModel -ModelId 'anthropic/claude-3-7-sonnet-20250219' -Params @{ max_tokens = 1000; temperature = 0.7 } -ReplayFrom $Recording
        New-StrandsAgent -Model $model -Tool $Tools
    }

    $calculator = {
        <#
        .SYNOPSIS
            Evaluates an arithmetic expression such as '2+2' or '(3*4)/2'.
        #>
        param([Parameter(Mandatory)][string] $expression)
        [System.Data.DataTable]::new().Compute($expression, $null)
    }
}

AfterAll {
    foreach ($name in $savedEnvironment.Keys) { [System.Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name]) }
}

Describe 'Examples run offline against their recordings' {
    It '<name> says it used its recording' -ForEach @(
        @{ name = 'quickstart' }, @{ name = 'proxy-option1' }, @{ name = 'proxy-option2' },
        @{ name = 'caching' }, @{ name = 'structured-output' }, @{ name = 'ops' }
    ) {
        $lines = Invoke-Example $name
        $lines[0] | Should -Match ('^' + [regex]::Escape("Model: recording examples/recordings/$name.json (synthetic; set "))
    }

    It 'quickstart prints the answer and its usage' {
        $lines = Invoke-Example 'quickstart'
        $lines | Should -Contain 'Answer: 2 + 2 = 4'
        $lines[-1] | Should -Match '^Usage: 906 input \+ 81 output = 987 tokens; 2 model calls, 1 tool call\(s\); estimated cost \$0\.00'
    }

    It 'proxy option 1 keeps the model id and shows the proxy-reported cost' {
        $lines = Invoke-Example 'proxy-option1'
        $lines | Should -Contain 'Routed to litellm_proxy, model name on the wire: amazon.nova-lite-v1:0'
        ($lines | Where-Object { $_ -like 'Story: Once upon a time*' }) | Should -HaveCount 1
        $lines[-1] | Should -BeExactly 'Usage: 4 input + 96 output tokens; proxy-reported cost $0.00002328'
    }

    It 'proxy option 2 strips the litellm_proxy/ prefix' {
        $lines = Invoke-Example 'proxy-option2'
        $lines | Should -Contain 'Routed to litellm_proxy, model name on the wire: amazon.nova-lite-v1:0'
        $lines[-1] | Should -Match '^Story: Once upon a time.*courage\.$'
    }

    It 'caching shows a cache write, then a cache read' {
        $lines = Invoke-Example 'caching'
        $lines | Should -Contain 'First call:  cache write 1058 tokens, cache read 0 tokens (1069 input tokens in all)'
        $lines | Should -Contain 'Second call: cache write 0 tokens, cache read 1058 tokens (1132 input tokens in all)'
    }

    It 'structured output returns a typed BookAnalysis' {
        $lines = Invoke-Example 'structured-output'
        $lines | Should -Contain 'Type: BookAnalysis'
        $lines | Should -Contain "Title: The Hitchhiker's Guide to the Galaxy"
        $lines | Should -Contain 'Author: Douglas Adams'
        $lines | Should -Contain 'Rating: 9'
    }

    It 'ops runs its tools on this machine and sends their results' {
        $folder = [System.IO.Path]::Combine($TestDrive, 'ops')
        $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($folder, 'logs'))
        [System.IO.File]::WriteAllBytes([System.IO.Path]::Combine($folder, 'logs', 'big.log'), [byte[]]::new(30000))
        [System.IO.File]::WriteAllBytes([System.IO.Path]::Combine($folder, 'medium.bin'), [byte[]]::new(2000))
        [System.IO.File]::WriteAllBytes([System.IO.Path]::Combine($folder, 'small.txt'), [byte[]]::new(10))
        [System.IO.File]::WriteAllBytes([System.IO.Path]::Combine($folder, 'tiny.txt'), [byte[]]::new(1))

        $lines = Invoke-Example 'ops' @{ Folder = $folder }
        $separator = [System.IO.Path]::DirectorySeparatorChar
        $lines | Should -Contain ('Tool Get-LargestFiles ran here and returned: [{"path":"logs' + $separator + 'big.log","bytes":30000},{"path":"medium.bin","bytes":2000},{"path":"small.txt","bytes":10}]')
        ($lines | Where-Object { $_ -like 'Tool Get-TopProcesses ran here and returned: {"name":*' }) | Should -HaveCount 1
        $lines[-1] | Should -Match '^Answer: The three largest files'
    }
}

Describe 'Examples in a fresh pwsh, as a user runs them' {
    BeforeAll {
        $pwsh = Get-PwshCommandLine
        # Runs pwsh with stdin closed, from a folder outside the clone; returns exit code and output lines.
        function Invoke-FreshPwsh([string[]] $Arguments) {
            Push-Location $TestDrive
            try {
                $lines = @($null | & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive @Arguments 2>&1 | ForEach-Object { "$_" })
                [pscustomobject]@{ ExitCode = $LASTEXITCODE; Lines = $lines }
            }
            finally { Pop-Location }
        }
    }

    It 'the README main-job command (build.ps1 -Task Demo) prints the quickstart answer and usage' {
        $readme = [System.IO.File]::ReadAllText([System.IO.Path]::Combine($script:RepoRoot, 'README.md'))
        $readme | Should -Match ([regex]::Escape('dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Task Demo'))
        $run = Invoke-FreshPwsh @('-File', [System.IO.Path]::Combine($script:RepoRoot, 'build.ps1'), '-Task', 'Demo')
        $run.ExitCode | Should -Be 0 -Because ($run.Lines -join "`n")
        $run.Lines | Should -Contain 'Answer: 2 + 2 = 4'
        $run.Lines[-1] | Should -Match '^Usage: 906 input \+ 81 output = 987 tokens'
    }

    It 'pwsh -File examples/<name>.ps1 imports the module itself and runs' -ForEach @(
        @{ name = 'quickstart' }, @{ name = 'proxy-option1' }, @{ name = 'caching' }, @{ name = 'structured-output' }
    ) {
        $run = Invoke-FreshPwsh @('-File', [System.IO.Path]::Combine($examples, "$name.ps1"))
        $run.ExitCode | Should -Be 0
        $run.Lines | Should -Not -Match 'is not recognized'
        $run.Lines[0] | Should -Match ('^' + [regex]::Escape("Model: recording examples/recordings/$name.json"))
        $run.Lines.Count | Should -BeGreaterThan 2
    }
}

Describe 'A script that diverges from its recording' {
    BeforeAll { $quickstart = [System.IO.Path]::Combine($recordings, 'quickstart.json') }

    It 'fails on a different prompt with the first difference' {
        $agent = New-QuickstartAgent $quickstart @{ calculator = $calculator }
        $err = $null
        $null = Invoke-StrandsAgent $agent 'What is 3+3' -ErrorVariable err -ErrorAction SilentlyContinue 6>$null
        $err[0].FullyQualifiedErrorId | Should -Match '^ReplayMismatch,'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].Exception.Message | Should -BeExactly 'Request 1 of 2 does not match the recording ''quickstart.json'' at $.messages[0].content[0].text: expected "What is 2+2", got "What is 3+3".'
        $err[0].ErrorDetails.RecommendedAction | Should -Match '-RecordTo'
    }

    It 'fails on a different tool with the first difference' {
        $agent = New-QuickstartAgent $quickstart @{ calc = $calculator }
        $err = $null
        $null = Invoke-StrandsAgent $agent 'What is 2+2' -ErrorVariable err -ErrorAction SilentlyContinue 6>$null
        $err[0].FullyQualifiedErrorId | Should -Match '^ReplayMismatch,'
        $err[0].Exception.Message | Should -Match ([regex]::Escape('at $.tools[0].name: expected "calculator", got "calc"'))
    }

    It 'fails with ReplayExhausted when it makes more calls than were recorded' {
        $agent = New-QuickstartAgent $quickstart @{ calculator = $calculator }
        "$(Invoke-StrandsAgent $agent 'What is 2+2' 6>$null)" | Should -Be '2 + 2 = 4'
        $err = $null
        $null = Invoke-StrandsAgent $agent 'And 3+3?' -ErrorVariable err -ErrorAction SilentlyContinue 6>$null
        $err[0].FullyQualifiedErrorId | Should -Match '^ReplayExhausted,'
        $err[0].Exception.Message | Should -Match 'request 3, but the recording .quickstart\.json. holds only 2'
    }

    It 'fails when the model routes to another provider than the recording' {
        { New-LiteLlmModel -ModelId 'openai/gpt-4o' -ReplayFrom $quickstart } | Should -Throw -ErrorId 'ReplayMismatch,Strands.PowerShell.Commands.NewLiteLlmModelCommand' -ExpectedMessage '*model.provider: expected anthropic, got openai*'
    }

    It 'replays through a replay/<path> model id with the recorded model and parameters' {
        $agent = New-StrandsAgent -Model "replay/$quickstart" -Tool @{ calculator = $calculator }
        "$(Invoke-StrandsAgent $agent 'What is 2+2' 6>$null)" | Should -Be '2 + 2 = 4'
        $agent.Model.Provider | Should -Be 'anthropic'
        $agent.Model.ApiKeySource | Should -Be 'replay'
    }
}

Describe 'Recordings never hold a key' {
    BeforeAll {
        $fake = Start-FakeProvider
        $secret = 'sk-test-SECRET-abc123'
    }
    AfterAll { Stop-FakeProvider $fake }

    It 'records an exchange without the key, in headers, URL or body' {
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::Text('recorded', $null, 2))
        $path = [System.IO.Path]::Combine($TestDrive, 'secret.json')
        $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey $secret -ApiBase ($fake.BaseUrl.ToString().TrimEnd('/') + '/v1') -RecordTo $path
        "$(Invoke-StrandsAgent (New-StrandsAgent $model) 'hello' 6>$null)" | Should -Be 'recorded'
        $fake.LastRequest.Headers['Authorization'] | Should -Be "Bearer $secret"

        $text = [System.IO.File]::ReadAllText($path)
        $text | Should -Match '"status": 200'
        $text | Should -Not -Match 'SECRET'
        $text | Should -Not -Match 'Bearer'
        $text | Should -Not -Match '(?i)authorization'
    }

    It 'masks a key passed in the URL query' {
        # The base ends in a query, so the fake answers 404: the failed exchange is recorded all the same.
        $path = [System.IO.Path]::Combine($TestDrive, 'query.json')
        $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'header-key-123456' -ApiBase ($fake.BaseUrl.ToString().TrimEnd('/') + "/v1?key=$secret") -MaxRetries 0 -RecordTo $path
        $null = Invoke-StrandsAgent (New-StrandsAgent $model) 'hello' -ErrorAction SilentlyContinue 6>$null
        $fake.LastRequest.Path | Should -Match ([regex]::Escape("?key=$secret"))
        $text = [System.IO.File]::ReadAllText($path)
        $text | Should -Not -Match 'SECRET'
        $text | Should -Not -Match 'header-key'
        $text | Should -Match ([regex]::Escape('"path": "/v1?key=[REDACTED]"'))
    }

    It 'ships <name> without anything key-like' -ForEach @(
        @{ name = 'quickstart' }, @{ name = 'proxy-option1' }, @{ name = 'proxy-option2' },
        @{ name = 'caching' }, @{ name = 'structured-output' }, @{ name = 'ops' }
    ) {
        $text = [System.IO.File]::ReadAllText([System.IO.Path]::Combine($recordings, "$name.json"))
        $text | Should -Not -Match '(?i)authorization|x-api-key|api-key|bearer|sk-[a-z0-9]|AKIA[0-9A-Z]{8}|SECRET'
        $text | Should -Match '"synthetic": true'
    }
}
