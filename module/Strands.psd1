@{
    RootModule           = 'Strands.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0c6f3e-8a41-4f2e-9d36-2c7a1f4e9b52'
    Author               = 'Strands for PowerShell contributors'
    CompanyName          = 'Community'
    Copyright            = '(c) Strands for PowerShell contributors. Apache-2.0.'
    Description          = 'Run LLM agents from PowerShell against any model: LiteLLM-style provider routing (Anthropic, Bedrock, Gemini, OpenAI, Azure, Ollama, OpenAI-compatible, LiteLLM Proxy), tools from script blocks and commands, streaming, structured output as typed objects, usage and cost.'
    CompatiblePSEditions = @('Core', 'Desktop')
    PowerShellVersion    = '5.1'
    CmdletsToExport      = @('New-LiteLlmModel', 'New-StrandsAgent', 'Invoke-StrandsAgent', 'Get-StrandsUsage', 'New-StrandsMcpClient', 'Close-StrandsMcpClient', 'Enter-StrandsChat')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    FormatsToProcess     = @('Strands.format.ps1xml')
    PrivateData          = @{
        PSData = @{
            Tags         = @('AI', 'LLM', 'Agent', 'Strands', 'LiteLLM', 'OpenAI', 'Anthropic', 'Bedrock', 'Gemini', 'Ollama', 'PSEdition_Core', 'PSEdition_Desktop')
            ProjectUri   = 'https://github.com/strands-powershell/strands'
            LicenseUri   = 'https://github.com/strands-powershell/strands/blob/main/LICENSE'
            ReleaseNotes = 'First release: agent loop, LiteLLM routing, native providers, tools, structured output, usage and cost.'
        }
    }
}
