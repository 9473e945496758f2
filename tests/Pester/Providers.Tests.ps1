# Every native provider through the cmdlets against the loopback fake provider, one Describe per
# provider: the seed's quickstart with a tool round trip, the request as the provider documents it,
# streamed text and tool calls, usage in the common convention, the error mapping, Retry-After, and
# no retry once output was streamed. The fake validates like the real APIs (Strict), so a request a
# provider would reject fails here too.

BeforeDiscovery {
    # Errors every provider must map the same way; the fake renders each in the provider's own error shape.
    $commonErrors = @(
        @{ Status = 401; Message = 'Invalid API key provided.'; ErrorId = 'AuthenticationFailed' }
        @{ Status = 403; Message = 'This key may not use this model.'; ErrorId = 'AuthenticationFailed' }
        @{ Status = 404; Message = 'The model does not exist or you do not have access to it.'; ErrorId = 'ModelNotFound' }
        @{ Status = 429; Message = 'Rate limit reached for requests.'; ErrorId = 'ModelThrottled' }
        @{ Status = 400; Message = 'temperature: Input should be less than or equal to 2'; ErrorId = 'InvalidRequest' }
        @{ Status = 500; Message = 'The server had an error while processing your request.'; ErrorId = 'ProviderError' }
        @{ Status = 503; Message = 'The service is temporarily unavailable.'; ErrorId = 'ProviderError' }
    )
    $openAiOverflow = @{ Status = 400; Message = "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens."; ErrorId = 'ContextWindowOverflow' }

    # How each OpenAI-format provider answers a tool call: a role "tool" message paired by tool_call_id.
    $openAiToolResult = {
        param($body)
        $message = @($body.GetProperty('messages').EnumerateArray())[-1]
        $message.GetProperty('role').GetString() | Should -Be 'tool'
        [pscustomobject]@{ Id = $message.GetProperty('tool_call_id').GetString(); Content = $message.GetProperty('content').GetString() }
    }
    $openAiTools = {
        param($body)
        $tool = $body.GetProperty('tools')[0]
        $tool.GetProperty('type').GetString() | Should -Be 'function'
        $function = $tool.GetProperty('function')
        [pscustomobject]@{ Name = $function.GetProperty('name'); Description = $function.GetProperty('description'); Schema = $function.GetProperty('parameters') }
    }
    $openAiBody = {
        param($body, $model)
        $body.GetProperty('model').GetString() | Should -Be $model
        $body.GetProperty('stream').GetBoolean() | Should -BeTrue
        # Without include_usage an OpenAI stream carries no usage at all.
        $body.GetProperty('stream_options').GetProperty('include_usage').GetBoolean() | Should -BeTrue
        $body.GetProperty('max_tokens').GetInt32() | Should -Be 1000
        $body.GetProperty('temperature').GetDouble() | Should -Be 0.7
        $first = $body.GetProperty('messages')[0]
        $first.GetProperty('role').GetString() | Should -Be 'user'
        $first.GetProperty('content')[0].GetProperty('type').GetString() | Should -Be 'text'
        $first.GetProperty('content')[0].GetProperty('text').GetString() | Should -Be 'What is 2+2'
    }

    # A cache point after the first system block: cache_control on that block (LiteLLM's convention).
    $openAiSystem = {
        param($body)
        $system = $body.GetProperty('messages')[0]
        $system.GetProperty('role').GetString() | Should -Be 'system'
        $parts = @($system.GetProperty('content').EnumerateArray())
        $parts | Should -HaveCount 2
        $parts[0].GetProperty('text').GetString() | Should -Be 'You are terse.'
        $parts[0].GetProperty('cache_control').GetProperty('type').GetString() | Should -Be 'ephemeral'
        $parts[1].TryGetProperty('cache_control', [ref] [System.Text.Json.JsonElement]::new()) | Should -BeFalse
    }
    $bedrockSystem = {
        param($body)
        $system = @($body.GetProperty('system').EnumerateArray())
        $system | Should -HaveCount 3
        $system[0].GetProperty('text').GetString() | Should -Be 'You are terse.'
        $system[1].GetProperty('cachePoint').GetProperty('type').GetString() | Should -Be 'default'
        $system[2].GetProperty('text').GetString() | Should -Be 'Answer in English.'
    }

    $providers = @(
        @{
            Name = 'openai'; KeyEnv = @('OPENAI_API_KEY'); ModelId = 'openai/gpt-4o'; BaseSuffix = ''; ModelArgs = @{ ApiKey = 'test-key' }; EnvVars = @{}
            Path = '/chat/completions'; Headers = @{ Authorization = 'Bearer test-key' }; NoHeaders = @('api-key')
            NonStreamPath = '/chat/completions'
            System = $openAiSystem; Body = $openAiBody; WireModel = 'gpt-4o'; Tools = $openAiTools; ToolResult = $openAiToolResult; ToolResultId = 'call_1'
            Cache = @{ Read = 1000; Write = 150 }; Errors = $commonErrors + $openAiOverflow
            MidStream = @{ After = 2; Status = 429; ErrorId = 'ModelThrottled' }
        }
        @{
            # A member of the OpenAI-compatible family on its own base URL (Groq serves under /openai/v1).
            Name = 'groq'; KeyEnv = @('GROQ_API_KEY'); ModelId = 'groq/llama-3.3-70b-versatile'; BaseSuffix = '/v1'; ModelArgs = @{ ApiKey = 'gsk-test' }; EnvVars = @{}
            Path = '/v1/chat/completions'; Headers = @{ Authorization = 'Bearer gsk-test' }; NoHeaders = @('api-key')
            NonStreamPath = '/v1/chat/completions'
            System = $openAiSystem; Body = $openAiBody; WireModel = 'llama-3.3-70b-versatile'; Tools = $openAiTools; ToolResult = $openAiToolResult; ToolResultId = 'call_1'
            Cache = @{ Read = 1000; Write = 150 }; Errors = $commonErrors + $openAiOverflow
            MidStream = @{ After = 2; Status = 429; ErrorId = 'ModelThrottled' }
        }
        @{
            # Azure: the deployment is in the path, the key in api-key (never Authorization), api-version in the query.
            Name = 'azure'; KeyEnv = @('AZURE_OPENAI_API_KEY', 'AZURE_API_KEY'); ModelId = 'azure/gpt-4o-prod'; BaseSuffix = ''; ModelArgs = @{ ApiKey = 'azure-key'; ClientArgs = @{ api_version = '2024-10-21' } }; EnvVars = @{}
            Path = '/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21'; Headers = @{ 'api-key' = 'azure-key' }; NoHeaders = @('Authorization')
            NonStreamPath = '/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21'
            System = $openAiSystem; Body = $openAiBody; WireModel = 'gpt-4o-prod'; Tools = $openAiTools; ToolResult = $openAiToolResult; ToolResultId = 'call_1'
            Cache = @{ Read = 1000; Write = 150 }; Errors = $commonErrors + $openAiOverflow
            MidStream = @{ After = 2; Status = 429; ErrorId = 'ModelThrottled' }
        }
        @{
            # The seed's model id through a LiteLLM proxy: only the first segment routes.
            Name = 'litellm_proxy'; KeyEnv = @('LITELLM_PROXY_API_KEY'); ModelId = 'litellm_proxy/anthropic/claude-3-7-sonnet-20250219'; BaseSuffix = ''; ModelArgs = @{ ApiKey = 'sk-proxy' }; EnvVars = @{}
            Path = '/chat/completions'; Headers = @{ Authorization = 'Bearer sk-proxy' }; NoHeaders = @('api-key', 'x-api-key')
            NonStreamPath = '/chat/completions'
            System = $openAiSystem; Body = $openAiBody; WireModel = 'anthropic/claude-3-7-sonnet-20250219'; Tools = $openAiTools; ToolResult = $openAiToolResult; ToolResultId = 'call_1'
            Cache = @{ Read = 1000; Write = 150 }; Errors = $commonErrors + $openAiOverflow
            MidStream = @{ After = 2; Status = 429; ErrorId = 'ModelThrottled' }
        }
        @{
            Name = 'anthropic'; KeyEnv = @('ANTHROPIC_API_KEY'); ModelId = 'anthropic/claude-3-7-sonnet-20250219'; BaseSuffix = ''; ModelArgs = @{ ApiKey = 'sk-ant-test' }; EnvVars = @{}
            Path = '/v1/messages'; Headers = @{ 'x-api-key' = 'sk-ant-test'; 'anthropic-version' = '2023-06-01' }; NoHeaders = @('Authorization')
            NonStreamPath = '/v1/messages'
            Body = {
                param($body)
                $body.GetProperty('model').GetString() | Should -Be 'claude-3-7-sonnet-20250219'
                $body.GetProperty('stream').GetBoolean() | Should -BeTrue
                $body.GetProperty('max_tokens').GetInt32() | Should -Be 1000
                $body.GetProperty('temperature').GetDouble() | Should -Be 0.7
                $first = $body.GetProperty('messages')[0]
                $first.GetProperty('role').GetString() | Should -Be 'user'
                $first.GetProperty('content')[0].GetProperty('text').GetString() | Should -Be 'What is 2+2'
            }
            Tools = {
                param($body)
                $tool = $body.GetProperty('tools')[0]
                # Anthropic's own shape: input_schema beside the name, no "function" wrapper.
                [pscustomobject]@{ Name = $tool.GetProperty('name'); Description = $tool.GetProperty('description'); Schema = $tool.GetProperty('input_schema') }
            }
            ToolResult = {
                param($body)
                $message = @($body.GetProperty('messages').EnumerateArray())[-1]
                $message.GetProperty('role').GetString() | Should -Be 'user'
                $block = $message.GetProperty('content')[0]
                $block.GetProperty('type').GetString() | Should -Be 'tool_result'
                [pscustomobject]@{ Id = $block.GetProperty('tool_use_id').GetString(); Content = $block.GetProperty('content').GetString() }
            }
            ToolResultId = 'call_1'
            System = {
                param($body)
                # Top-level system blocks; cache_control marks the block the cache point follows.
                $system = @($body.GetProperty('system').EnumerateArray())
                $system | Should -HaveCount 2
                $system[0].GetProperty('type').GetString() | Should -Be 'text'
                $system[0].GetProperty('text').GetString() | Should -Be 'You are terse.'
                $system[0].GetProperty('cache_control').GetProperty('type').GetString() | Should -Be 'ephemeral'
                $system[1].TryGetProperty('cache_control', [ref] [System.Text.Json.JsonElement]::new()) | Should -BeFalse
                @($body.GetProperty('messages').EnumerateArray() | Where-Object { $_.GetProperty('role').GetString() -eq 'system' }) | Should -BeNullOrEmpty
            }
            Cache = @{ Read = 1000; Write = 150 }
            Errors = $commonErrors + @(
                @{ Status = 400; Message = 'prompt is too long: 210000 tokens > 200000 maximum'; ErrorId = 'ContextWindowOverflow' }
                @{ Status = 529; Message = 'Overloaded'; ErrorId = 'ModelThrottled' }
            )
            # message_start, content_block_start and ping carry no text; the fourth event is the first text delta.
            MidStream = @{ After = 4; Status = 529; ErrorId = 'ModelThrottled' }
        }
        @{
            Name = 'bedrock (AWS_BEARER_TOKEN_BEDROCK)'; ModelId = 'bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0'; BaseSuffix = ''; ModelArgs = @{}
            EnvVars = @{ AWS_BEARER_TOKEN_BEDROCK = 'bedrock-api-key-test'; AWS_ACCESS_KEY_ID = $null; AWS_SECRET_ACCESS_KEY = $null; AWS_SESSION_TOKEN = $null }
            # The model id is one percent-encoded path segment.
            Path = '/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse-stream'; Headers = @{ Authorization = 'Bearer bedrock-api-key-test' }; NoHeaders = @('x-amz-date')
            NonStreamPath = '/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse'
            Body = {
                param($body)
                $ignored = [System.Text.Json.JsonElement]::new()
                $body.TryGetProperty('modelId', [ref] $ignored) | Should -BeFalse
                $body.GetProperty('inferenceConfig').GetProperty('maxTokens').GetInt32() | Should -Be 1000
                $body.GetProperty('inferenceConfig').GetProperty('temperature').GetDouble() | Should -Be 0.7
                $first = $body.GetProperty('messages')[0]
                $first.GetProperty('role').GetString() | Should -Be 'user'
                $first.GetProperty('content')[0].GetProperty('text').GetString() | Should -Be 'What is 2+2'
            }
            Tools = {
                param($body)
                $spec = $body.GetProperty('toolConfig').GetProperty('tools')[0].GetProperty('toolSpec')
                [pscustomobject]@{ Name = $spec.GetProperty('name'); Description = $spec.GetProperty('description'); Schema = $spec.GetProperty('inputSchema').GetProperty('json') }
            }
            ToolResult = {
                param($body)
                $message = @($body.GetProperty('messages').EnumerateArray())[-1]
                $message.GetProperty('role').GetString() | Should -Be 'user'
                $result = $message.GetProperty('content')[0].GetProperty('toolResult')
                $result.GetProperty('status').GetString() | Should -Be 'success'
                [pscustomobject]@{ Id = $result.GetProperty('toolUseId').GetString(); Content = $result.GetProperty('content')[0].GetProperty('text').GetString() }
            }
            ToolResultId = 'call_1'; System = $bedrockSystem
            Cache = @{ Read = 1000; Write = 150 }
            Errors = $commonErrors + @(
                @{ Status = 400; Message = 'Input is too long for requested model.'; ErrorId = 'ContextWindowOverflow' }
                # Bedrock answers an unknown model id with a ValidationException, not a 404.
                @{ Status = 400; Message = 'The provided model identifier is invalid.'; ErrorId = 'ModelNotFound' }
                # A ThrottlingException whose text reads like an overflow is still throttling.
                @{ Status = 429; Message = 'Too many tokens, please wait before trying again.'; ErrorId = 'ModelThrottled' }
            )
            MidStream = @{ After = 2; Status = 429; ErrorId = 'ModelThrottled' }
        }
        @{
            # SigV4 with credentials from the AWS default chain (environment) and the region from AWS_REGION.
            Name = 'bedrock (SigV4)'; ModelId = 'bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0'; BaseSuffix = ''; ModelArgs = @{}
            EnvVars = @{
                AWS_BEARER_TOKEN_BEDROCK = $null; AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE'; AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
                AWS_SESSION_TOKEN = $null; AWS_PROFILE = $null; AWS_EC2_METADATA_DISABLED = 'true'
                AWS_REGION_NAME = $null; AWS_REGION = 'eu-central-1'; AWS_DEFAULT_REGION = $null
            }
            Path = '/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse-stream'; Headers = @{}; NoHeaders = @('x-amz-security-token')
            NonStreamPath = '/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse'
            HeaderPatterns = @{
                Authorization = '^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/eu-central-1/bedrock/aws4_request, SignedHeaders=(\S*;)?host;(\S*;)?x-amz-date(;\S*)?, Signature=[0-9a-f]{64}$'
                'x-amz-date' = '^\d{8}T\d{6}Z$'
                'x-amz-content-sha256' = '^[0-9a-f]{64}$'
            }
            Body = {
                param($body)
                $body.GetProperty('inferenceConfig').GetProperty('maxTokens').GetInt32() | Should -Be 1000
                $body.GetProperty('messages')[0].GetProperty('content')[0].GetProperty('text').GetString() | Should -Be 'What is 2+2'
            }
            Tools = {
                param($body)
                $spec = $body.GetProperty('toolConfig').GetProperty('tools')[0].GetProperty('toolSpec')
                [pscustomobject]@{ Name = $spec.GetProperty('name'); Description = $spec.GetProperty('description'); Schema = $spec.GetProperty('inputSchema').GetProperty('json') }
            }
            ToolResult = {
                param($body)
                $result = @($body.GetProperty('messages').EnumerateArray())[-1].GetProperty('content')[0].GetProperty('toolResult')
                [pscustomobject]@{ Id = $result.GetProperty('toolUseId').GetString(); Content = $result.GetProperty('content')[0].GetProperty('text').GetString() }
            }
            ToolResultId = 'call_1'; System = $bedrockSystem
            Cache = @{ Read = 1000; Write = 150 }
            Errors = $commonErrors + @(@{ Status = 400; Message = 'Input is too long for requested model.'; ErrorId = 'ContextWindowOverflow' })
            MidStream = @{ After = 2; Status = 429; ErrorId = 'ModelThrottled' }
        }
        @{
            Name = 'gemini'; KeyEnv = @('GOOGLE_API_KEY', 'GEMINI_API_KEY', 'PALM_API_KEY'); ModelId = 'gemini/gemini-2.5-flash'; BaseSuffix = ''; ModelArgs = @{ ApiKey = 'AIza-test' }; EnvVars = @{}
            # The key travels in x-goog-api-key, never in the URL where proxies and logs would keep it.
            Path = '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse'; Headers = @{ 'x-goog-api-key' = 'AIza-test' }; NoHeaders = @('Authorization')
            NonStreamPath = '/v1beta/models/gemini-2.5-flash:generateContent'
            Body = {
                param($body)
                $config = $body.GetProperty('generationConfig')
                $config.GetProperty('maxOutputTokens').GetInt32() | Should -Be 1000
                $config.GetProperty('temperature').GetDouble() | Should -Be 0.7
                $first = $body.GetProperty('contents')[0]
                $first.GetProperty('role').GetString() | Should -Be 'user'
                $first.GetProperty('parts')[0].GetProperty('text').GetString() | Should -Be 'What is 2+2'
            }
            Tools = {
                param($body)
                $declaration = $body.GetProperty('tools')[0].GetProperty('functionDeclarations')[0]
                [pscustomobject]@{ Name = $declaration.GetProperty('name'); Description = $declaration.GetProperty('description'); Schema = $declaration.GetProperty('parameters') }
            }
            ToolResult = {
                param($body)
                $content = @($body.GetProperty('contents').EnumerateArray())[-1]
                $response = $content.GetProperty('parts')[0].GetProperty('functionResponse')
                # Gemini pairs a response with its call by function name; there are no call ids.
                [pscustomobject]@{ Id = $response.GetProperty('name').GetString(); Content = $response.GetProperty('response').GetProperty('output').ToString() }
            }
            ToolResultId = 'calculator'
            System = {
                param($body)
                # Gemini caches through cachedContents resources, so a cache point sends nothing.
                $parts = @($body.GetProperty('systemInstruction').GetProperty('parts').EnumerateArray())
                @($parts | ForEach-Object { $_.GetProperty('text').GetString() }) | Should -Be @('You are terse.', 'Answer in English.')
                $body.GetRawText() | Should -Not -Match 'cache'
            }
            # Gemini reports cache reads (cachedContentTokenCount, inside promptTokenCount) and has no cache writes.
            Cache = @{ Read = 1000; Write = 0 }
            Errors = $commonErrors + @(
                @{ Status = 400; Message = 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).'; ErrorId = 'ContextWindowOverflow' }
                # AI Studio rejects a bad key with 400 INVALID_ARGUMENT.
                @{ Status = 400; Message = 'API key not valid. Please pass a valid API key.'; ErrorId = 'AuthenticationFailed' }
            )
            MidStream = @{ After = 1; Status = 429; ErrorId = 'ModelThrottled' }
        }
        @{
            Name = 'ollama_chat'; ModelId = 'ollama_chat/llama3.1:8b'; BaseSuffix = ''; ModelArgs = @{}; EnvVars = @{ OLLAMA_API_KEY = $null }
            Path = '/api/chat'; Headers = @{}; NoHeaders = @('Authorization')
            NonStreamPath = '/api/chat'
            Body = {
                param($body)
                $body.GetProperty('model').GetString() | Should -Be 'llama3.1:8b'
                # Ollama streams unless told not to; the adapter wants the stream.
                $stream = [System.Text.Json.JsonElement]::new()
                if ($body.TryGetProperty('stream', [ref] $stream)) { $stream.GetBoolean() | Should -BeTrue }
                $body.GetProperty('options').GetProperty('num_predict').GetInt32() | Should -Be 1000
                $body.GetProperty('options').GetProperty('temperature').GetDouble() | Should -Be 0.7
                $body.GetProperty('messages')[0].GetProperty('content').GetString() | Should -Be 'What is 2+2'
            }
            Tools = $openAiTools
            ToolResult = {
                param($body)
                $message = @($body.GetProperty('messages').EnumerateArray())[-1]
                $message.GetProperty('role').GetString() | Should -Be 'tool'
                # Ollama has no call ids; tool_name says which call a result answers.
                [pscustomobject]@{ Id = $message.GetProperty('tool_name').GetString(); Content = $message.GetProperty('content').GetString() }
            }
            ToolResultId = 'calculator'
            System = {
                param($body)
                $system = $body.GetProperty('messages')[0]
                $system.GetProperty('role').GetString() | Should -Be 'system'
                $system.GetProperty('content').GetString() | Should -Be "You are terse.`nAnswer in English."
            }
            # Ollama reports no cache counts.
            Cache = @{ Read = 0; Write = 0 }
            Errors = $commonErrors + @(@{ Status = 400; Message = 'the input length exceeds the context length'; ErrorId = 'ContextWindowOverflow' })
            MidStream = @{ After = 1; Status = 500; ErrorId = 'ProviderError' }
        }
    )
}

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $fake = Start-FakeProvider
    $calculator = @{
        calculator = {
            <#
            .SYNOPSIS
            Evaluates an arithmetic expression.
            #>
            param([Parameter(Mandatory)][string] $expression)
            [System.Data.DataTable]::new().Compute($expression, $null)
        }
    }
    function Add-FakeReply($Reply) { $fake.Enqueue([Strands.FakeProvider.FakeReply] $Reply) }
    function Read-Json([string] $Json) { [System.Text.Json.JsonDocument]::Parse($Json).RootElement }
}

