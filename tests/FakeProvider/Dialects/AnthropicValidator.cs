using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Strands.FakeProvider.Dialects;

/// <summary>The Messages API request rules, with the real API's (pydantic-style) error messages.</summary>
internal static partial class AnthropicValidator
{
    [GeneratedRegex(@"^([a-z_]+_\d{8}|mcp_toolset)$")]
    private static partial Regex VersionedToolType();

    // CreateMessageParams plus the beta fields; the real API forbids anything else.
    private static readonly HashSet<string> TopLevel = new()
    {
        "model", "messages", "max_tokens", "cache_control", "container", "context_management", "inference_geo",
        "mcp_servers", "metadata", "output_config", "output_format", "service_tier", "speed", "stop_sequences",
        "stream", "system", "temperature", "thinking", "tool_choice", "tools", "top_k", "top_p", "user_profile_id",
    };

    [GeneratedRegex(@"^/v1/projects/[^/]+/locations/[^/]+/publishers/anthropic/models/[^/:]+:(streamRawPredict|rawPredict)$")]
    private static partial Regex VertexRoute();

    /// <summary>Whether the path is Claude on Vertex AI: the model in the URL, <c>anthropic_version</c> in the body, an OAuth token.</summary>
    public static bool IsVertex(string path) => VertexRoute().IsMatch(path);

