using System.Text;
using Strands.Streaming;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Streaming;

public class NdjsonReaderTests
{
    // The shape of an Ollama /api/chat stream: one object per line, the last with done:true.
    internal const string OllamaChat =
        "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"done\":false}\n" +
        "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"lo \\u00e9\u00e9\"},\"done\":false}\n" +
        "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:01Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":26,\"eval_count\":3}\n";

    internal static async Task<List<string>> ReadAllAsync(Stream stream, int maxLineBytes = 16 * 1024 * 1024)
    {
        var lines = new List<string>();
        using var reader = new NdjsonReader(stream, maxLineBytes);
        while (await reader.MoveNextAsync(CancellationToken.None))
        {
            lines.Add(Encoding.UTF8.GetString(reader.Current.Span));
        }

        return lines;
    }

    private static Task<List<string>> ParseAsync(string text, int maxLineBytes = 16 * 1024 * 1024) =>
        ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxLineBytes);

    [Fact]
    public async Task Ollama_stream_yields_one_value_per_line()
    {
        var lines = await ParseAsync(OllamaChat);

        Assert.Equal(3, lines.Count);
        Assert.Contains("\"done\":true", lines[2]);
        Assert.Equal(OllamaChat, string.Concat(lines.Select(l => l + "\n")));
    }

    [Fact]
    public async Task Split_one_byte_or_randomly_gives_the_same_lines()
    {
        byte[] body = Encoding.UTF8.GetBytes(OllamaChat);
        var whole = await ReadAllAsync(new MemoryStream(body));

        Assert.Equal(whole, await ReadAllAsync(ChunkedStream.OneByte(body)));
        var random = new Random(7);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(whole, await ReadAllAsync(ChunkedStream.Random(body, random, maxChunk: 40)));
        }
    }

    [Theory]
    [InlineData("{\"a\":1}\n\n  \n{\"b\":2}\n")]
    [InlineData("{\"a\":1}\r\n\r\n{\"b\":2}\r\n")]
    [InlineData("\n{\"a\":1}\r{\"b\":2}\n \t")]
    public async Task Blank_lines_are_skipped_and_line_endings_vary(string text)
    {
        Assert.Equal(new[] { "{\"a\":1}", "{\"b\":2}" }, await ParseAsync(text));
    }

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("{\"a\":1}\n{\"done\":tr")]
    public async Task Missing_final_newline_is_truncation(string text)
    {
        var ex = await Assert.ThrowsAsync<StreamFormatException>(() => ParseAsync(text));
        Assert.Contains("truncated NDJSON line", ex.Message);
    }

    [Fact]
    public async Task Empty_stream_has_no_lines()
    {
        Assert.Empty(await ParseAsync(""));
    }

    [Fact]
    public async Task Line_longer_than_bound_is_too_large()
    {
        Assert.Single(await ParseAsync("1234567890\n", maxLineBytes: 10));
        var ex = await Assert.ThrowsAsync<ResponseTooLargeException>(() => ParseAsync("12345678901\n", maxLineBytes: 10));
        Assert.Equal(10, ex.LimitBytes);
        await Assert.ThrowsAsync<ResponseTooLargeException>(
            () => ReadAllAsync(new ChunkedStream(new byte[1 << 20], () => 1000), maxLineBytes: 4096));
    }
}
