# Invoke-StrandsAgent -Attachment: an image and a PDF reach every provider in its documented form
# (the fake validates the shapes strictly, as the specs describe them), what a provider cannot take
# or is over its size limit is refused before any request, and sessions keep attachments.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $fake = Start-FakeProvider
    $base = $fake.BaseUrl.ToString().TrimEnd('/')

    # Small files with real signatures; their bytes are what each provider must receive.
    $pngBytes = [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4)
    $pdfBytes = [System.Text.Encoding]::ASCII.GetBytes("%PDF-1.4`n1 0 obj << >> endobj`n%%EOF")
    $png = [System.IO.Path]::Combine($TestDrive, 'chart.png')
    $pdf = [System.IO.Path]::Combine($TestDrive, 'Q3 report_v2.pdf')
    [System.IO.File]::WriteAllBytes($png, $pngBytes)
    [System.IO.File]::WriteAllBytes($pdf, $pdfBytes)
    $pngB64 = [Convert]::ToBase64String($pngBytes)
    $pdfB64 = [Convert]::ToBase64String($pdfBytes)

    function New-Model([string] $Provider) {
        switch ($Provider) {
            'openai' { New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'test-key' -ApiBase $base -MaxRetries 0 }
            'litellm_proxy' { New-LiteLlmModel -ModelId 'litellm_proxy/claude-sonnet' -ApiKey 'sk-proxy' -ApiBase $base -MaxRetries 0 }
            'anthropic' { New-LiteLlmModel -ModelId 'anthropic/claude-sonnet-4-5-20250929' -ApiKey 'sk-ant-test' -ApiBase $base -MaxRetries 0 }
            'bedrock' { New-LiteLlmModel -ModelId 'bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0' -ApiKey 'bedrock-token' -ApiBase $base -ClientArgs @{ aws_region_name = 'us-east-1' } -MaxRetries 0 }
            'gemini' { New-LiteLlmModel -ModelId 'gemini/gemini-2.5-flash' -ApiKey 'AIza-test' -ApiBase $base -MaxRetries 0 }
            'ollama_chat' { New-LiteLlmModel -ModelId 'ollama_chat/llava' -ApiBase $base -MaxRetries 0 }
        }
    }

    # Sends the prompt with the attachments and returns the one request the fake recorded.
    function Send-Attachments([string] $Provider, [object[]] $Attachment) {
        $start = $fake.Requests.Count
        Reply-Text 'Seen.'
        $agent = New-StrandsAgent (New-Model $Provider)
        $result = Invoke-StrandsAgent $agent 'What do these show?' -Attachment $Attachment
        "$result" | Should -Be 'Seen.'
        $sent = @($fake.Requests | Select-Object -Skip $start)
        $sent | Should -HaveCount 1
        $sent[0].Rejection | Should -BeNullOrEmpty -Because 'the fake validates attachments as the real API does'
        $sent[0].Json.RootElement
    }

    function Get-Parts($Body, [string] $Messages, [string] $Content) {
        @($Body.GetProperty($Messages)[0].GetProperty($Content).EnumerateArray())
    }

    # Invokes and returns the error; asserts no request was sent and the conversation did not change.
    function Get-Refusal([string] $Provider, [object[]] $Attachment) {
        $start = $fake.Requests.Count
        $agent = New-StrandsAgent (New-Model $Provider)
        $err = $null
        Invoke-StrandsAgent $agent 'Look at this.' -Attachment $Attachment -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $fake.Requests.Count | Should -Be $start -Because 'nothing may be sent'
        $agent.MessageCount | Should -Be 0
        $err | Should -HaveCount 1
        $err[0]
    }
}

AfterAll { Stop-FakeProvider $fake }

