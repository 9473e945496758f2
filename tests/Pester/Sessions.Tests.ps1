# Sessions on disk: New-StrandsAgent -SessionPath saves after every invocation, a new runspace
# continues the conversation from the file, and a corrupt file is refused and left as it was.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $fake = Start-FakeProvider
    $base = $fake.BaseUrl.ToString()
    $manifest = [System.IO.Path]::Combine($script:RepoRoot, 'out', 'Strands', 'Strands.psd1')
    function New-TestModel { New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $base }
    # The file as a user reads it: plain JSON, no module types needed.
    function Read-Session([string] $Path) {
        $file = Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json
        [pscustomobject]@{
            AgentName = $file.agent.name
            State     = $file.agent.state
            Usage     = $file.usage
            Messages  = @($file.messages | ForEach-Object {
                [pscustomobject]@{ Role = $_.role; Text = -join @($_.content | ForEach-Object { $_.text }) }
            })
        }
    }
}

AfterAll { Stop-FakeProvider $fake }

Describe 'Sessions on disk' {
    It 'saves the conversation, state and usage after each invocation' {
        $path = [System.IO.Path]::Combine($TestDrive, 'each.json')
        $agent = New-StrandsAgent -Model (New-TestModel) -SessionPath $path
        [System.IO.File]::Exists($path) | Should -BeFalse

        Reply-Text 'first answer'
        $null = Invoke-StrandsAgent $agent 'first question' 6>$null
        $saved = Read-Session $path
        $saved.Messages | Should -HaveCount 2
        $saved.Messages[1].Text | Should -Be 'first answer'
        $saved.Usage.invocations | Should -Be 1

        $agent.State['ticket'] = 'INC-42'
        Reply-Text 'second answer'
        $null = Invoke-StrandsAgent $agent 'second question' 6>$null
        $saved = Read-Session $path
        $saved.Messages | Should -HaveCount 4
        $saved.Usage.invocations | Should -Be 2
        $saved.State.ticket | Should -Be 'INC-42'
        [System.IO.File]::Exists("$path.tmp") | Should -BeFalse
    }

    It 'keeps the file readable by its owner only on Linux and macOS' -Skip:($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') {
        $path = [System.IO.Path]::Combine($TestDrive, 'private.json')
        $agent = New-StrandsAgent -Model (New-TestModel) -SessionPath $path
        Reply-Text 'secret plans'
        $null = Invoke-StrandsAgent $agent 'our secret plans' 6>$null

        (Get-Item -LiteralPath $path).UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite')
    }

    It 'continues the conversation in a new runspace' {
        $path = [System.IO.Path]::Combine($TestDrive, 'continue.json')
        Reply-Text 'Noted: the backup window is 02:00.'
        $agent = New-StrandsAgent -Model (New-TestModel) -Name 'ops' -SessionPath $path
        $null = Invoke-StrandsAgent $agent 'The backup window is 02:00.' 6>$null

        Reply-Text 'It is 02:00.'
        # A fresh runspace (CreateDefault2: the engine's own commands, no host snap-ins) sees only the file.
        $ps = [powershell]::Create([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
        try {
            $null = $ps.AddScript('
                param($Manifest, $Base, $Path)
                Import-Module $Manifest
                $model = New-LiteLlmModel -ModelId openai/gpt-4o -ApiKey test-key -ApiBase $Base
                $agent = New-StrandsAgent -Model $model -SessionPath $Path
                $agent.Name
                "$(Invoke-StrandsAgent $agent ''When is the backup window?'' 6>$null)"
                $agent.MessageCount
            ').AddArgument($manifest).AddArgument($base).AddArgument($path)
            $out = $ps.Invoke()
            $ps.Streams.Error | Should -HaveCount 0
        }
        finally { $ps.Dispose() }

        $out[0] | Should -Be 'ops'
        $out[1] | Should -Be 'It is 02:00.'
        $out[2] | Should -Be 4
        $sent = @(Get-SentMessages $fake.LastRequest | ForEach-Object { $_.GetProperty('content').ToString() })
        $sent | Should -HaveCount 3
        $sent[0] | Should -Match 'The backup window is 02:00.'
        $sent[1] | Should -Match 'Noted: the backup window is 02:00.'
        $sent[2] | Should -Match 'When is the backup window\?'
        (Read-Session $path).Messages | Should -HaveCount 4
    }

    It 'saves a sub-agent''s session when another agent uses it as a tool' {
        $path = [System.IO.Path]::Combine($TestDrive, 'helper.json')
        $helper = New-StrandsAgent -Model (New-TestModel) -Name helper -SessionPath $path
        $lead = New-StrandsAgent -Model (New-TestModel) -Tool $helper
        $fake.Enqueue([Strands.FakeProvider.FakeReply]::ToolCalls([Strands.FakeProvider.FakeToolCall]::new('helper', '{"prompt":"which disk is full?"}', 'h1', $null)))
        Reply-Text '/var is full.'
        Reply-Text 'The helper says /var is full.'
        "$(Invoke-StrandsAgent $lead 'ask the helper' 6>$null)" | Should -Be 'The helper says /var is full.'

        $saved = Read-Session $path
        $saved.AgentName | Should -Be 'helper'
        $saved.Messages | Should -HaveCount 2
        $saved.Messages[0].Text | Should -Be 'which disk is full?'
        $saved.Messages[1].Text | Should -Be '/var is full.'
        $saved.Usage.invocations | Should -Be 1
    }

    It 'refuses a corrupt session with SessionCorrupt and leaves the file untouched' {
        $path = [System.IO.Path]::Combine($TestDrive, 'corrupt.json')
        $text = '{"schemaVersion":1,"type":"Strands.AgentSession","agent":{"name":"ops"'
        [System.IO.File]::WriteAllText($path, $text)

        { New-StrandsAgent -Model (New-TestModel) -SessionPath $path -ErrorAction Stop } | Should -Throw -ErrorId 'SessionCorrupt,*' -ExpectedMessage '*left untouched*'

        [System.IO.File]::ReadAllText($path) | Should -BeExactly $text
        [System.IO.File]::Exists("$path.tmp") | Should -BeFalse
    }
}
