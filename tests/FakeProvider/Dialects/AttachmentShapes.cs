using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Strands.FakeProvider.Dialects;

/// <summary>
/// The image and document shapes each API documents (the OpenAPI specs and Bedrock's service model),
/// checked strictly: unknown fields, wrong media types and undecodable base64 are refused as the
/// real services refuse them. Each method returns the rejection or null.
/// </summary>
internal static partial class AttachmentShapes
{
    private static readonly string[] ImageFormats = { "png", "jpeg", "gif", "webp" };
    private static readonly string[] DocumentFormats = { "pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md" };

    // Bedrock DocumentBlock.name: letters, digits, hyphens, parentheses, square brackets, single whitespace characters.
    [GeneratedRegex(@"^[A-Za-z0-9\-\(\)\[\]]+(\s[A-Za-z0-9\-\(\)\[\]]+)*$")]
    private static partial Regex BedrockDocumentName();

    [GeneratedRegex(@"^data:(?<type>[a-z]+/[a-zA-Z0-9.+\-]+);base64,(?<data>.*)$", RegexOptions.Singleline)]
    private static partial Regex DataUri();

    /// <summary>A user message's content parts: text, image_url (a data URI or URL), file (file_data as a data URI + filename).</summary>
    public static Rejection? OpenAiParts(JsonElement content, int messageIndex)
    {
        if (content.ValueKind != JsonValueKind.Array) return null;
        var j = 0;
        foreach (var part in content.EnumerateArray())
        {
            var where = $"messages[{messageIndex}].content[{j++}]";
            var type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) ? t.GetString() : null;
            switch (type)
            {
                case "text" or "refusal" or "input_audio":
                    break;
                case "image_url":
                    if (Unknown(part, "type", "image_url") is { } extraImage) return OpenAi($"Unrecognized request argument supplied: {extraImage}", where);
                    if (!part.TryGetProperty("image_url", out var image) || image.ValueKind != JsonValueKind.Object
                        || !image.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String)
                        return OpenAi("Missing required parameter: 'image_url.url'.", where + ".image_url.url");
                    if (Unknown(image, "url", "detail") is { } extraUrl) return OpenAi($"Unrecognized request argument supplied: {extraUrl}", where + ".image_url");
                    if (image.TryGetProperty("detail", out var detail) && detail.GetString() is not ("auto" or "low" or "high"))
                        return OpenAi($"Invalid value: '{detail}'. Supported values are: 'auto', 'low', and 'high'.", where + ".image_url.detail");
                    var text = url.GetString()!;
                    if (!text.StartsWith("http", StringComparison.Ordinal)
                        && !(DataUri().Match(text) is { Success: true } m && m.Groups["type"].Value.StartsWith("image/", StringComparison.Ordinal) && IsBase64(m.Groups["data"].Value)))
                        return OpenAi("Invalid image_url: expected a URL or a base64 data URI of an image (data:image/<format>;base64,...).", where + ".image_url.url");
                    break;
                case "file":
                    if (Unknown(part, "type", "file") is { } extraFile) return OpenAi($"Unrecognized request argument supplied: {extraFile}", where);
                    if (!part.TryGetProperty("file", out var file) || file.ValueKind != JsonValueKind.Object)
                        return OpenAi("Missing required parameter: 'file'.", where + ".file");
                    if (Unknown(file, "file_data", "file_id", "filename") is { } extraData) return OpenAi($"Unrecognized request argument supplied: {extraData}", where + ".file");
                    if (file.TryGetProperty("file_data", out var data))
                    {
                        if (!(DataUri().Match(data.GetString() ?? string.Empty) is { Success: true } d && IsBase64(d.Groups["data"].Value)))
                            return OpenAi("Invalid 'file_data': expected a base64 data URI (data:<media type>;base64,...).", where + ".file.file_data");
                        if (!file.TryGetProperty("filename", out var name) || name.GetString() is not { Length: > 0 })
                            return OpenAi("Missing required parameter: 'filename' (required with 'file_data').", where + ".file.filename");
                    }
                    else if (!file.TryGetProperty("file_id", out _))
                        return OpenAi("Missing required parameter: one of 'file_data' or 'file_id'.", where + ".file");
                    break;
                default:
                    return OpenAi($"Invalid value: '{type}'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', and 'file'.", where + ".type");
            }
        }

