# Output objects: PSTypeNames the views select on, pipelines in and out, serialization without
# cycles, and the key sweep: a recognisable key must appear in no stream, view source or serialized form.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $fake = Start-FakeProvider
    $base = $fake.BaseUrl.ToString()
    $secret = 'sk-SWEEP-7f3a9c1e5b2d4068'
    $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey $secret -ApiBase $base
    function ConvertTo-Clixml([object] $InputObject) { [System.Management.Automation.PSSerializer]::Serialize($InputObject, 4) }
}

AfterAll { Stop-FakeProvider $fake }

Describe 'Output types' {
    It 'types every output for its view' {
        Reply-Text 'typed'
        $agent = New-StrandsAgent $model
        $result = Invoke-StrandsAgent $agent 'hi' 6>$null
        $model.PSObject.TypeNames[0] | Should -Be 'Strands.LiteLlmModel'
        $agent.PSObject.TypeNames[0] | Should -Be 'Strands.Agent'
        $result.PSObject.TypeNames[0] | Should -Be 'Strands.AgentResult'
        (Get-StrandsUsage $agent).PSObject.TypeNames[0] | Should -Be 'Strands.Usage'
    }

    It 'writes Strands.StreamEvent objects and then the result with -Stream' {
        Reply-Text 'streamed text'
        $out = @(Invoke-StrandsAgent (New-StrandsAgent $model) 'hi' -Stream)
        $out[0].PSObject.TypeNames[0] | Should -Be 'Strands.StreamEvent'
        $out[0].Type | Should -Be 'TextDelta'
        @($out | Where-Object { $_.Type -eq 'Metadata' }) | Should -HaveCount 1
        $out[-1].PSObject.TypeNames[0] | Should -Be 'Strands.AgentResult'
        "$($out[-1])" | Should -Be 'streamed text'
    }
}

Describe 'Pipelines' {
    It 'takes prompts from the pipeline and pipes results into Get-StrandsUsage, one row per invocation' {
        Reply-Text 'one'
        Reply-Text 'two'
        $agent = New-StrandsAgent $model
        $usage = @('first prompt', 'second prompt' | Invoke-StrandsAgent $agent 6>$null | Get-StrandsUsage)
        $usage | Should -HaveCount 2
        $usage.Invocations | Should -Be @(1, 1)
        $usage.InputTokens | Should -Be @(10, 10)
        $usage.Scope | Should -Be @('invocation', 'invocation')
        $usage[-1].Agent | Should -Be 'Strands Agents'
    }

    It 'sends the Prompt column of Import-Csv rows and exports the answers with Export-Csv' {
        $csv = Join-Path $TestDrive 'tasks.csv'
        $out = Join-Path $TestDrive 'answers.csv'
        Set-Content -LiteralPath $csv -Value @('Id,Prompt', '1,What is the capital of France?', '2,Name a prime number.')
        Reply-Text 'Paris'
        Reply-Text '7'
        $agent = New-StrandsAgent $model
        $start = $fake.Requests.Count
        Import-Csv $csv | Invoke-StrandsAgent $agent 6>$null | Select-Object Text, StopReason | Export-Csv -LiteralPath $out -NoTypeInformation
        $sent = @($fake.Requests | Select-Object -Skip $start | ForEach-Object { @(Get-SentMessages $_)[-1].GetProperty('content')[0].GetProperty('text').GetString() })
        $sent | Should -Be @('What is the capital of France?', 'Name a prime number.')
        (Import-Csv $out).Text | Should -Be @('Paris', '7')
    }

    It 'takes the agent and the prompt from input objects by property name (Agent, Question)' {
        Reply-Text 'bound'
        $agent = New-StrandsAgent $model
        $start = $fake.Requests.Count
        $result = [pscustomobject]@{ Agent = $agent; Question = 'from a property' } | Invoke-StrandsAgent 6>$null
        "$result" | Should -Be 'bound'
        @(Get-SentMessages $fake.Requests[$start])[-1].GetProperty('content')[0].GetProperty('text').GetString() | Should -Be 'from a property'
    }

    It 'serializes results without cycles (PowerShell serialization and System.Text.Json)' {
        Reply-Text 'serialize me'
        $result = Invoke-StrandsAgent (New-StrandsAgent $model) 'hi' 6>$null
        $xml = ConvertTo-Clixml $result
        $xml | Should -Match 'serialize me'
        $back = [System.Management.Automation.PSSerializer]::Deserialize($xml)
        $back.Text | Should -Be 'serialize me'
        $json = [System.Text.Json.JsonSerializer]::Serialize($result.Usage, [object], [System.Text.Json.JsonSerializerOptions] $null)
        $json | Should -Match '"InputTokens":10'
    }
}

