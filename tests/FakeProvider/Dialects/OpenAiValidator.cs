using System.Collections.Generic;
using System.Text.Json;

namespace Strands.FakeProvider.Dialects;

/// <summary>
/// The request rules of POST /chat/completions that client bugs typically break, with OpenAI's own
/// messages, params and codes (the proxy forwards these verbatim from the upstream).
/// </summary>
internal static class OpenAiValidator
{
    private static readonly HashSet<string> Roles = new() { "system", "developer", "user", "assistant", "tool", "function" };

    public static Rejection? Validate(DialectRequest request)
    {
        if (OpenAiDialect.IsAzure(request.RawPath) && !request.Query.ContainsKey("api-version"))
        {
            return new Rejection(404, "Resource not found", null, "404");
        }

        if (request.Body is not { } body)
        {
            return new Rejection(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)");
        }

        if (!body.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || model.GetString()!.Length == 0)
        {
            // Azure takes the model from the deployment in the path.
            if (!OpenAiDialect.IsAzure(request.RawPath))
            {
                return new Rejection(400, "you must provide a model parameter");
            }
        }

        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind == JsonValueKind.Null)
        {
            return Missing("messages");
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            return InvalidType("messages", "an array", messages);
        }

        if (messages.GetArrayLength() == 0)
        {
            return new Rejection(400, "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages", "empty_array");
        }

        if (body.TryGetProperty("stream_options", out var streamOptions) && streamOptions.ValueKind != JsonValueKind.Null
            && !(body.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True))
        {
            return new Rejection(400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
        }

        return ValidateTools(body) ?? ValidateMessages(messages);
    }

    private static Rejection? ValidateTools(JsonElement body)
    {
        if (!body.TryGetProperty("tools", out var tools) || tools.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            return InvalidType("tools", "an array", tools);
        }

        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
            {
                return Missing($"tools[{i}].function");
            }

            if (!function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                return Missing($"tools[{i}].function.name");
            }

            i++;
        }

        return null;
    }

    private static Rejection? ValidateMessages(JsonElement messages)
    {
        // Ids of the latest assistant tool_calls still waiting for a tool message; null when the
        // previous message was not part of a tool-call exchange at all.
        List<string>? pending = null;
        var pendingIndex = -1;
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                return InvalidType($"messages[{index}]", "an object", message);
            }

            if (!message.TryGetProperty("role", out var roleElement) || roleElement.ValueKind != JsonValueKind.String)
            {
                return Missing($"messages[{index}].role");
            }

            var role = roleElement.GetString()!;
            if (!Roles.Contains(role))
            {
                return new Rejection(400, $"Invalid value: '{role}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.", $"messages[{index}].role", "invalid_value");
            }

            var hasToolCalls = message.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array && toolCalls.GetArrayLength() > 0;
            var hasContent = message.TryGetProperty("content", out var content) && content.ValueKind != JsonValueKind.Null;
            if (!hasContent && !(role == "assistant" && (hasToolCalls || message.TryGetProperty("function_call", out _))))
            {
                return Missing($"messages[{index}].content");
            }

            if (role == "user" && AttachmentShapes.OpenAiParts(content, index) is { } part)
            {
                return part;
            }

            if (role == "tool")
            {
                if (!message.TryGetProperty("tool_call_id", out var callId) || callId.ValueKind != JsonValueKind.String)
                {
                    return Missing($"messages[{index}].tool_call_id");
                }

                if (pending is null || !pending.Remove(callId.GetString()!))
                {
                    return new Rejection(400, "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", $"messages.[{index}].role");
                }

                index++;
                continue;
            }

            if (pending is { Count: > 0 })
            {
                return Unanswered(pendingIndex, pending);
            }

            pending = null;
            if (role == "assistant" && hasToolCalls)
            {
                var shape = ValidateToolCalls(toolCalls, index, out var ids);
                if (shape is not null)
                {
                    return shape;
                }

                pending = ids;
                pendingIndex = index;
            }

            index++;
        }

        return pending is { Count: > 0 } ? Unanswered(pendingIndex, pending) : null;
    }

    private static Rejection? ValidateToolCalls(JsonElement toolCalls, int messageIndex, out List<string> ids)
    {
        ids = new List<string>();
        var i = 0;
        foreach (var call in toolCalls.EnumerateArray())
        {
            var at = $"messages[{messageIndex}].tool_calls[{i}]";
            if (!call.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
            {
                return Missing(at + ".id");
            }

            if (!call.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return Missing(at + ".type");
            }

            if (!call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
            {
                return Missing(at + ".function");
            }

            if (!function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                return Missing(at + ".function.name");
            }

            if (!function.TryGetProperty("arguments", out var arguments))
            {
                return Missing(at + ".function.arguments");
            }

            if (arguments.ValueKind != JsonValueKind.String)
            {
                return InvalidType(at + ".function.arguments", "a string", arguments);
            }

            ids.Add(id.GetString()!);
            i++;
        }

        return null;
    }

    private static Rejection Unanswered(int assistantIndex, IEnumerable<string> ids) => new(
        400,
        "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: " + string.Join(", ", ids),
        $"messages.[{assistantIndex}].role");

    private static Rejection Missing(string param) =>
        new(400, $"Missing required parameter: '{param}'.", param, "missing_required_parameter");

    private static Rejection InvalidType(string param, string expected, JsonElement actual) =>
        new(400, $"Invalid type for '{param}': expected {expected}, but got {Describe(actual)} instead.", param, "invalid_type");

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