        return null;
    }

    /// <summary>Anthropic image blocks (Base64ImageSource) and document blocks (Base64PDFSource or PlainTextSource).</summary>
    public static Rejection? AnthropicBlock(JsonElement block, string where)
    {
        var type = block.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type == "image")
        {
            if (Unknown(block, "type", "source", "cache_control") is { } extra) return Anthropic($"{where}.{extra}: Extra inputs are not permitted");
            if (!block.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.Object) return Anthropic($"{where}.source: Field required");
            if (Unknown(source, "type", "media_type", "data") is { } extraSource) return Anthropic($"{where}.source.{extraSource}: Extra inputs are not permitted");
            if (Str(source, "type") != "base64") return Anthropic($"{where}.source.type: Input should be 'base64' or 'url'");
            if (Str(source, "media_type") is not ("image/jpeg" or "image/png" or "image/gif" or "image/webp"))
                return Anthropic($"{where}.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'");
            if (!IsBase64(Str(source, "data"))) return Anthropic($"{where}.source.data: Invalid base64 data");
        }
        else if (type == "document")
        {
            if (Unknown(block, "type", "source", "title", "context", "citations", "cache_control") is { } extra) return Anthropic($"{where}.{extra}: Extra inputs are not permitted");
            if (!block.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.Object) return Anthropic($"{where}.source: Field required");
            if (Unknown(source, "type", "media_type", "data") is { } extraSource) return Anthropic($"{where}.source.{extraSource}: Extra inputs are not permitted");
            switch (Str(source, "type"))
            {
                case "base64":
                    if (Str(source, "media_type") != "application/pdf") return Anthropic($"{where}.source.base64.media_type: Input should be 'application/pdf'");
                    if (!IsBase64(Str(source, "data"))) return Anthropic($"{where}.source.base64.data: Invalid base64 data");
                    break;
                case "text":
                    if (Str(source, "media_type") != "text/plain") return Anthropic($"{where}.source.text.media_type: Input should be 'text/plain'");
                    if (Str(source, "data") is null) return Anthropic($"{where}.source.text.data: Field required");
                    break;
                default:
                    return Anthropic($"{where}.source: Input tag '{Str(source, "type")}' found using 'type' does not match any of the expected tags: 'base64', 'content', 'text', 'url'");
            }
        }

        return null;
    }

    /// <summary>Bedrock ImageBlock and DocumentBlock in a message's content.</summary>
    public static Rejection? BedrockBlock(JsonElement block, string where)
    {
        if (block.TryGetProperty("image", out var image))
        {
            if (Unknown(image, "format", "source") is { } extra) return Bedrock($"Unknown field '{extra}' at '{where}.image'");
            if (!ImageFormats.Contains(Str(image, "format")))
                return Bedrock($"1 validation error detected: Value '{Str(image, "format")}' at '{where}.member.image.format' failed to satisfy constraint: Member must satisfy enum value set: [png, jpeg, gif, webp]");
            return BedrockBytes(image, where + ".member.image.source");
        }

        if (block.TryGetProperty("document", out var document))
        {
            if (Unknown(document, "format", "name", "source", "context", "citations") is { } extra) return Bedrock($"Unknown field '{extra}' at '{where}.document'");
            if (!DocumentFormats.Contains(Str(document, "format")))
                return Bedrock($"1 validation error detected: Value '{Str(document, "format")}' at '{where}.member.document.format' failed to satisfy constraint: Member must satisfy enum value set: [pdf, csv, doc, docx, xls, xlsx, html, txt, md]");
            var name = Str(document, "name");
            if (name is not { Length: >= 1 and <= 200 } || !BedrockDocumentName().IsMatch(name))
                return Bedrock("The document file name can only contain alphanumeric characters, whitespace characters, hyphens, parentheses, and square brackets. The name can't contain more than one consecutive whitespace character.");
            return BedrockBytes(document, where + ".member.document.source");
        }

        return null;
    }

    /// <summary>Gemini inlineData parts (camelCase or snake_case, as proto-JSON reads both).</summary>
    public static Rejection? GeminiPart(JsonElement part, string where)
    {
        if (!(part.TryGetProperty("inlineData", out var inline) || part.TryGetProperty("inline_data", out inline))) return null;
        if (Unknown(inline, "mimeType", "mime_type", "data") is { } extra) return Gemini($"Invalid JSON payload received. Unknown name \"{extra}\" at '{where}.inline_data': Cannot find field.");
        var mime = Str(inline, "mimeType") ?? Str(inline, "mime_type");
        if (mime is not { Length: > 0 } || !mime.Contains('/')) return Gemini($"* GenerateContentRequest.{where}.inline_data.mime_type: mime_type is not specified\n");
        if (!IsBase64(Str(inline, "data"))) return Gemini($"Invalid value at '{where}.inline_data.data' (TYPE_BYTES), Base64 decoding failed");
        return null;
    }

    /// <summary>Ollama's images: an array of plain base64 strings (Go decodes them as []byte).</summary>
    public static Rejection? OllamaImages(JsonElement message)
    {
        if (!message.TryGetProperty("images", out var images)) return null;
        if (images.ValueKind != JsonValueKind.Array) return new Rejection(400, "json: cannot unmarshal value into Go struct field Message.messages.images of type []api.ImageData");
        foreach (var image in images.EnumerateArray())
        {
            if (image.ValueKind != JsonValueKind.String || !IsBase64(image.GetString()))
                return new Rejection(400, "illegal base64 data at input byte 4");
        }

        return null;
    }

    private static Rejection? BedrockBytes(JsonElement owner, string where)
    {
        if (!owner.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.Object) return Bedrock($"1 validation error detected: Value null at '{where}' failed to satisfy constraint: Member must not be null");
        if (Unknown(source, "bytes", "s3Location", "text", "content") is { } extra) return Bedrock($"Unknown field '{extra}' at '{where}'");
        var bytes = Str(source, "bytes");
        if (bytes is not { Length: > 0 } || !IsBase64(bytes)) return Bedrock($"1 validation error detected: Value at '{where}.bytes' failed to satisfy constraint: Member must have length greater than or equal to 1 and be base64");
        return null;
    }

    private static string? Unknown(JsonElement e, params string[] allowed) =>
        e.ValueKind == JsonValueKind.Object ? e.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !allowed.Contains(n)) : null;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool IsBase64(string? text) =>
        text is { Length: > 0 } && text.Length % 4 == 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static Rejection OpenAi(string message, string param) => new(400, message, param, "invalid_value");

    private static Rejection Anthropic(string message) => new(400, message);

    private static Rejection Bedrock(string message) => new(400, message, Code: "ValidationException");

    private static Rejection Gemini(string message) => new(400, message);
}