Describe 'Views and JSON show values, never .NET internals' {
    BeforeAll {
        Reply-Tools @(New-FakeToolCall 'echo' '{"text":"ping"}' 'v1')
        Reply-Text 'pong'
        $events = [System.Collections.Generic.List[object]]::new()
        $agent = New-StrandsAgent $model -Tool @{ echo = { param([string] $text) $text } } -OnEvent { param($e) $events.Add($e) }
        $result = Invoke-StrandsAgent $agent 'hi' 6>$null
        # What a .NET object's ToString or an internal type leaks into a view.
        $internals = 'Strands\.(Types|Agent|Telemetry|Hooks|PowerShell)\.|System\.(Linq|Collections)|Iterator|\w\[\]'
        function Show([object] $InputObject) { $InputObject | Out-String -Width 300 }
    }

    It '<name> shows values' -ForEach @(
        @{ name = '$agent | Format-List *'; view = { $agent | Format-List * } }
        @{ name = '$agent'; view = { $agent } }
        @{ name = '$result | Select-Object *'; view = { $result | Select-Object * } }
        @{ name = '$result | Format-List *'; view = { $result | Format-List * } }
        @{ name = '$agent.Messages'; view = { $agent.Messages } }
        @{ name = '$agent.Messages | Format-List *'; view = { $agent.Messages | Format-List * } }
        @{ name = '$result.Message | Format-List *'; view = { $result.Message | Format-List * } }
        @{ name = '$result.ToolCalls | Format-List *'; view = { $result.ToolCalls | Format-List * } }
        @{ name = '$result.Usage | Format-List *'; view = { $result.Usage | Format-List * } }
        @{ name = 'Get-StrandsUsage $agent | Format-List *'; view = { Get-StrandsUsage $agent | Format-List * } }
        @{ name = 'hook events | Format-List *'; view = { $events | Format-List * } }
        @{ name = '$model | Format-List *'; view = { $model | Format-List * } }
    ) {
        $text = Show (& $view)
        $text | Should -Not -BeNullOrEmpty
        $text | Should -Not -Match $internals
    }

    It 'shows messages as role and text, with tool calls and results by name' {
        $text = Show ($agent | Format-List Messages)
        $text | Should -Match 'user: hi'
        $text | Should -Match 'assistant: calls echo'
        $text | Should -Match 'echo \(success\): ping'
        $text | Should -Match 'assistant: pong'
        (Show ($result | Select-Object Usage)) | Should -Match '20 in / 10 out tokens'
    }

    It 'prints the result after -Stream in its own view, not as a raw property list under the events' {
        Reply-Text 'streamed'
        $text = Show (Invoke-StrandsAgent (New-StrandsAgent $model) 'hi' -Stream)
        $text | Should -Match '(?m)^TextDelta'
        $text | Should -Match '(?m)^Text\s+: streamed'
        $text | Should -Match '(?m)^Tokens\s+: 10 in / 5 out'
        $text | Should -Not -Match '(?m)^(Message|Usage|Agent)\s+:'
        $text | Should -Not -Match $internals
    }

    It 'ConvertTo-Json of <name> writes words, no internals and no depth warning' -ForEach @(
        @{ name = 'a result'; target = { $result } }
        @{ name = 'an agent'; target = { $agent } }
    ) {
        $json = & $target | ConvertTo-Json -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -BeNullOrEmpty
        $json | Should -Not -Match $internals
        $json | Should -Not -Match '"Role":\s*\d'
        $json.Contains($secret) | Should -BeFalse
        $parsed = $json | ConvertFrom-Json
        if ($name -eq 'a result') {
            $parsed.Message.Role | Should -Be 'assistant'
            $parsed.StopReason | Should -Be 'end_turn'
            $parsed.ToolCalls[0].Status | Should -Be 'success'
            $parsed.Usage.InputTokens | Should -Be 20
            $parsed.Agent | Should -Be 'Strands Agents'
        }
        else {
            $parsed.Messages.Role | Should -Be @('user', 'assistant', 'user', 'assistant')
            $parsed.Messages[1].ToolCalls | Should -Be 'echo'
        }
    }
}

Describe 'API key sweep' {
    It 'never shows the key in objects, streams, serialization or errors' {
        $secure = [System.Net.NetworkCredential]::new('', $secret).SecurePassword
        $models = @($model, (New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey $secure -ApiBase $base))
        Reply-Tools @(New-FakeToolCall 'echo' '{"text":"x"}' 'k1')
        Reply-Text 'swept'
        $agent = New-StrandsAgent $models[1] -Tool @{ echo = { param([string] $text) $text } }
        $DebugPreference = 'Continue'
        $VerbosePreference = 'Continue'
        $records = @(Invoke-StrandsAgent $agent 'hi' *>&1)
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::ProviderError(401, "Incorrect API key provided: $secret"))
        $records += @(Invoke-StrandsAgent $agent 'fail' -ErrorAction Continue *>&1)
        $DebugPreference = 'SilentlyContinue'
        $VerbosePreference = 'SilentlyContinue'
        $records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | Should -Not -BeNullOrEmpty
        $records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | Should -Not -BeNullOrEmpty
        $everything = @(
            $records | ForEach-Object { "$_"; if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.Exception.ToString(); "$($_.ErrorDetails)"; "$($_.TargetObject)" } }
            $models | ForEach-Object { "$_"; ConvertTo-Clixml $_ }
            "$agent"; ConvertTo-Clixml $agent
            $records | Where-Object { $_.PSObject.TypeNames -contains 'Strands.AgentResult' } | ForEach-Object { ConvertTo-Clixml $_ }
        ) -join "`n"
        $everything | Should -Not -BeNullOrEmpty
        $everything.Contains($secret) | Should -BeFalse
        $everything.Contains('7f3a9c1e5b2d4068') | Should -BeFalse
    }
}
