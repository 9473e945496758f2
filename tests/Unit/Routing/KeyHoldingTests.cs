using System.Collections;
using System.Reflection;
using Strands.Models;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Routing;

/// <summary>
/// A model keeps its key only in the protected form: nothing reachable from the model or its
/// route, which live as long as the agent, holds the key as a plain string. Adapters reveal it only
/// while writing a request's headers (the fake-provider tests show the header arrives).
/// </summary>
public sealed class KeyHoldingTests
{
    private const string Key = "plain-text-test-key-must-not-linger-42";

    public static TheoryData<string, bool> Models() => new()
    {
        { "openai/gpt-4o", true },
        { "openai/gpt-4o", false },
        { "anthropic/claude-sonnet-4-5-20250929", true },
        { "anthropic/claude-sonnet-4-5-20250929", false },
        { "gemini/gemini-2.5-flash", false },
        { "ollama_chat/llama3", true },
        { "bedrock/us.amazon.nova-pro-v1:0", false },
        { "azure/my-deployment", true },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Neither_the_model_nor_its_route_holds_the_plain_key(string modelId, bool explicitKey)
    {
        var env = new Dictionary<string, string>
        {
            ["OPENAI_API_KEY"] = Key, ["ANTHROPIC_API_KEY"] = Key, ["GEMINI_API_KEY"] = Key, ["AWS_BEARER_TOKEN_BEDROCK"] = Key,
            ["AWS_REGION"] = "us-east-1", ["AZURE_API_KEY"] = Key, ["AZURE_API_BASE"] = "https://example.openai.azure.com", ["AZURE_API_VERSION"] = "2024-10-21",
        };
        var settings = new ModelSettings(modelId) { ApiKey = explicitKey ? ApiKey.FromPlainText(Key) : null };

        var (model, route) = ModelFactory.Create(settings, name => env.TryGetValue(name, out var v) ? v : null);

        Assert.Equal(Key, route.ApiKey?.Reveal());
        Assert.Empty(PlainCopies(model, new HashSet<object>(ReferenceEqualityComparer.Instance), "model", 0));
        Assert.Empty(PlainCopies(route, new HashSet<object>(ReferenceEqualityComparer.Instance), "route", 0));
    }

    // Every field path, through the module's own objects and the collections they hold, whose string contains the key.
    private static IEnumerable<string> PlainCopies(object? value, HashSet<object> seen, string path, int depth)
    {
        if (value is null || depth > 8) yield break;
        if (value is string text)
        {
            if (text.Contains(Key, StringComparison.Ordinal)) yield return path;
            yield break;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || !seen.Add(value)) yield break;
        if (value is IEnumerable items && type.Namespace?.StartsWith("System.Collections", StringComparison.Ordinal) == true)
        {
            var i = 0;
            foreach (var item in items)
                foreach (var found in PlainCopies(item, seen, $"{path}[{i++}]", depth + 1)) yield return found;
            yield break;
        }

        if (type.Namespace?.StartsWith("Strands", StringComparison.Ordinal) != true) yield break;
        for (var t = type; t != null && t != typeof(object); t = t.BaseType)
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                foreach (var found in PlainCopies(field.GetValue(value), seen, path + "." + field.Name, depth + 1)) yield return found;
    }
}
