using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Strands.FakeProvider.Dialects;

/// <summary>generateContent request rules, with Google's error statuses and messages.</summary>
internal static class GeminiValidator
{
    // Proto-JSON accepts both the camelCase and the snake_case spelling of each field.
    private static readonly HashSet<string> TopLevel = new()
    {
        "contents", "tools", "toolConfig", "tool_config", "safetySettings", "safety_settings", "systemInstruction",
        "system_instruction", "generationConfig", "generation_config", "cachedContent", "cached_content", "model",
    };

    public static Rejection? Validate(DialectRequest request)
    {
        // An API key, or an OAuth token (what Vertex AI takes).
        var hasKey = (request.Headers.TryGetValue("x-goog-api-key", out var key) && key.Length > 0) || request.Query["key"].ToString().Length > 0
            || (request.Headers.TryGetValue("authorization", out var auth) && auth.StartsWith("Bearer ", System.StringComparison.Ordinal) && auth.Length > 7);
        if (!hasKey)
        {
            return new Rejection(403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
        }

        if (request.Body is not { } body)
        {
            return new Rejection(400, "Invalid JSON payload received. Expected an object.");
        }

        foreach (var property in body.EnumerateObject())
        {
            if (!TopLevel.Contains(property.Name))
            {
                return new Rejection(400, $"Invalid JSON payload received. Unknown name \"{property.Name}\": Cannot find field.");
            }
        }

        if (!body.TryGetProperty("contents", out var contentsElement) || contentsElement.ValueKind != JsonValueKind.Array || contentsElement.GetArrayLength() == 0)
        {
            return new Rejection(400, "* GenerateContentRequest.contents: contents is not specified\n");
        }

        var contents = contentsElement.EnumerateArray().ToList();
        for (var i = 0; i < contents.Count; i++)
        {
            var content = contents[i];
            var role = content.ValueKind == JsonValueKind.Object && content.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (role is not (null or "user" or "model"))
            {
                return new Rejection(400, "Please use a valid role: user, model.");
            }

            if (!content.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array || parts.GetArrayLength() == 0)
            {
                return new Rejection(400, $"* GenerateContentRequest.contents[{i}].parts: contents.parts must not be empty.\n");
            }

            var p = 0;
            foreach (var part in parts.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object && AttachmentShapes.GeminiPart(part, $"contents[{i}].parts[{p++}]") is { } shape)
                {
                    return shape;
                }
            }

            var responses = Count(content, "functionResponse");
            if (responses == 0)
            {
                continue;
            }

            var calls = i > 0 && Role(contents[i - 1]) == "model" ? Count(contents[i - 1], "functionCall") : 0;
            if (calls == 0)
            {
                return new Rejection(400, "Please ensure that function response turn comes immediately after a function call turn.");
            }

            if (calls != responses)
            {
                return new Rejection(400, "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.");
            }
        }

        return null;
    }

    private static string? Role(JsonElement content) =>
        content.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;

    private static int Count(JsonElement content, string partKind) =>
        content.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array
            ? parts.EnumerateArray().Count(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty(partKind, out _))
            : 0;
}
