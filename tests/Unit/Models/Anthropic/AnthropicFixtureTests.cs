using System.Text.Json;
using Strands.Tests.Streaming;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Anthropic;

/// <summary>Every recorded Anthropic response parses to the text, tool calls, stop reason and usage it holds.</summary>
public class AnthropicFixtureTests
{
    private sealed record ToolCall(string Id, string Name, string InputJson);

    private sealed record Expected(string[] Texts, ToolCall[] Tools, StopReason Stop, string ProviderStop, Usage Usage);

    // Usage in our convention: InputTokens = input_tokens + cache_read_input_tokens + cache_creation_input_tokens.
    private static readonly Dictionary<string, Expected> Cases = new()
    {
        // usage: input_tokens 3, cache_read_input_tokens 1111, cache_creation_input_tokens 418, output_tokens 33
        ["anthropic/messages-cache_read.response.json"] = new(
            new[] { "Python is a beginner-friendly, versatile programming language widely used for web development, data science, machine learning, automation, and scientific computing." },
            Array.Empty<ToolCall>(), StopReason.EndTurn, "end_turn", new Usage(3 + 1111 + 418, 33, 1111, 418)),

        // usage: input_tokens 7, cache_read 0, cache_creation 1069, output_tokens 60; the "caller" field is ignored
        ["anthropic/messages-tool_use-cache_creation.response.json"] = new(
            Array.Empty<string>(),
            new[] { new ToolCall("toolu_01JA8S35SNy1ruX8gAXgb3Y6", "lookup_refund_policy", """{"order_id":"order-123"}""") },
            StopReason.ToolUse, "tool_use", new Usage(7 + 0 + 1069, 60, 0, 1069)),

        // usage: input_tokens 572, no cache, output_tokens 53
        ["anthropic/messages-tool_use.response.json"] = new(
            Array.Empty<string>(),
            new[] { new ToolCall("toolu_01WN4AuToBnJyXNQXwQBBebj", "get_weather", """{"city":"Paris"}""") },
            StopReason.ToolUse, "tool_use", new Usage(572, 53)),

        // two parallel tool calls whose only input_json_delta is "": input is the start's {}.
        // usage: message_start input_tokens 542 / output_tokens 62, message_delta the same
        ["anthropic/messages-stream-tool_use.response.sse"] = new(
            Array.Empty<string>(),
            new[]
            {
                new ToolCall("toolu_01LtHJmixrs9NcWQkK8hu8hj", "pelican_name_generator", "{}"),
                new ToolCall("toolu_01N8a4jWyf116qKTMqKKmjyt", "pelican_name_generator", "{}"),
            },
            StopReason.ToolUse, "tool_use", new Usage(542, 62)),

        // server_tool_use (input split over 9 deltas) and tool_search_tool_result are Anthropic's own and skipped;
        // the client tool's input comes in 9 input_json_delta pieces.
        // usage: message_start input 702 / output 1, message_delta (cumulative) input 1591 / output 175
        ["anthropic/messages-stream-tool_use-fragmented-args.response.sse"] = new(
            new[]
            {
                "Let me search for a tool that can provide current exchange rate information.",
                "I found the right tool! Let me fetch the current USD to EUR exchange rate for you.",
            },
            new[] { new ToolCall("toolu_01EFn5wTNBYA8Reni8rbmnHT", "get_exchange_rate", """{"from_currency":"USD","to_currency":"EUR"}""") },
            StopReason.ToolUse, "tool_use", new Usage(1591, 175)),

        // the "compaction" block and its compaction_delta are skipped. usage.iterations in message_delta:
        // compaction {input 100, output 83, cache_read 55096} + message {input 181, output 8}, summed
        ["anthropic/messages-stream-cache_read-compaction.response.sse"] = new(
            new[] { "Hello! \U0001F44B" },
            Array.Empty<ToolCall>(), StopReason.EndTurn, "end_turn", new Usage(100 + 181 + 55096, 83 + 8, 55096, 0)),
    };

    public static IEnumerable<object[]> AllFixtures() =>
        Fixtures.All("").Where(f => f.StartsWith("anthropic/", StringComparison.Ordinal) && f.Contains(".response.", StringComparison.Ordinal))
            .Select(f => new object[] { f });

    public static IEnumerable<object[]> StreamFixtures() => AllFixtures().Where(o => ((string)o[0]).EndsWith(".sse", StringComparison.Ordinal));

    [Fact]
    public void Every_fixture_has_expectations()
    {
        var found = AllFixtures().Select(o => (string)o[0]).ToList();
        Assert.NotEmpty(found);
        Assert.Equal(Cases.Keys.OrderBy(k => k, StringComparer.Ordinal), found.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public async Task Fixture_parses_to_its_content(string fixture)
    {
        var bytes = Fixtures.Bytes(fixture);
        var events = fixture.EndsWith(".sse", StringComparison.Ordinal)
            ? await AnthropicEvents.FromSseAsync(new MemoryStream(bytes))
            : AnthropicEvents.FromResponse(bytes);
        AssertMatches(Cases[fixture], events);
    }

    [Theory]
    [MemberData(nameof(StreamFixtures))]
    public async Task Stream_fixture_parses_the_same_when_split_anywhere(string fixture)
    {
        var bytes = Fixtures.Bytes(fixture);
        var events = await AnthropicEvents.FromSseAsync(ChunkedStream.Random(bytes, new Random(fixture.Length), maxChunk: 7));
        AssertMatches(Cases[fixture], events);
    }

    private static void AssertMatches(Expected expected, List<ModelStreamEvent> events)
    {
        var (message, assembler) = AnthropicEvents.Assemble(events);

        Assert.Equal(expected.Texts, message.Content.OfType<TextBlock>().Select(t => t.Text));
        var tools = message.ToolUses.ToList();
        Assert.Equal(expected.Tools.Length, tools.Count);
        for (var i = 0; i < tools.Count; i++)
        {
            Assert.Equal(expected.Tools[i].Id, tools[i].ToolUseId);
            Assert.Equal(expected.Tools[i].Name, tools[i].Name);
            Assert.Equal(JsonValueKind.Object, tools[i].Input.ValueKind);
            Assert.Equal(expected.Tools[i].InputJson, JsonSerializer.Serialize(tools[i].Input));
        }
        Assert.Equal(expected.Stop, assembler.StopReason);
        Assert.Equal(expected.ProviderStop, assembler.ProviderStopReason);
        Assert.Equal(expected.Usage, assembler.Usage);
        Assert.Single(events.OfType<MessageStopEvent>());
        Assert.Single(events.OfType<MetadataEvent>());
    }
}
