using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Strands.FakeProvider.Dialects;

/// <summary>Bedrock's auth-header checks and Converse request rules, with AWS's error types and messages.</summary>
internal static partial class BedrockValidator
{
    private static readonly HashSet<string> TopLevel = new()
    {
        "messages", "system", "inferenceConfig", "toolConfig", "additionalModelRequestFields", "additionalModelResponseFieldPaths",
        "guardrailConfig", "promptVariables", "requestMetadata", "performanceConfig", "serviceTier", "outputConfig",
    };

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<akid>[A-Z0-9]{4,128})/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, ?SignedHeaders=(?<signed>[a-z0-9;.\-]+), ?Signature=[0-9a-f]{64}$")]
    private static partial Regex SigV4();

    [GeneratedRegex(@"^\d{8}T\d{6}Z$")]
    private static partial Regex AmzDate();

    public static Rejection? Validate(DialectRequest request) =>
        ValidateAuth(request.Headers) ?? ValidateBody(request);

    private static Rejection? ValidateAuth(IReadOnlyDictionary<string, string> headers)
    {
        if (!headers.TryGetValue("authorization", out var authorization) || authorization.Length == 0)
        {
            return new Rejection(403, "Missing Authentication Token", Code: "MissingAuthenticationTokenException");
        }

        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return authorization.Length > "Bearer ".Length ? null : new Rejection(403, "Invalid API Key format: Must start with pre-defined prefix", Code: "AccessDeniedException");
        }

        var match = SigV4().Match(authorization);
        if (!match.Success)
        {
            return new Rejection(403, $"Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters of a valid AWS4-HMAC-SHA256 signature. Authorization={authorization}", Code: "IncompleteSignatureException");
        }

        if (match.Groups["service"].Value != "bedrock")
        {
            return new Rejection(403, $"Credential should be scoped to correct service: 'bedrock'.", Code: "InvalidSignatureException");
        }

        if (!headers.TryGetValue("x-amz-date", out var amzDate) || !AmzDate().IsMatch(amzDate))
        {
            return new Rejection(403, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", Code: "IncompleteSignatureException");
        }

        if (!amzDate.StartsWith(match.Groups["date"].Value, StringComparison.Ordinal))
        {
            return new Rejection(403, $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{match.Groups["date"].Value}' != '{amzDate[..8]}'", Code: "InvalidSignatureException");
        }

        var signed = match.Groups["signed"].Value.Split(';');
        if (!signed.Contains("host") || !signed.Contains("x-amz-date"))
        {
            return new Rejection(403, "The request signature we calculated does not match the signature you provided: SignedHeaders must include host and x-amz-date.", Code: "InvalidSignatureException");
        }

        // Temporary (ASIA…) credentials are useless without their session token.
        if (match.Groups["akid"].Value.StartsWith("ASIA", StringComparison.Ordinal) && !headers.ContainsKey("x-amz-security-token"))
        {
            return new Rejection(403, "The security token included in the request is invalid.", Code: "UnrecognizedClientException");
        }

        return null;
    }

    private static Rejection? ValidateBody(DialectRequest request)
    {
        if (request.Body is not { } body)
        {
            return Invalid("Malformed input request, please reformat your input and try again.");
        }

        foreach (var property in body.EnumerateObject())
        {
            if (!TopLevel.Contains(property.Name))
            {
                return Invalid($"Malformed input request: extraneous key [{property.Name}] is not permitted, please reformat your input and try again.");
            }
        }

        if (ValidateTools(body) is { } toolProblem)
        {
            return toolProblem;
        }

        if (!body.TryGetProperty("messages", out var messagesElement) || messagesElement.ValueKind != JsonValueKind.Array || messagesElement.GetArrayLength() == 0)
        {
            return Invalid("A conversation must start with a user message. Try again with a conversation that starts with a user message.");
        }

        var messages = messagesElement.EnumerateArray().ToList();
        string? previousRole = null;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var role = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (role is not ("user" or "assistant"))
            {
                return Invalid($"1 validation error detected: Value '{role}' at 'messages.{i + 1}.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]");
            }

            if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
            {
                return Invalid($"1 validation error detected: Value null at 'messages.{i + 1}.member.content' failed to satisfy constraint: Member must not be null");
            }

            if (i == 0 && role != "user")
            {
                return Invalid("A conversation must start with a user message. Try again with a conversation that starts with a user message.");
            }

            if (role == previousRole)
            {
                return Invalid("A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.");
            }

            previousRole = role;
            var k = 0;
            foreach (var block in content.EnumerateArray())
            {
                if (block.ValueKind == JsonValueKind.Object && AttachmentShapes.BedrockBlock(block, $"messages.{i + 1}.member.content.{++k}") is { } shape)
                {
                    return shape;
                }
            }

            var results = Ids(content, "toolResult");
            if (results.Count > 0)
            {
                var uses = i > 0 ? Ids(messages[i - 1].GetProperty("content"), "toolUse") : new List<string>();
                if (results.Count > uses.Count)
                {
                    return Invalid($"The number of toolResult blocks at messages.{i}.content exceeds the number of toolUse blocks of previous turn.");
                }

                var unknown = results.Where(id => !uses.Contains(id)).ToList();
                if (unknown.Count > 0)
                {
                    return Invalid($"The toolUseId {unknown[0]} at messages.{i}.content does not match any toolUse block of the previous turn.");
                }
            }

            if (role == "assistant" && i + 1 < messages.Count)
            {
                var uses = Ids(content, "toolUse");
                var next = messages[i + 1];
                var answered = next.ValueKind == JsonValueKind.Object && next.TryGetProperty("content", out var nextContent) ? Ids(nextContent, "toolResult") : new List<string>();
                var missing = uses.Where(id => !answered.Contains(id)).ToList();
                // A result for an unknown id is the more telling error; it is reported at the next message.
                if (missing.Count > 0 && answered.All(uses.Contains))
                {
                    return Invalid($"Expected toolResult blocks at messages.{i + 1}.content for the following Ids: {string.Join(", ", missing)}");
                }
            }
        }

        return null;
    }

    /// <summary>Each tool is a union (toolSpec / systemTool / cachePoint); a toolSpec's schema must be wrapped in <c>inputSchema.json</c>.</summary>
    private static Rejection? ValidateTools(JsonElement body)
    {
        if (!body.TryGetProperty("toolConfig", out var toolConfig) || toolConfig.ValueKind != JsonValueKind.Object
            || !toolConfig.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var member = 1;
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.TryGetProperty("toolSpec", out var spec))
            {
                if (!spec.TryGetProperty("name", out _))
                {
                    return Invalid($"1 validation error detected: Value null at 'toolConfig.tools.{member}.member.toolSpec.name' failed to satisfy constraint: Member must not be null");
                }

                if (!spec.TryGetProperty("inputSchema", out var schema) || schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("json", out _))
                {
                    return Invalid($"1 validation error detected: Value null at 'toolConfig.tools.{member}.member.toolSpec.inputSchema.json' failed to satisfy constraint: Member must not be null");
                }
            }
            else if (!tool.TryGetProperty("cachePoint", out _) && !tool.TryGetProperty("systemTool", out _))
            {
                return Invalid($"Malformed input request: toolConfig.tools.{member} must set exactly one of toolSpec, systemTool or cachePoint, please reformat your input and try again.");
            }

            member++;
        }

        return null;
    }

    /// <summary>The <c>toolUseId</c>s of the <paramref name="blockKind"/> blocks (<c>toolUse</c> or <c>toolResult</c>) in a content array.</summary>
    private static List<string> Ids(JsonElement content, string blockKind)
    {
        var ids = new List<string>();
        if (content.ValueKind != JsonValueKind.Array)
        {
            return ids;
        }

        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty(blockKind, out var inner)
                && inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty("toolUseId", out var id) && id.ValueKind == JsonValueKind.String)
            {
                ids.Add(id.GetString()!);
            }
        }

        return ids;
    }

    private static Rejection Invalid(string message) => new(400, message, Code: "ValidationException");
}
