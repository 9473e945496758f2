# Tools from PowerShell commands, built-in tools and agents as tools, through the cmdlets against the
# fake provider's OpenAI dialect: the schema the model sees, what it may pass, what runs.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $fake = Start-FakeProvider
    $base = $fake.BaseUrl.ToString()
    $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $base
    # The function object of the named tool as the request offered it.
    function Get-OfferedTool([object] $Request, [string] $Name) {
        $Request.Json.RootElement.GetProperty('tools').EnumerateArray() |
            ForEach-Object { $_.GetProperty('function') } |
            Where-Object { $_.GetProperty('name').GetString() -eq $Name }
    }
    function ConvertTo-CompactJson([string] $Json) {
        [System.Text.Json.JsonSerializer]::Serialize([System.Text.Json.JsonDocument]::Parse($Json).RootElement, [System.Text.Json.JsonElement], [System.Text.Json.JsonSerializerOptions] $null)
    }

    function Get-Weather {
        <#
        .SYNOPSIS
        Gets the weather forecast for a city.
        .PARAMETER City
        The city name.
        .PARAMETER Unit
        Temperature unit.
        .PARAMETER Days
        How many days to forecast.
        #>
        [CmdletBinding()]
        param(
            [Parameter(Mandatory)] [string] $City,
            [ValidateSet('celsius', 'fahrenheit')] [string] $Unit = 'celsius',
            [ValidateRange(1, 7)] [int] $Days = 1
        )
        "${City}: sunny for $Days day(s), 21 $Unit"
    }

    function Get-LogLine {
        [CmdletBinding()]
        param([string] $Path, [string] $Filter = '*')
        "$Path|$Filter"
    }

    function Test.Dotted {
        [CmdletBinding()]
        param([string] $Value)
        "dotted:$Value"
    }
}

AfterAll { Stop-FakeProvider $fake }

