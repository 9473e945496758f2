using System.Text;
using Strands.FakeProvider;
using Xunit;

namespace Strands.Tests.FakeProvider;

/// <summary>
/// The fake's strict checks of image and document shapes accept exactly what each API documents:
/// the shapes the adapters write pass, and the mistakes the real services refuse are refused.
/// </summary>
public sealed class AttachmentShapeTests : IAsyncLifetime
{
    private const string B64 = "JVBERi0xLjQ=";
    private FakeProviderServer _server = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync() => _server = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    public static TheoryData<string, string, bool, string> Cases() => new()
    {
        // OpenAI: data URIs for images, file parts with file_data + filename.
        { "openai", $$$"""{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{B64}}}","detail":"auto"}}""", true, "" },
        { "openai", $$$"""{"type":"file","file":{"file_data":"data:application/pdf;base64,{{{B64}}}","filename":"a.pdf"}}""", true, "" },
        { "openai", $$$"""{"type":"file","file":{"file_data":"data:application/pdf;base64,{{{B64}}}"}}""", false, "filename" },
        { "openai", $$$"""{"type":"file","file":{"file_data":"{{{B64}}}","filename":"a.pdf"}}""", false, "data URI" },
        { "openai", $$$"""{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{B64}}}","detail":"max"}}""", false, "'auto', 'low', and 'high'" },
        { "openai", """{"type":"document","document":{}}""", false, "Supported values" },
        // Anthropic: base64 PDFs and plain-text sources only.
        { "anthropic", $$$"""{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"{{{B64}}}"},"title":"a.pdf"}""", true, "" },
        { "anthropic", """{"type":"document","source":{"type":"text","media_type":"text/plain","data":"# hi"},"title":"a.md"}""", true, "" },
        { "anthropic", $$$"""{"type":"document","source":{"type":"base64","media_type":"text/markdown","data":"{{{B64}}}"}}""", false, "application/pdf" },
        { "anthropic", $$$"""{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"{{{B64}}}"},"name":"a.pdf"}""", false, "Extra inputs" },
        { "anthropic", $$$"""{"type":"image","source":{"type":"base64","media_type":"image/bmp","data":"{{{B64}}}"}}""", false, "media_type" },
        // Bedrock: formats from the enums, a document name of the allowed characters.
        { "bedrock", $$$$"""{"document":{"format":"pdf","name":"Q3 report-v2","source":{"bytes":"{{{{B64}}}}"}}}""", true, "" },
        { "bedrock", $$$$"""{"document":{"format":"pdf","name":"report.pdf","source":{"bytes":"{{{{B64}}}}"}}}""", false, "document file name" },
        { "bedrock", $$$$"""{"document":{"format":"pdf","name":"two  spaces","source":{"bytes":"{{{{B64}}}}"}}}""", false, "document file name" },
        { "bedrock", $$$$"""{"image":{"format":"jpg","source":{"bytes":"{{{{B64}}}}"}}}""", false, "enum value set" },
        // Gemini: inlineData with a media type and base64 data.
        { "gemini", $$$"""{"inlineData":{"mimeType":"application/pdf","data":"{{{B64}}}"}}""", true, "" },
        { "gemini", $$$"""{"inlineData":{"data":"{{{B64}}}"}}""", false, "mime_type" },
        { "gemini", """{"inlineData":{"mimeType":"image/png","data":"not base64!"}}""", false, "Base64 decoding failed" },
        // Ollama: plain base64 strings, not data URIs.
        { "ollama", $"\"{B64}\"", true, "" },
        { "ollama", $"\"data:image/png;base64,{B64}\"", false, "illegal base64" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Attachment_shapes_are_checked_as_the_API_documents(string provider, string item, bool accepted, string refusal)
    {
        var (path, body, headers) = provider switch
        {
            "openai" => ("/v1/chat/completions", $$"""{"model":"m","messages":[{"role":"user","content":[{{item}},{"type":"text","text":"hi"}]}]}""",
                new[] { ("Authorization", "Bearer k") }),
            "anthropic" => ("/v1/messages", $$"""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{{item}},{"type":"text","text":"hi"}]}]}""",
                new[] { ("x-api-key", "k"), ("anthropic-version", "2023-06-01") }),
            "bedrock" => ("/model/m/converse", $$"""{"messages":[{"role":"user","content":[{{item}},{"text":"hi"}]}]}""",
                new[] { ("Authorization", "Bearer k") }),
            "gemini" => ("/v1beta/models/m:generateContent", $$"""{"contents":[{"role":"user","parts":[{{item}},{"text":"hi"}]}]}""",
                new[] { ("x-goog-api-key", "k") }),
            _ => ("/api/chat", $$"""{"model":"m","stream":false,"messages":[{"role":"user","content":"hi","images":[{{item}}]}]}""",
                Array.Empty<(string, string)>()),
        };
        if (accepted) _server.Enqueue(FakeReply.Text("ok"));

        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseUrl, path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers) message.Headers.TryAddWithoutValidation(name, value);
        using var response = await _http.SendAsync(message);

        if (accepted)
        {
            Assert.Null(_server.LastRequest.Rejection);
            Assert.Equal(200, (int)response.StatusCode);
        }
        else
        {
            Assert.Equal(400, (int)response.StatusCode);
            Assert.Contains(refusal, _server.LastRequest.Rejection);
        }
    }
}