    public static Rejection? Validate(DialectRequest request)
    {
        var vertex = IsVertex(request.RawPath);
        var bearer = request.Headers.TryGetValue("authorization", out var auth) && auth.StartsWith("Bearer ", System.StringComparison.Ordinal);
        if (vertex ? !bearer : !(bearer || request.Headers.ContainsKey("x-api-key")))
        {
            return new Rejection(401, vertex ? "Request had invalid authentication credentials. Expected OAuth 2 access token." : "x-api-key header is required");
        }

        if (!vertex && !request.Headers.ContainsKey("anthropic-version"))
        {
            return new Rejection(400, "anthropic-version: header is required");
        }

        if (request.Body is not { } body)
        {
            return new Rejection(400, "There was an error parsing the body of your request: the body must be a JSON object.");
        }

        foreach (var property in body.EnumerateObject())
        {
            if (vertex ? property.Name == "model" || !(TopLevel.Contains(property.Name) || property.Name == "anthropic_version") : !TopLevel.Contains(property.Name))
            {
                return new Rejection(400, $"{property.Name}: Extra inputs are not permitted");
            }
        }

        if (vertex && (!body.TryGetProperty("anthropic_version", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "vertex-2023-10-16"))
        {
            return new Rejection(400, "anthropic_version: Input should be 'vertex-2023-10-16'");
        }

        foreach (var required in vertex ? new[] { "messages", "max_tokens" } : new[] { "model", "messages", "max_tokens" })
        {
            if (!body.TryGetProperty(required, out _))
            {
                return new Rejection(400, $"{required}: Field required");
            }
        }

        if (body.GetProperty("max_tokens") is var maxTokens && (maxTokens.ValueKind != JsonValueKind.Number || !maxTokens.TryGetInt32(out var max) || max < 1))
        {
            return new Rejection(400, "max_tokens: Input should be a valid integer greater than or equal to 1");
        }

        var messages = body.GetProperty("messages");
        if (messages.ValueKind != JsonValueKind.Array)
        {
            return new Rejection(400, "messages: Input should be a valid list");
        }

        return ValidateTools(body) ?? ValidateMessages(messages.EnumerateArray().ToList());
    }

    /// <summary>Catches OpenAI-shaped tools (<c>function.parameters</c>) sent to Anthropic; server tools (typed) pass.</summary>
    private static Rejection? ValidateTools(JsonElement body)
    {
        if (!body.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var type = tool.TryGetProperty("type", out var t) ? t.GetString() : null;
            // Server tools are versioned by date (web_search_20250305, bash_20250124…); anything else is a foreign shape.
            if (type is not null && type != "custom" && !VersionedToolType().IsMatch(type))
            {
                return new Rejection(400, $"tools.{i}: Input tag '{type}' found using 'type' does not match any of the expected tags: 'custom' or a versioned server tool type");
            }

            if (type is null or "custom")
            {
                foreach (var required in new[] { "name", "input_schema" })
                {
                    if (!tool.TryGetProperty(required, out _))
                    {
                        return new Rejection(400, $"tools.{i}.custom.{required}: Field required");
                    }
                }
            }

            i++;
        }

        return null;
    }

    private static Rejection? ValidateMessages(IReadOnlyList<JsonElement> messages)
    {
        if (messages.Count == 0)
        {
            return new Rejection(400, "messages: at least one message is required");
        }

        string? previousRole = null;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.ValueKind != JsonValueKind.Object)
            {
                return new Rejection(400, $"messages.{i}: Input should be a valid dictionary");
            }

            var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (role is not ("user" or "assistant"))
            {
                return new Rejection(400, $"messages.{i}.role: Input should be 'user' or 'assistant'");
            }

            if (!message.TryGetProperty("content", out var content) || content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
            {
                return new Rejection(400, $"messages.{i}.content: Field required");
            }

            if (i == 0 && role != "user")
            {
                return new Rejection(400, "messages: first message must use the \"user\" role");
            }

            if (role == previousRole)
            {
                return new Rejection(400, $"messages: roles must alternate between \"user\" and \"assistant\", but found multiple \"{role}\" roles in a row");
            }

            previousRole = role;
            var k = 0;
            foreach (var block in Blocks(content))
            {
                if (AttachmentShapes.AnthropicBlock(block, $"messages.{i}.content.{k++}") is { } shape)
                {
                    return shape;
                }
            }

            if (role == "user")
            {
                var available = i > 0 ? BlockIds(messages[i - 1], "tool_use", "id") : new HashSet<string>();
                var j = 0;
                foreach (var block in Blocks(content))
                {
                    if (Type(block) == "tool_result" && !(block.TryGetProperty("tool_use_id", out var useId) && available.Contains(useId.GetString() ?? string.Empty)))
                    {
                        var shown = block.TryGetProperty("tool_use_id", out var shownId) ? shownId.ToString() : "(missing)";
                        return new Rejection(400, $"messages.{i}.content.{j}: unexpected `tool_use_id` found in `tool_result` blocks: {shown}. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.");
                    }

                    j++;
                }
            }
            else if (i + 1 < messages.Count)
            {
                var answered = BlockIds(messages[i + 1], "tool_result", "tool_use_id");
                var uses = BlockIds(message, "tool_use", "id");
                var missing = uses.Where(id => !answered.Contains(id)).ToList();
                // A result for an unknown id is the more telling error; it is reported at the next message.
                if (missing.Count > 0 && answered.IsSubsetOf(uses))
                {
                    return new Rejection(400, $"messages.{i}: `tool_use` ids were found without `tool_result` blocks immediately after: {string.Join(", ", missing)}. Each `tool_use` block must have a corresponding `tool_result` block in the next message.");
                }
            }
        }

        return null;
    }

    private static IEnumerable<JsonElement> Blocks(JsonElement content) =>
        content.ValueKind == JsonValueKind.Array ? content.EnumerateArray() : Enumerable.Empty<JsonElement>();

    private static string? Type(JsonElement block) =>
        block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    private static HashSet<string> BlockIds(JsonElement message, string type, string idProperty)
    {
        var ids = new HashSet<string>();
        if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content))
        {
            foreach (var block in Blocks(content))
            {
                if (Type(block) == type && block.TryGetProperty(idProperty, out var id) && id.ValueKind == JsonValueKind.String)
                {
                    ids.Add(id.GetString()!);
                }
            }
        }

        return ids;
    }
}
