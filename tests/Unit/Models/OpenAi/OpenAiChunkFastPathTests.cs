using System.Text;
using System.Text.Json;
using Strands.Models.OpenAi;
using Xunit;

namespace Strands.Tests.Models.OpenAi;

/// <summary>
/// OpenAiChunk reads plain text-delta chunks in a flat fast path and everything else with the full
/// parse; the fast path may only accept what the full parse reads the same way. Random chunk shapes
/// (seeded, reproducible) around the text-delta shape, plus truncations and byte flips, go through both.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class OpenAiChunkFastPathTests
{
    private const int Cases = 20_000;

    [Fact]
    public void The_fast_path_reads_every_chunk_exactly_as_the_full_parse_does()
    {
        var fast = new OpenAiChunk();
        var full = new OpenAiChunk();
        for (var i = 0; i < Cases; i++)
        {
            var random = new Random(i);
            var json = Encoding.UTF8.GetBytes(Chunk(random));
            if (random.Next(4) == 0) json = Mutate(random, json);

            var fastResult = Describe(() => fast.Parse(json), fast);
            var fullResult = Describe(() => full.ParseFull(json), full);
            Assert.True(fastResult == fullResult,
                $"case {i}: {Encoding.UTF8.GetString(json)}\n fast: {fastResult}\n full: {fullResult}");
        }
    }

    private static string Describe(Action parse, OpenAiChunk c)
    {
        try { parse(); }
        catch (JsonException) { return "malformed"; }
        var tools = string.Join(",", c.ToolCalls.Select(t => $"{t.Index}:{t.Id}:{t.Name}:{t.Arguments}:{t.ThoughtSignature}"));
        return $"content={c.Content ?? "<null>"} reasoning={c.Reasoning ?? "<null>"} finish={c.FinishReason ?? "<null>"} tools=[{tools}] " +
               $"usage={c.HasUsage}:{c.PromptTokens}:{c.CompletionTokens}:{c.CachedTokens}:{c.CacheCreationTokens} error={c.ErrorMessage}:{c.ErrorCode}";
    }

    private static string Pick(Random r, params string[] options) => options[r.Next(options.Length)];

    // Mostly the text-delta shape, with the variations real servers send and the near misses the
    // fast path must refuse.
    private static string Chunk(Random r)
    {
        var fields = new List<string>();
        if (r.Next(2) == 0) fields.Add("\"id\":\"chatcmpl-1\"");
        if (r.Next(2) == 0) fields.Add("\"object\":\"chat.completion.chunk\"");
        if (r.Next(3) == 0) fields.Add("\"model\":" + Pick(r, "\"gpt-4o\"", "null", "{\"a\":[1,{\"b\":2}]}"));
        if (r.Next(4) != 0) fields.Add("\"choices\":" + Choices(r));
        if (r.Next(10) == 0) fields.Add("\"choices\":" + Choices(r)); // a repeated key
        if (r.Next(8) == 0) fields.Add("\"usage\":" + Pick(r, "null", "{\"prompt_tokens\":5,\"completion_tokens\":2,\"prompt_tokens_details\":{\"cached_tokens\":1}}"));
        if (r.Next(15) == 0) fields.Add("\"error\":{\"message\":\"boom\",\"code\":\"x\"}");
        if (r.Next(6) == 0) fields.Add("\"obfuscation\":\"abc\"");
        Shuffle(r, fields);
        return "{" + string.Join(",", fields) + "}";
    }

    private static string Choices(Random r)
    {
        switch (r.Next(10))
        {
            case 0: return "[]";
            case 1: return Pick(r, "null", "1", "\"x\"", "{}");
            case 2: return "[" + Choice(r) + "," + Choice(r) + "]";
            case 3: return "[" + Pick(r, "null", "1", "[]") + "]";
            default: return "[" + Choice(r) + "]";
        }
    }

    private static string Choice(Random r)
    {
        var fields = new List<string> { "\"index\":" + Pick(r, "0", "1") };
        if (r.Next(8) != 0) fields.Add("\"delta\":" + Delta(r));
        if (r.Next(12) == 0) fields.Add("\"message\":{\"role\":\"assistant\",\"content\":\"whole\"}");
        if (r.Next(2) == 0) fields.Add("\"finish_reason\":" + Pick(r, "null", "\"stop\"", "\"tool_calls\"", "\"length\"", "3", "{}"));
        if (r.Next(3) == 0) fields.Add("\"logprobs\":" + Pick(r, "null", "{\"content\":[{\"token\":\"a\"}]}"));
        Shuffle(r, fields);
        return "{" + string.Join(",", fields) + "}";
    }

    private static string Delta(Random r)
    {
        if (r.Next(12) == 0) return Pick(r, "null", "[]", "\"text\"");
        var fields = new List<string>();
        if (r.Next(2) == 0) fields.Add("\"role\":\"assistant\"");
        if (r.Next(5) != 0) fields.Add("\"content\":" + Pick(r, "\"Hello\"", "\"\"", "\"\\u00e9\\n\\\"q\\\"\"", "null", "42", "[\"a\"]", "{\"text\":\"a\"}"));
        if (r.Next(3) == 0) fields.Add("\"refusal\":null");
        if (r.Next(10) == 0) fields.Add("\"reasoning_content\":\"thinking\"");
        if (r.Next(12) == 0) fields.Add("\"reasoning\":\"thinking\"");
        if (r.Next(8) == 0) fields.Add("\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]");
        if (r.Next(8) == 0) fields.Add("\"annotations\":[{\"type\":\"url\",\"nested\":{\"content\":\"not the delta's\"}}]");
        Shuffle(r, fields);
        return "{" + string.Join(",", fields) + "}";
    }

    private static byte[] Mutate(Random r, byte[] json)
    {
        if (json.Length == 0) return json;
        if (r.Next(2) == 0) return json[..r.Next(json.Length)];
        var copy = (byte[])json.Clone();
        const string Breakers = "{}[]\",:0n \\";
        copy[r.Next(copy.Length)] = (byte)Breakers[r.Next(Breakers.Length)];
        return copy;
    }

    private static void Shuffle(Random r, List<string> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = r.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