Describe 'Tools from commands' {
    BeforeEach { $start = $fake.Requests.Count }

    It 'turns a function with comment help, Mandatory, ValidateSet and ValidateRange into the exact schema' {
        Reply-Text 'ok'
        $agent = New-StrandsAgent $model -Tool (Get-Command Get-Weather)
        $null = Invoke-StrandsAgent $agent 'weather?' 6>$null
        $tool = Get-OfferedTool $fake.Requests[$start] 'Get-Weather'
        $tool.GetProperty('description').GetString() | Should -Be 'Gets the weather forecast for a city.'
        $expected = '{"type":"object","properties":{' +
            '"City":{"description":"The city name.","type":"string"},' +
            '"Unit":{"description":"Temperature unit.","type":"string","enum":["celsius","fahrenheit"]},' +
            '"Days":{"description":"How many days to forecast.","type":"integer","minimum":1,"maximum":7}},' +
            '"required":["City"],"additionalProperties":false}'
        ConvertTo-CompactJson $tool.GetProperty('parameters').GetRawText() | Should -BeExactly (ConvertTo-CompactJson $expected)
    }

    It 'runs the command with the arguments the model chose' {
        Reply-Tools @(New-FakeToolCall 'Get-Weather' '{"City":"Oslo","Days":3}' 'w1')
        Reply-Text 'sunny'
        $agent = New-StrandsAgent $model -Tool (Get-Command Get-Weather)
        "$(Invoke-StrandsAgent $agent 'weather in Oslo?' 6>$null)" | Should -Be 'sunny'
        Get-ToolAnswers $fake.Requests[$start + 1] | Should -Be 'Oslo: sunny for 3 day(s), 21 celsius'
    }

    It 'refuses a parameter that is not in the schema, such as -Force' {
        Reply-Tools @(New-FakeToolCall 'Get-Weather' '{"City":"Oslo","Force":true}' 'w2')
        Reply-Text 'sorry'
        $agent = New-StrandsAgent $model -Tool (Get-Command Get-Weather)
        $null = Invoke-StrandsAgent $agent 'weather?' 6>$null
        Get-ToolAnswers $fake.Requests[$start + 1] | Should -Match "'Force' is not a known parameter"
    }

    It 'leaves out common parameters of a compiled cmdlet' {
        Reply-Text 'ok'
        $agent = New-StrandsAgent $model -Tool (Get-Command Get-Module)
        $null = Invoke-StrandsAgent $agent 'modules?' 6>$null
        $parameters = (Get-OfferedTool $fake.Requests[$start] 'Get-Module').GetProperty('parameters')
        $names = @($parameters.GetProperty('properties').EnumerateObject() | ForEach-Object { $_.Name })
        $names | Should -Contain 'Name'
        $names | Should -Not -Contain 'Verbose'
        $names | Should -Not -Contain 'ErrorAction'
        $parameters.GetProperty('additionalProperties').GetBoolean() | Should -BeFalse
    }

    It 'applies pre-bound arguments and hides them from the model' {
        Reply-Tools @(New-FakeToolCall 'Get-LogLine' '{"Filter":"*.log"}' 'l1')
        Reply-Text 'done'
        $agent = New-StrandsAgent $model -Tool @{ Command = (Get-Command Get-LogLine); Bound = @{ Path = '/var/log' } }
        $null = Invoke-StrandsAgent $agent 'logs?' 6>$null
        $properties = (Get-OfferedTool $fake.Requests[$start] 'Get-LogLine').GetProperty('parameters').GetProperty('properties')
        @($properties.EnumerateObject() | ForEach-Object { $_.Name }) | Should -Be 'Filter'
        Get-ToolAnswers $fake.Requests[$start + 1] | Should -Be '/var/log|*.log'
    }

    It 'does not let the model override a pre-bound argument' {
        Reply-Tools @(New-FakeToolCall 'Get-LogLine' '{"Path":"/etc"}' 'l2')
        Reply-Text 'sorry'
        $agent = New-StrandsAgent $model -Tool @{ Command = (Get-Command Get-LogLine); Bound = @{ Path = '/var/log' } }
        $null = Invoke-StrandsAgent $agent 'logs?' 6>$null
        Get-ToolAnswers $fake.Requests[$start + 1] | Should -Match "'Path' is not a known parameter"
    }

    It 'makes a command name valid for every provider and maps calls back to the command' {
        Reply-Tools @(New-FakeToolCall 'Test_Dotted' '{"Value":"x"}' 'd1')
        Reply-Text 'done'
        $agent = New-StrandsAgent $model -Tool (Get-Command Test.Dotted)
        $agent.Tools | Should -Be 'Test_Dotted'
        $null = Invoke-StrandsAgent $agent 'go' 6>$null
        Get-ToolAnswers $fake.Requests[$start + 1] | Should -Be 'dotted:x'
    }

    It 'rejects pre-binding a parameter the command does not have' {
        { New-StrandsAgent $model -Tool @{ Command = (Get-Command Get-LogLine); Bound = @{ Nope = 1 } } } | Should -Throw '*no parameter ''Nope''*'
    }
}

Describe 'Built-in tools' {
    BeforeEach { $start = $fake.Requests.Count }

    It 'offers calculator and current_time by name' {
        Reply-Tools @(New-FakeToolCall 'calculator' '{"expression":"2*21"}' 'c1')
        Reply-Text '42'
        $agent = New-StrandsAgent $model -Tool 'calculator', 'current_time'
        $agent.Tools | Should -Be @('calculator', 'current_time')
        $null = Invoke-StrandsAgent $agent 'what is 2*21' 6>$null
        Get-ToolAnswers $fake.Requests[$start + 1] | Should -Be '42'
    }
}

Describe 'An agent as a tool' {
    BeforeEach { $start = $fake.Requests.Count }

    It 'takes its name and description from the agent, returns its answer and rolls its usage into the caller' {
        $helper = New-StrandsAgent $model -Name 'Research Helper' -Description 'Finds facts.'
        $lead = New-StrandsAgent $model -Tool $helper
        Reply-Tools @(New-FakeToolCall 'Research_Helper' '{"prompt":"capital of Norway?"}' 'a1')
        Reply-Text 'Oslo.'
        Reply-Text 'The capital is Oslo.'
        $result = Invoke-StrandsAgent $lead 'ask the helper' 6>$null
        "$result" | Should -Be 'The capital is Oslo.'
        (Get-OfferedTool $fake.Requests[$start] 'Research_Helper').GetProperty('description').GetString() | Should -Be 'Finds facts.'
        Get-ToolAnswers $fake.Requests[$start + 2] | Should -Be 'Oslo.'
        $result.Usage.ModelCalls | Should -Be 3
        $result.Usage.Cycles | Should -Be 2
        (Get-StrandsUsage $helper).ModelCalls | Should -Be 1
    }
}
