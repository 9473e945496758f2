using System.Text;
using System.Text.Json;
using Strands.Streaming;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Streaming;

public class SseReaderTests
{
    internal static async Task<List<string>> ReadAllAsync(Stream stream, int maxEventBytes = 16 * 1024 * 1024)
    {
        var events = new List<string>();
        using var reader = new SseReader(stream, maxEventBytes);
        while (await reader.MoveNextAsync(CancellationToken.None))
        {
            events.Add(Encoding.UTF8.GetString(reader.Data.Span));
        }

        return events;
    }

    private static Task<List<string>> ParseAsync(string text, int maxEventBytes = 16 * 1024 * 1024) =>
        ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxEventBytes);

    public static TheoryData<string, int> SseFixtures => new()
    {
        { "anthropic/messages-stream-cache_read-compaction.response.sse", 12 },
        { "anthropic/messages-stream-tool_use-fragmented-args.response.sse", 36 },
        { "anthropic/messages-stream-tool_use.response.sse", 10 },
        { "gemini/streamGenerateContent-functionCall-thoughtSignature.response.sse", 2 },
        { "gemini/streamGenerateContent-functionCall.response.sse", 1 },
        { "openai/chat-stream-cached_tokens-openrouter.response.sse", 74 },
        { "openai/chat-stream-fragmented-args.response.sse", 12 },
        { "openai/chat-stream-parallel-tool_calls.response.sse", 8 },
    };

    [Fact]
    public void Every_fixture_is_covered()
    {
        var covered = SseFixtures.Select(row => (string)row[0]).OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(Fixtures.All(".sse"), covered);
    }

    [Theory]
    [MemberData(nameof(SseFixtures))]
    public async Task Fixture_parses_into_json_events(string fixture, int expectedCount)
    {
        var events = await ReadAllAsync(new MemoryStream(Fixtures.Bytes(fixture)));

        Assert.Equal(expectedCount, events.Count);
        foreach (var data in events.Where(d => d != "[DONE]"))
        {
            using var json = JsonDocument.Parse(data);
            Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        }
    }

    [Theory]
    [MemberData(nameof(SseFixtures))]
    public async Task Fixture_split_one_byte_or_randomly_gives_the_same_events(string fixture, int expectedCount)
    {
        byte[] body = Fixtures.Bytes(fixture);
        var whole = await ReadAllAsync(new MemoryStream(body));

        Assert.Equal(expectedCount, whole.Count);
        Assert.Equal(whole, await ReadAllAsync(ChunkedStream.OneByte(body)));
        var random = new Random(20261130);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(whole, await ReadAllAsync(ChunkedStream.Random(body, random)));
        }
    }

    [Fact]
    public async Task Anthropic_fixture_yields_the_events_in_order_with_their_json_types()
    {
        var events = await ReadAllAsync(new MemoryStream(Fixtures.Bytes("anthropic/messages-stream-tool_use.response.sse")));

        Assert.Equal(
            new[]
            {
                "message_start", "content_block_start", "ping", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop",
            },
            events.Select(e => JsonDocument.Parse(e).RootElement.GetProperty("type").GetString()));
        Assert.EndsWith("}  }", events[0]);
    }

    [Fact]
    public async Task OpenAi_fixture_ends_with_done_as_plain_data()
    {
        var events = await ReadAllAsync(new MemoryStream(Fixtures.Bytes("openai/chat-stream-parallel-tool_calls.response.sse")));

        Assert.Equal("[DONE]", events[^1]);
    }

    [Fact]
    public async Task OpenRouter_comment_lines_are_ignored()
    {
        var events = await ReadAllAsync(new MemoryStream(Fixtures.Bytes("openai/chat-stream-cached_tokens-openrouter.response.sse")));

        Assert.DoesNotContain(events, e => e.Contains("OPENROUTER PROCESSING"));
    }

    [Theory]
    [InlineData("data: a\n\ndata: b\n\n")]
    [InlineData("data: a\r\n\r\ndata: b\r\n\r\n")]
    [InlineData("data: a\r\rdata: b\r\r")]
    [InlineData("data:a\n\ndata:b\n\n")]
    [InlineData("\uFEFFdata: a\n\n: comment\nid: 7\nretry: 100\ndata: b\n\n")]
    [InlineData("event: first\ndata: a\n\nevent: second\ndata: b\n\n")]
    public async Task Line_endings_and_ignored_fields(string text)
    {
        Assert.Equal(new[] { "a", "b" }, await ParseAsync(text));
    }

    [Fact]
    public async Task Data_lines_join_with_lf_and_only_one_space_is_dropped()
    {
        var events = await ParseAsync("event: x\ndata:  one\ndata:two\ndata\n\n");

        Assert.Equal(new[] { " one\ntwo\n" }, events);
    }

    [Fact]
    public async Task Events_without_data_are_skipped()
    {
        var events = await ParseAsync("event: a\n\ndata:\n\nevent: b\ndata:\n\ndata: c\n\n");

        Assert.Equal(new[] { "c" }, events);
    }

    [Fact]
    public async Task End_after_an_empty_event_leaves_no_current_event()
    {
        using var reader = new SseReader(new MemoryStream(Encoding.ASCII.GetBytes("event: e\ndata:\n")));

        Assert.False(await reader.MoveNextAsync(CancellationToken.None));
        Assert.True(reader.Data.IsEmpty);
    }

    [Fact]
    public async Task Data_stays_valid_until_the_next_move_even_across_refills()
    {
        // One data line per event, delivered so events straddle reads: the reader must not hand out
        // bytes it is about to overwrite.
        string body = string.Concat(Enumerable.Range(0, 200).Select(i => $"data: {{\"n\":{i}}}\n\n"));
        using var reader = new SseReader(new ChunkedStream(Encoding.ASCII.GetBytes(body), () => 13));
        int n = 0;
        while (await reader.MoveNextAsync(CancellationToken.None))
        {
            Assert.Equal($"{{\"n\":{n++}}}", Encoding.ASCII.GetString(reader.Data.Span));
        }

        Assert.Equal(200, n);
    }

    [Fact]
    public async Task Complete_last_event_without_blank_line_is_dispatched()
    {
        Assert.Equal(new[] { "x" }, await ParseAsync("event: e\ndata: x\n"));
    }

    [Theory]
    [InlineData("data: x")]
    [InlineData("data: a\n\ndata: {\"trunc")]
    [InlineData("data: a\n\n: partial comment")]
    public async Task Truncated_last_line_is_a_format_error(string text)
    {
        var ex = await Assert.ThrowsAsync<StreamFormatException>(() => ParseAsync(text));
        Assert.Contains("truncated SSE line", ex.Message);
    }

    [Fact]
    public async Task Empty_stream_has_no_events()
    {
        Assert.Empty(await ParseAsync(""));
        Assert.Empty(await ParseAsync("\n\n: only a comment\n"));
    }

    [Fact]
    public async Task Event_larger_than_bound_is_too_large()
    {
        await Assert.ThrowsAsync<ResponseTooLargeException>(() => ParseAsync("data: 12345\ndata: 12345\n\n", maxEventBytes: 10));
        Assert.Single(await ParseAsync("data: 1234\ndata: 1234\n\n", maxEventBytes: 9));
        Assert.Single(await ParseAsync("data: 1234\n\n", maxEventBytes: 4));
        await Assert.ThrowsAsync<ResponseTooLargeException>(() => ParseAsync(": " + new string('c', 300) + "\n", maxEventBytes: 4));
    }

    [Fact]
    public async Task Endless_line_is_too_large_without_buffering_it_all()
    {
        var endless = new ChunkedStream(Encoding.ASCII.GetBytes("data: " + new string('x', 1 << 20)), () => 4096);

        var ex = await Assert.ThrowsAsync<ResponseTooLargeException>(() => ReadAllAsync(endless, maxEventBytes: 64 * 1024));
        Assert.Equal(64 * 1024, ex.LimitBytes);
    }

    [Fact]
    public async Task Large_event_grows_buffers()
    {
        string big = new('y', 300_000);
        var events = await ReadAllAsync(new ChunkedStream(Encoding.ASCII.GetBytes($"data: {big}\ndata: {big}\n\ndata: z\n\n"), () => 7000));

        Assert.Equal(new[] { big + "\n" + big, "z" }, events);
    }

    [Fact]
    public async Task Caller_cancellation_surfaces_as_operation_canceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using var reader = new SseReader(new BlockingStream());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.MoveNextAsync(cts.Token).AsTask());
    }
}