AfterAll { Stop-FakeProvider $fake }

Describe 'Provider <Name>' -ForEach $providers {
    BeforeAll {
        # A server of its own, so replies a failing test left unconsumed cannot leak into another provider.
        $fake = Start-FakeProvider
        $saved = @{}
        foreach ($name in $EnvVars.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $EnvVars[$name])
        }

        # The seed's quickstart model for this provider; -MaxRetries 0 unless a test is about retrying.
        function New-ProviderAgent([int] $MaxRetries = 0, [hashtable] $Tool = $calculator, [hashtable] $Params = @{ max_tokens = 1000; temperature = 0.7 }) {
            $splat = @{ ModelId = $ModelId; ApiBase = $fake.BaseUrl.ToString().TrimEnd("/") + $BaseSuffix; MaxRetries = $MaxRetries; Params = $Params }
            foreach ($key in $ModelArgs.Keys) { $splat[$key] = $ModelArgs[$key] }
            New-StrandsAgent -Model (New-LiteLlmModel @splat) -Tool $Tool
        }
        # The requests of the current test: those after $start (set before each test).
        function Get-NewRequests {
            $all = $fake.Requests
            for ($i = $start; $i -lt $all.Count; $i++) { $all[$i] }
        }
    }

    AfterAll {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        Stop-FakeProvider $fake
    }

    BeforeEach { $start = $fake.Requests.Count }
    # A reply left over means the client made fewer requests than the test scripted.
    AfterEach { $fake.PendingReplies | Should -Be 0 -Because 'every scripted reply should have been requested' }

    Context 'quickstart: What is 2+2 with the calculator' {
        BeforeAll {
            $start = $fake.Requests.Count
            Add-FakeReply ([Strands.FakeProvider.FakeReply]::ToolCalls(@(New-FakeToolCall 'calculator' '{"expression":"2+2"}' 'call_1')))
            Add-FakeReply ([Strands.FakeProvider.FakeReply]::Text('2+2 = 4', $null, 3))
            $result = Invoke-StrandsAgent (New-ProviderAgent) 'What is 2+2' 6>$null
            $sent = @(Get-NewRequests)
        }

        It 'answers with the model text after one tool round trip' {
            "$result" | Should -Be '2+2 = 4'
            $result.ToolCalls | Should -HaveCount 1
            $result.ToolCalls[0].Name | Should -Be 'calculator'
            $result.ToolCalls[0].Result | Should -Be '4'
            $sent | Should -HaveCount 2
        }

        It 'sends requests the provider accepts (the fake validates like the real API)' {
            @($sent | Where-Object { $_.Rejection } | ForEach-Object { $_.Rejection }) | Should -BeNullOrEmpty
            @($sent | ForEach-Object { $_.Dialect.ToString() }) | Should -Not -Contain 'Unknown'
        }

        It 'posts to the documented path' {
            foreach ($request in $sent) {
                $request.Method | Should -Be 'POST'
                $request.Path | Should -Be $Path
            }
        }

        It 'authenticates with the documented headers' {
            $got = $sent[0].Headers
            foreach ($header in $Headers.Keys) { $got[$header] | Should -Be $Headers[$header] }
            if ($HeaderPatterns) { foreach ($header in $HeaderPatterns.Keys) { $got[$header] | Should -Match $HeaderPatterns[$header] } }
            foreach ($header in $NoHeaders) { $got.ContainsKey($header) | Should -BeFalse -Because "$header is not how $Name authenticates" }
            $got['Content-Type'] | Should -Match '^application/json'
        }

        It 'maps the model, the prompt and -Params into the documented body' {
            & $Body $sent[0].Json.RootElement $WireModel
        }

        It 'offers the calculator with a schema from its param block' {
            $tool = & $Tools $sent[0].Json.RootElement
            $tool.Name.GetString() | Should -Be 'calculator'
            $tool.Description.GetString() | Should -Be 'Evaluates an arithmetic expression.'
            $tool.Schema.GetProperty('required')[0].GetString() | Should -Be 'expression'
        }

        It 'sends the tool result 4 back, paired with its call' {
            $answer = & $ToolResult $sent[1].Json.RootElement
            $answer.Id | Should -Be $ToolResultId
            $answer.Content | Should -Be '4'
        }
    }

    It 'streams text and two parallel tool calls and assembles them' {
        $script:looked = [System.Collections.Generic.List[string]]::new()
        $lookup = @{ lookup = { param([Parameter(Mandatory)][string] $city, [string] $units) $script:looked.Add("$city/$units"); "sunny in $city" } }
        $calls = @(
            (New-FakeToolCall 'lookup' '{"city":"Paris","units":"metric"}' 'call_1')
            (New-FakeToolCall 'lookup' '{"city":"Rome","units":"imperial"}' 'call_2')
        )
        Add-FakeReply ([Strands.FakeProvider.FakeReply]::ToolCalls('Let me check.', $null, $calls).WithTextChunks(3).WithArgumentChunks(4))
        Add-FakeReply ([Strands.FakeProvider.FakeReply]::Text('It is sunny in both.', $null, 5))

        $output = @(Invoke-StrandsAgent (New-ProviderAgent -Tool $lookup) 'Weather in Paris and Rome?' -Stream 6>$null)

        $deltas = @($output | Where-Object { $_.Type -eq 'TextDelta' })
        $deltas.Count | Should -BeGreaterOrEqual 8 -Because 'the text arrives in the pieces the provider streamed'
        -join @($deltas | ForEach-Object { $_.Text }) | Should -Be 'Let me check.It is sunny in both.'
        $uses = @($output | Where-Object { $_.Type -eq 'ToolUse' })
        $uses | Should -HaveCount 2
        $first = Read-Json $uses[0].Input
        $first.GetProperty('city').GetString() | Should -Be 'Paris'
        $first.GetProperty('units').GetString() | Should -Be 'metric'
        (Read-Json $uses[1].Input).GetProperty('city').GetString() | Should -Be 'Rome'
        @($script:looked) | Should -Be @('Paris/metric', 'Rome/imperial')
        "$($output[-1])" | Should -Be 'It is sunny in both.'
        # Both results go back in one turn, each paired with its call (the fake rejects orphans).
        $sent = @(Get-NewRequests)
        $sent | Should -HaveCount 2
        @($sent | Where-Object { $_.Rejection } | ForEach-Object { $_.Rejection }) | Should -BeNullOrEmpty
        $sent[1].Body | Should -Match 'sunny in Paris'
        $sent[1].Body | Should -Match 'sunny in Rome'
    }

    It 'offers an untyped parameter as any JSON value and binds what the model sends as PowerShell values' {
        $calls = @(
            New-FakeToolCall 'probe' '{"x":1}' 'u1'
            New-FakeToolCall 'probe' '{"x":2.5}' 'u2'
            New-FakeToolCall 'probe' '{"x":true}' 'u3'
            New-FakeToolCall 'probe' '{"x":"text"}' 'u4'
            New-FakeToolCall 'probe' '{"x":[1,"a"]}' 'u5'
            New-FakeToolCall 'probe' '{"x":{"n":1}}' 'u6'
        )
        Add-FakeReply ([Strands.FakeProvider.FakeReply]::ToolCalls($calls))
        Add-FakeReply ([Strands.FakeProvider.FakeReply]::Text('probed', $null, 1))
        $probe = @{ probe = { param($x) '{0}:{1}' -f $x.GetType().Name, $(if ($x -is [System.Collections.IDictionary]) { "n=$($x.n)" } else { $x -join ',' }) } }
        $result = Invoke-StrandsAgent (New-ProviderAgent -Tool $probe) 'probe' 6>$null
        $sent = @(Get-NewRequests)
        @($sent | Where-Object { $_.Rejection } | ForEach-Object { $_.Rejection }) | Should -BeNullOrEmpty
        $x = (& $Tools $sent[0].Json.RootElement).Schema.GetProperty('properties').GetProperty('x')
        if ($Name -eq 'gemini') {
            # Gemini needs a type: the widest union it accepts.
            @($x.GetProperty('anyOf').EnumerateArray() | ForEach-Object { $_.GetProperty('type').GetString() }) | Should -Be @('STRING', 'NUMBER', 'BOOLEAN', 'OBJECT', 'ARRAY')
        }
        else {
            $x.ValueKind | Should -Be 'Object'
            $x.TryGetProperty('type', [ref] [System.Text.Json.JsonElement]::new()) | Should -BeFalse -Because "an untyped parameter takes any value, not $($x.GetRawText())"
        }
        # In call order (Gemini and Ollama send no call ids; the adapter makes its own).
        @($result.ToolCalls | ForEach-Object { "$($_.Status) $($_.Result)" }) | Should -Be @(
            'success Int32:1', 'success Double:2.5', 'success Boolean:True', 'success String:text', 'success Object[]:1,a', 'success Hashtable:n=1')
    }

    It 'sends a system prompt with a cache point the way the provider caches' {
        Add-FakeReply ([Strands.FakeProvider.FakeReply]::Text('ok', $null, 1))
        $model = (New-ProviderAgent).Model
        $prompt = @(@{ text = 'You are terse.' }, @{ cachePoint = @{ type = 'default' } }, 'Answer in English.')
        $null = Invoke-StrandsAgent (New-StrandsAgent $model -SystemPrompt $prompt) 'Hi' 6>$null
        $fake.LastRequest.Rejection | Should -BeNullOrEmpty
        & $System $fake.LastRequest.Json.RootElement
    }

    It 'maps usage with cache tokens to the common convention (input includes cache reads and writes)' {
        # 1200 prompt tokens of which 1000 were read from and 150 written to the cache; each dialect
        # reports that its own way (Anthropic and Bedrock count only the 50 uncached ones as input).
        Add-FakeReply ([Strands.FakeProvider.FakeReply]::Text('cached answer', [Strands.FakeProvider.FakeUsage]::new(1200, 30, 1000, 150), 2))
        $result = Invoke-StrandsAgent (New-ProviderAgent) 'Use the cache' 6>$null
        $result.Usage.InputTokens | Should -Be 1200
        $result.Usage.OutputTokens | Should -Be 30
        $result.Usage.CacheReadInputTokens | Should -Be $Cache.Read
        $result.Usage.CacheWriteInputTokens | Should -Be $Cache.Write
    }

    if ($KeyEnv) {
        It 'without a key names the environment variable to set (<KeyEnv>)' {
            $keys = @{}
            foreach ($name in $KeyEnv) { $keys[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $null) }
            try {
                $arguments = @{ ApiBase = $fake.BaseUrl.ToString() }
                if ($ModelArgs.ClientArgs) { $arguments.ClientArgs = $ModelArgs.ClientArgs }
                { New-LiteLlmModel $ModelId @arguments } | Should -Throw -ErrorId 'MissingApiKey,*' -ExpectedMessage "*$($KeyEnv[0])*"
            }
            finally { foreach ($name in $keys.Keys) { [Environment]::SetEnvironmentVariable($name, $keys[$name]) } }
        }
    }

    It 'runs the tool round trip without streaming when -Params say stream = $false, with the same usage' {
        Add-FakeReply ([Strands.FakeProvider.FakeReply]::ToolCalls($null, [Strands.FakeProvider.FakeUsage]::new(200, 10), @(New-FakeToolCall 'calculator' '{"expression":"6*7"}' 'call_1')))
        Add-FakeReply ([Strands.FakeProvider.FakeReply]::Text('6*7 = 42', [Strands.FakeProvider.FakeUsage]::new(1200, 30, 1000, 150), 1))
        $result = Invoke-StrandsAgent (New-ProviderAgent -Params @{ stream = $false; max_tokens = 1000 }) 'What is 6*7' 6>$null
        "$result" | Should -Be '6*7 = 42'
        $result.ToolCalls[0].Result | Should -Be '42'
        $sent = @(Get-NewRequests)
        $sent | Should -HaveCount 2
        @($sent | Where-Object { $_.Rejection } | ForEach-Object { $_.Rejection }) | Should -BeNullOrEmpty
        $sent[0].Path | Should -Be $NonStreamPath
        $result.Usage.InputTokens | Should -Be 1400
        $result.Usage.OutputTokens | Should -Be 40
        $result.Usage.CacheReadInputTokens | Should -Be $Cache.Read
        $result.Usage.CacheWriteInputTokens | Should -Be $Cache.Write
    }

    It 'maps HTTP <Status> "<Message>" to <ErrorId>' -ForEach $Errors {
        Add-FakeReply ([Strands.FakeProvider.FakeReply]::ProviderError($Status, $Message))
        $err = $null
        $null = Invoke-StrandsAgent (New-ProviderAgent) 'Hello' -ErrorVariable err -ErrorAction SilentlyContinue 6>$null
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Match "^$ErrorId,"
        # The provider's own message reaches the user.
        $err[0].Exception.Message | Should -Match ([regex]::Escape($Message))
        Get-NewRequests | Should -HaveCount 1
    }

    It 'waits out a 429 with Retry-After: 1, then succeeds' {
        Add-FakeReply ([Strands.FakeProvider.FakeReply]::RateLimited([timespan]::FromSeconds(1)))
        Add-FakeReply ([Strands.FakeProvider.FakeReply]::Text('worth the wait', $null, 2))
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-StrandsAgent (New-ProviderAgent -MaxRetries 2) 'Hello' 6>$null
        $clock.Stop()
        "$result" | Should -Be 'worth the wait'
        Get-NewRequests | Should -HaveCount 2
        $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.95 -Because 'the server asked for a one-second wait'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
    }

    It 'does not retry once text was streamed, and reports the failure as <MidStream.ErrorId>' {
        $reply = [Strands.FakeProvider.FakeReply]::Text('The answer is forty-two, as everyone knows.', $null, 4).WithMidStreamError($MidStream.After, $MidStream.Status, 'The provider failed while streaming.')
        Add-FakeReply $reply
        # A retry would find the fallback answer; it must not be requested.
        $fake.DefaultReply = [Strands.FakeProvider.FakeReply]::Text('a retried answer', $null, 1)
        $agent = New-ProviderAgent -MaxRetries 3
        try {
            $err = $null
            $output = @(Invoke-StrandsAgent $agent 'Hello' -Stream -ErrorVariable err -ErrorAction SilentlyContinue 6>$null)
        }
        finally { $fake.DefaultReply = $null }

        Get-NewRequests | Should -HaveCount 1
        $shown = -join @($output | Where-Object { $_.Type -eq 'TextDelta' } | ForEach-Object { $_.Text })
        $shown | Should -Not -BeNullOrEmpty -Because 'the failure came after output began'
        'The answer is forty-two, as everyone knows.'.StartsWith($shown) | Should -BeTrue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Match "^$($MidStream.ErrorId),"
        $err[0].Exception.Message | Should -Match 'The provider failed while streaming'

        # The agent stays usable: its next request is one the provider accepts.
        Add-FakeReply ([Strands.FakeProvider.FakeReply]::Text('second try', $null, 2))
        "$(Invoke-StrandsAgent $agent 'Try again' 6>$null)" | Should -Be 'second try'
        $fake.LastRequest.Rejection | Should -BeNullOrEmpty
    }
}

