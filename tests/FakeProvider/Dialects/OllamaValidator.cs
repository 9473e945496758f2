using System.Text.Json;

namespace Strands.FakeProvider.Dialects;

/// <summary>The /api/chat checks Ollama's Go server performs while decoding, with its error texts.</summary>
internal static class OllamaValidator
{
    public static Rejection? Validate(DialectRequest request)
    {
        if (request.Body is not { } body)
        {
            return new Rejection(400, "invalid character in request body: expected a JSON object");
        }

        if (request.BodyString("model") is not { Length: > 0 })
        {
            return new Rejection(400, "model is required");
        }

        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var message in messages.EnumerateArray())
        {
            var role = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (role is not ("system" or "user" or "assistant" or "tool"))
            {
                return new Rejection(400, $"invalid role: {role ?? "(missing)"}, role must be one of [system, user, assistant, tool]");
            }

            if (AttachmentShapes.OllamaImages(message) is { } images)
            {
                return images;
            }

            if (!message.TryGetProperty("tool_calls", out var calls) || calls.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var call in calls.EnumerateArray())
            {
                // OpenAI habits (arguments as a JSON string) fail Go's decoding of the arguments map.
                if (call.TryGetProperty("function", out var function) && function.TryGetProperty("arguments", out var arguments)
                    && arguments.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                {
                    return new Rejection(400, $"json: cannot unmarshal {GoKind(arguments)} into Go struct field ChatRequest.messages.tool_calls.function.arguments of type api.ToolCallFunctionArguments");
                }
            }
        }

        return null;
    }

    private static string GoKind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Array => "array",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "value",
    };
}