Describe 'An image and a PDF reach each provider in its documented form' {
    It 'OpenAI: an image_url data URI and a file part with file_data and filename' {
        $parts = Get-Parts (Send-Attachments openai @($png, $pdf)) 'messages' 'content'
        $parts[0].GetProperty('type').GetString() | Should -Be 'image_url'
        $parts[0].GetProperty('image_url').GetProperty('url').GetString() | Should -Be "data:image/png;base64,$pngB64"
        $parts[1].GetProperty('type').GetString() | Should -Be 'file'
        $parts[1].GetProperty('file').GetProperty('file_data').GetString() | Should -Be "data:application/pdf;base64,$pdfB64"
        $parts[1].GetProperty('file').GetProperty('filename').GetString() | Should -Be 'Q3 report_v2.pdf'
        $parts[2].GetProperty('text').GetString() | Should -Be 'What do these show?'
    }

    It 'a LiteLLM proxy: the same OpenAI parts' {
        $parts = Get-Parts (Send-Attachments litellm_proxy @($png, $pdf)) 'messages' 'content'
        @($parts | ForEach-Object { $_.GetProperty('type').GetString() }) | Should -Be @('image_url', 'file', 'text')
    }

    It 'Anthropic: image and document blocks with base64 sources, the file name as title' {
        $blocks = Get-Parts (Send-Attachments anthropic @($png, $pdf)) 'messages' 'content'
        $blocks[0].GetProperty('type').GetString() | Should -Be 'image'
        $blocks[0].GetProperty('source').GetRawText() | Should -Be "{`"type`":`"base64`",`"media_type`":`"image/png`",`"data`":`"$pngB64`"}"
        $blocks[1].GetProperty('type').GetString() | Should -Be 'document'
        $blocks[1].GetProperty('source').GetRawText() | Should -Be "{`"type`":`"base64`",`"media_type`":`"application/pdf`",`"data`":`"$pdfB64`"}"
        $blocks[1].GetProperty('title').GetString() | Should -Be 'Q3 report_v2.pdf'
    }

    It 'Anthropic: a Markdown file as a plain-text source' {
        $md = [System.IO.Path]::Combine($TestDrive, 'notes.md')
        [System.IO.File]::WriteAllText($md, "# Notes`nAll good.")
        $blocks = Get-Parts (Send-Attachments anthropic @($md)) 'messages' 'content'
        $blocks[0].GetProperty('source').GetRawText() | Should -Be '{"type":"text","media_type":"text/plain","data":"# Notes\nAll good."}'
    }

    It 'Bedrock: image and document blocks with bytes, the document named by a sanitised file name' {
        $blocks = Get-Parts (Send-Attachments bedrock @($png, $pdf)) 'messages' 'content'
        $blocks[0].GetProperty('image').GetRawText() | Should -Be "{`"format`":`"png`",`"source`":{`"bytes`":`"$pngB64`"}}"
        $blocks[1].GetProperty('document').GetRawText() | Should -Be "{`"format`":`"pdf`",`"name`":`"Q3 report-v2`",`"source`":{`"bytes`":`"$pdfB64`"}}"
        $blocks[2].GetProperty('text').GetString() | Should -Be 'What do these show?'
    }

    It 'Gemini: inlineData parts with their media types' {
        $parts = Get-Parts (Send-Attachments gemini @($png, $pdf)) 'contents' 'parts'
        $parts[0].GetProperty('inlineData').GetRawText() | Should -Be "{`"mimeType`":`"image/png`",`"data`":`"$pngB64`"}"
        $parts[1].GetProperty('inlineData').GetRawText() | Should -Be "{`"mimeType`":`"application/pdf`",`"data`":`"$pdfB64`"}"
    }

    It 'Ollama: the image in the message images' {
        $message = (Send-Attachments ollama_chat @($png)).GetProperty('messages')[0]
        @($message.GetProperty('images').EnumerateArray() | ForEach-Object { $_.GetString() }) | Should -Be @($pngB64)
        $message.GetProperty('content').GetString() | Should -Be 'What do these show?'
    }

    It 'takes FileInfo objects and bytes with a format' {
        $parts = Get-Parts (Send-Attachments openai @((Get-Item $png), @{ Bytes = $pdfBytes; Format = 'pdf'; Name = 'from-bytes.pdf' })) 'messages' 'content'
        $parts[0].GetProperty('image_url').GetProperty('url').GetString() | Should -Be "data:image/png;base64,$pngB64"
        $parts[1].GetProperty('file').GetProperty('filename').GetString() | Should -Be 'from-bytes.pdf'
    }
}

Describe 'What a provider cannot take is refused before anything is sent' {
    It 'a <Kind> to <Provider> fails with <ErrorId>, naming the file, the provider and the limit' -ForEach @(
        @{ Provider = 'ollama_chat'; Kind = 'PDF'; File = 'Q3 report_v2.pdf'; Size = 0; ErrorId = 'AttachmentUnsupported'; Says = 'takes no documents' }
        @{ Provider = 'gemini'; Kind = 'GIF'; File = 'anim.gif'; Size = 0; ErrorId = 'AttachmentUnsupported'; Says = 'takes images in png, jpeg, webp' }
        @{ Provider = 'anthropic'; Kind = 'docx'; File = 'memo.docx'; Size = 0; ErrorId = 'AttachmentUnsupported'; Says = 'takes documents in pdf, txt, md, csv, html' }
        @{ Provider = 'bedrock'; Kind = '4 MB image'; File = 'big.png'; Size = 4MB; ErrorId = 'AttachmentTooLarge'; Says = 'takes images of up to 3.75 MB' }
        @{ Provider = 'bedrock'; Kind = '5 MB PDF'; File = 'big.pdf'; Size = 5MB; ErrorId = 'AttachmentTooLarge'; Says = 'takes documents of up to 4.5 MB' }
        @{ Provider = 'anthropic'; Kind = '6 MB image'; File = 'photo.jpg'; Size = 6MB; ErrorId = 'AttachmentTooLarge'; Says = 'takes images of up to 5 MB' }
        @{ Provider = 'openai'; Kind = '21 MB image'; File = 'huge.webp'; Size = 21MB; ErrorId = 'AttachmentTooLarge'; Says = 'takes images of up to 20 MB' }
    ) {
        $path = [System.IO.Path]::Combine($TestDrive, $File)
        if ($Size -gt 0) { [System.IO.File]::WriteAllBytes($path, [byte[]]::new($Size)) }
        elseif (-not (Test-Path -LiteralPath $path)) { [System.IO.File]::WriteAllBytes($path, [byte[]](1, 2, 3)) }

        $err = Get-Refusal $Provider @($path)

        $err.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "*'$File'*"
        $err.Exception.Message | Should -BeLike "*$Provider*"
        $err.Exception.Message | Should -BeLike "*$Says*"
    }

    It 'a format that is neither an image nor a document fails at once with AttachmentUnsupported' {
        $zip = [System.IO.Path]::Combine($TestDrive, 'logs.zip')
        [System.IO.File]::WriteAllBytes($zip, [byte[]](0x50, 0x4B, 3, 4))
        $start = $fake.Requests.Count
        $agent = New-StrandsAgent (New-Model openai)
        { Invoke-StrandsAgent $agent 'Read this.' -Attachment $zip } | Should -Throw -ErrorId 'AttachmentUnsupported,*'
        $fake.Requests.Count | Should -Be $start
    }

    It 'a file without an extension fails with AttachmentUnsupported saying it has no format' {
        $plain = [System.IO.Path]::Combine($TestDrive, 'README')
        [System.IO.File]::WriteAllText($plain, 'hello')
        $agent = New-StrandsAgent (New-Model openai)
        $err = { Invoke-StrandsAgent $agent 'Read this.' -Attachment $plain } | Should -Throw -ErrorId 'AttachmentUnsupported,*' -PassThru
        $err.Exception.Message | Should -BeLike "*'README' has no format*"
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'a missing file fails with AttachmentUnreadable naming it' {
        $agent = New-StrandsAgent (New-Model openai)
        $missing = [System.IO.Path]::Combine($TestDrive, 'nope.png')
        $err = { Invoke-StrandsAgent $agent 'Read this.' -Attachment $missing } | Should -Throw -ErrorId 'AttachmentUnreadable,*' -PassThru
        $err.Exception.Message | Should -BeLike "*nope.png*"
    }

    It 'bytes without a format fail with InvalidArgument saying how to give one' {
        $agent = New-StrandsAgent (New-Model openai)
        $err = { Invoke-StrandsAgent $agent 'Read this.' -Attachment (, $pngBytes) } | Should -Throw -ErrorId 'InvalidArgument,*' -PassThru
        $err.Exception.Message | Should -BeLike "*Format = 'png'*"
    }
}

Describe 'Attachments stay in the conversation' {
    It 'a session saved with an image and a PDF loads them back and sends them again' {
        $path = [System.IO.Path]::Combine($TestDrive, 'attached.session.json')
        Reply-Text 'Seen.'
        $agent = New-StrandsAgent (New-Model anthropic) -SessionPath $path
        Invoke-StrandsAgent $agent 'Remember these.' -Attachment $png, $pdf | Out-Null

        $file = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json
        $content = $file.messages[0].content
        $content[0].image.format | Should -Be 'png'
        $content[0].image.source.bytes | Should -Be $pngB64
        $content[1].document.format | Should -Be 'pdf'
        $content[1].document.name | Should -Be 'Q3 report_v2.pdf'
        $content[1].document.source.bytes | Should -Be $pdfB64

        $start = $fake.Requests.Count
        Reply-Text 'Still there.'
        $again = New-StrandsAgent (New-Model anthropic) -SessionPath $path
        $again.Messages[0].Attachments | Should -Be 'chart.png, Q3 report_v2.pdf'
        $again.Messages[0].Text | Should -Be 'Remember these.'
        $again.Messages[1].Attachments | Should -BeNullOrEmpty
        Invoke-StrandsAgent $again 'And now?' | Out-Null
        $sent = $fake.Requests[$start]
        $sent.Rejection | Should -BeNullOrEmpty
        $first = @($sent.Json.RootElement.GetProperty('messages')[0].GetProperty('content').EnumerateArray())
        $first[0].GetProperty('source').GetProperty('data').GetString() | Should -Be $pngB64
        $first[1].GetProperty('title').GetString() | Should -Be 'Q3 report_v2.pdf'
    }

    It 'a session holding a document refuses a provider without documents before sending' {
        $path = [System.IO.Path]::Combine($TestDrive, 'doc.session.json')
        Reply-Text 'Seen.'
        $agent = New-StrandsAgent (New-Model openai) -SessionPath $path
        Invoke-StrandsAgent $agent 'Keep this.' -Attachment $pdf | Out-Null

        $start = $fake.Requests.Count
        $local = New-StrandsAgent (New-Model ollama_chat) -SessionPath $path
        $err = $null
        Invoke-StrandsAgent $local 'Summarise it.' -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $fake.Requests.Count | Should -Be $start
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AttachmentUnsupported,*'
        $local.MessageCount | Should -Be 2
    }
}

Describe 'Recordings keep attachments' {
    It 'replays a recorded call with its attachments offline, and a different file is a ReplayMismatch' {
        $path = [System.IO.Path]::Combine($TestDrive, 'attached.recording.json')
        Reply-Text 'Recorded.'
        $model = New-LiteLlmModel -ModelId 'gemini/gemini-2.5-flash' -ApiKey 'AIza-test' -ApiBase $base -MaxRetries 0 -RecordTo $path
        "$(Invoke-StrandsAgent (New-StrandsAgent $model) 'Describe it.' -Attachment $png, $pdf)" | Should -Be 'Recorded.'
        [System.IO.File]::ReadAllText($path) | Should -Match ([regex]::Escape($pdfB64))

        $start = $fake.Requests.Count
        $replay = New-LiteLlmModel -ModelId 'gemini/gemini-2.5-flash' -ReplayFrom $path
        "$(Invoke-StrandsAgent (New-StrandsAgent $replay) 'Describe it.' -Attachment $png, $pdf)" | Should -Be 'Recorded.'
        $fake.Requests.Count | Should -Be $start

        $other = [System.IO.Path]::Combine($TestDrive, 'other.pdf')
        [System.IO.File]::WriteAllBytes($other, [System.Text.Encoding]::ASCII.GetBytes('%PDF-1.7 other'))
        $replay = New-LiteLlmModel -ModelId 'gemini/gemini-2.5-flash' -ReplayFrom $path
        $err = $null
        Invoke-StrandsAgent (New-StrandsAgent $replay) 'Describe it.' -Attachment $png, $other -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ReplayMismatch,*'
    }
}
