using Strands.Chat;
using Xunit;

namespace Strands.Tests.Chat;

public sealed class ChatInputBufferTests
{
    [Fact]
    public void A_plain_line_is_a_whole_input()
    {
        var buffer = new ChatInputBuffer();
        Assert.Equal("hello there", buffer.Add("hello there"));
        Assert.False(buffer.IsOpen);
    }

    [Fact]
    public void A_trailing_backtick_continues_on_the_next_line()
    {
        var buffer = new ChatInputBuffer();
        Assert.Null(buffer.Add("first line `"));
        Assert.True(buffer.IsOpen);
        Assert.False(buffer.InBlock);
        Assert.Null(buffer.Add("second`  "));
        Assert.Equal("first line \nsecond\nthird", buffer.Add("third"));
        Assert.False(buffer.IsOpen);
    }

    [Fact]
    public void A_fenced_block_keeps_every_line_blank_ones_and_backticks_included()
    {
        var buffer = new ChatInputBuffer();
        Assert.Null(buffer.Add("\"\"\""));
        Assert.True(buffer.InBlock);
        Assert.Null(buffer.Add("def f():"));
        Assert.Null(buffer.Add(""));
        Assert.Null(buffer.Add("    return 1 `"));
        Assert.Null(buffer.Add("/exit"));
        Assert.Equal("def f():\n\n    return 1 `\n/exit", buffer.Add("  \"\"\"  "));
        Assert.False(buffer.IsOpen);
    }

    [Fact]
    public void A_fence_after_continued_lines_is_just_text()
    {
        var buffer = new ChatInputBuffer();
        Assert.Null(buffer.Add("see `"));
        Assert.Equal("see \n\"\"\"", buffer.Add("\"\"\""));
    }

    [Fact]
    public void Clear_drops_an_unfinished_input()
    {
        var buffer = new ChatInputBuffer();
        buffer.Add("\"\"\"");
        buffer.Add("half a paste");
        buffer.Clear();
        Assert.False(buffer.IsOpen);
        Assert.Equal("fresh", buffer.Add("fresh"));
    }
}
