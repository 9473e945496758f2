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
    It 'takes prompts from the pipeline and pipes results into Get-StrandsUsage' {
        Reply-Text 'one'
        Reply-Text 'two'
        $agent = New-StrandsAgent $model
        $usage = @('first prompt', 'second prompt' | Invoke-StrandsAgent $agent 6>$null | Get-StrandsUsage)
        $usage | Should -HaveCount 2
        $usage[-1].Invocations | Should -Be 2
        $usage[-1].Agent | Should -Be 'Strands Agents'
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