Describe 'Bedrock credentials' {
    BeforeAll {
        $saved = @{}
        foreach ($name in 'AWS_BEARER_TOKEN_BEDROCK', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    }
    AfterAll { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }

    It '-ApiKey is sent as the bearer token and wins over AWS_BEARER_TOKEN_BEDROCK and AWS keys' {
        [Environment]::SetEnvironmentVariable('AWS_BEARER_TOKEN_BEDROCK', 'from-environment')
        [Environment]::SetEnvironmentVariable('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE')
        [Environment]::SetEnvironmentVariable('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY')
        Add-FakeReply ([Strands.FakeProvider.FakeReply]::Text('hello', $null, 2))
        $model = New-LiteLlmModel 'bedrock/amazon.nova-micro-v1:0' -ApiKey 'from-parameter' -ApiBase $fake.BaseUrl.ToString() -MaxRetries 0
        "$(Invoke-StrandsAgent (New-StrandsAgent $model) 'Hello' 6>$null)" | Should -Be 'hello'
        $fake.LastRequest.Headers['Authorization'] | Should -Be 'Bearer from-parameter'
        $fake.LastRequest.Headers.ContainsKey('x-amz-date') | Should -BeFalse
        $fake.LastRequest.Path | Should -Be '/model/amazon.nova-micro-v1%3A0/converse-stream'
    }
}

Describe 'Reasoning kept for the next turn' {
    # The APIs reject a tool result that follows a reasoning turn whose signed reasoning was dropped.
    BeforeAll {
        $saved = [Environment]::GetEnvironmentVariable('AWS_BEARER_TOKEN_BEDROCK')
        [Environment]::SetEnvironmentVariable('AWS_BEARER_TOKEN_BEDROCK', 'bedrock-api-key-test')
        function Invoke-Reasoning([string] $ModelId, [hashtable] $Params, [object] $FirstReply) {
            $script:first = $fake.Requests.Count
            Add-FakeReply $FirstReply
            Add-FakeReply ([Strands.FakeProvider.FakeReply]::Text('2+2 = 4', $null, 2))
            $model = New-LiteLlmModel $ModelId -ApiKey 'test-key' -ApiBase $fake.BaseUrl.ToString() -MaxRetries 0 -Params $Params
            $result = Invoke-StrandsAgent (New-StrandsAgent $model -Tool $calculator) 'What is 2+2' 6>$null
            "$result" | Should -Be '2+2 = 4'
            $requests = $fake.Requests
            $requests.Count - $script:first | Should -Be 2
            $requests[$script:first + 1].Rejection | Should -BeNullOrEmpty
            $requests[$script:first + 1].Json.RootElement
        }
    }
    AfterAll { [Environment]::SetEnvironmentVariable('AWS_BEARER_TOKEN_BEDROCK', $saved) }

    It 'anthropic: the signed thinking block goes back before the tool_use' {
        $reply = [Strands.FakeProvider.FakeReply]::ToolCalls(@(New-FakeToolCall 'calculator' '{"expression":"2+2"}' 'toolu_1')).WithReasoning('Use the calculator.', 'c2lnLWFudGhyb3BpYw==')
        $body = Invoke-Reasoning 'anthropic/claude-3-7-sonnet-20250219' @{ max_tokens = 2048; thinking = @{ type = 'enabled'; budget_tokens = 1024 } } $reply
        $body.GetProperty('thinking').GetProperty('budget_tokens').GetInt32() | Should -Be 1024
        $assistant = $body.GetProperty('messages')[1]
        $assistant.GetProperty('role').GetString() | Should -Be 'assistant'
        $assistant.GetProperty('content')[0].GetProperty('type').GetString() | Should -Be 'thinking'
        $assistant.GetProperty('content')[0].GetProperty('thinking').GetString() | Should -Be 'Use the calculator.'
        $assistant.GetProperty('content')[0].GetProperty('signature').GetString() | Should -Be 'c2lnLWFudGhyb3BpYw=='
        $assistant.GetProperty('content')[1].GetProperty('type').GetString() | Should -Be 'tool_use'
    }

    It 'bedrock: reasoningContent with its signature goes back before the toolUse' {
        $reply = [Strands.FakeProvider.FakeReply]::ToolCalls(@(New-FakeToolCall 'calculator' '{"expression":"2+2"}' 'tooluse_1')).WithReasoning('Use the calculator.', 'c2lnLWJlZHJvY2s=')
        $body = Invoke-Reasoning 'bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0' @{ max_tokens = 2048 } $reply
        $assistant = $body.GetProperty('messages')[1]
        $reasoning = $assistant.GetProperty('content')[0].GetProperty('reasoningContent').GetProperty('reasoningText')
        $reasoning.GetProperty('text').GetString() | Should -Be 'Use the calculator.'
        $reasoning.GetProperty('signature').GetString() | Should -Be 'c2lnLWJlZHJvY2s='
        $assistant.GetProperty('content')[1].GetProperty('toolUse').GetProperty('toolUseId').GetString() | Should -Be 'tooluse_1'
    }

    It 'gemini: the thoughtSignature of a functionCall goes back on that part' {
        $call = [Strands.FakeProvider.FakeToolCall]::new('calculator', '{"expression":"2+2"}', $null, 'c2lnLWdlbWluaQ==')
        $body = Invoke-Reasoning 'gemini/gemini-2.5-flash' @{ max_tokens = 1000 } ([Strands.FakeProvider.FakeReply]::ToolCalls(@($call)))
        $model = $body.GetProperty('contents')[1]
        $model.GetProperty('role').GetString() | Should -Be 'model'
        $part = @($model.GetProperty('parts').EnumerateArray() | Where-Object { $_.TryGetProperty('functionCall', [ref] [System.Text.Json.JsonElement]::new()) })
        $part | Should -HaveCount 1
        $part[0].GetProperty('thoughtSignature').GetString() | Should -Be 'c2lnLWdlbWluaQ=='
    }
}

Describe 'Bedrock model ARNs' {
    BeforeAll {
        $saved = @{}
        foreach ($name in 'AWS_BEARER_TOKEN_BEDROCK', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_EC2_METADATA_DISABLED', 'AWS_REGION', 'AWS_REGION_NAME') {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        }
    }
    AfterAll { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }

    It 'sends the ARN as one percent-encoded path segment and signs for the ARN''s region (LiteLLM''s region order)' {
        [Environment]::SetEnvironmentVariable('AWS_BEARER_TOKEN_BEDROCK', $null)
        [Environment]::SetEnvironmentVariable('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE')
        [Environment]::SetEnvironmentVariable('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY')
        [Environment]::SetEnvironmentVariable('AWS_SESSION_TOKEN', $null)
        [Environment]::SetEnvironmentVariable('AWS_EC2_METADATA_DISABLED', 'true')
        # The ARN's region beats AWS_REGION_NAME and AWS_REGION.
        [Environment]::SetEnvironmentVariable('AWS_REGION_NAME', 'eu-west-1')
        [Environment]::SetEnvironmentVariable('AWS_REGION', 'eu-central-1')
        Add-FakeReply ([Strands.FakeProvider.FakeReply]::Text('hello', $null, 2))
        $model = New-LiteLlmModel 'bedrock/arn:aws:bedrock:ap-southeast-2:123456789012:application-inference-profile/abc123' -ApiBase $fake.BaseUrl.ToString() -MaxRetries 0
        "$(Invoke-StrandsAgent (New-StrandsAgent $model) 'Hello' 6>$null)" | Should -Be 'hello'
        $fake.LastRequest.Rejection | Should -BeNullOrEmpty
        $fake.LastRequest.Path | Should -Be '/model/arn%3Aaws%3Abedrock%3Aap-southeast-2%3A123456789012%3Aapplication-inference-profile%2Fabc123/converse-stream'
        $fake.LastRequest.Headers['Authorization'] | Should -Match '^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/ap-southeast-2/bedrock/aws4_request,'
    }
}

Describe 'Retry-After longer than the client waits' {
    It 'fails at once with ModelThrottled and says how long the provider asked to wait' {
        $start = $fake.Requests.Count
        Add-FakeReply ([Strands.FakeProvider.FakeReply]::RateLimited([timespan]::FromSeconds(120)))
        $model = New-LiteLlmModel 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $fake.BaseUrl.ToString() -MaxRetries 3
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $err = $null
        $null = Invoke-StrandsAgent (New-StrandsAgent $model) 'Hello' -ErrorVariable err -ErrorAction SilentlyContinue 6>$null
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        $fake.Requests.Count - $start | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Match '^ModelThrottled,'
        $err[0].Exception.Message | Should -Match 'asked to wait 120 s'
        $err[0].Exception.RetryAfter.TotalSeconds | Should -Be 120
    }
}

Describe 'reasoning_effort' {
    It 'stops New-LiteLlmModel on a value no provider knows, naming the allowed ones' {
        { New-LiteLlmModel 'anthropic/claude-sonnet-4-5' -ApiKey 'sk-ant-test' -ApiBase $fake.BaseUrl.ToString() -Params @{ reasoning_effort = 'extreme' } } |
            Should -Throw -ErrorId 'InvalidArgument,*' -ExpectedMessage '*none, disable, minimal, low, medium, high, max*'
    }
}
