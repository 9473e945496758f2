using System.Text.Json;
using Strands.Chat;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Chat;

public sealed class ToolCallLineTests
{
    private static ToolUseBlock Use(string name, string json) => new("t1", name, JsonDocument.Parse(json).RootElement.Clone());

    [Fact]
    public void The_start_names_the_tool_and_its_arguments()
    {
        Assert.Equal("→ get_disk_usage (path=/var)", ToolCallLine.Start(Use("get_disk_usage", """{"path":"/var"}"""), 80));
        Assert.Equal("→ scale (n=3, deep=true, tags=[\"a\"])", ToolCallLine.Start(Use("scale", """{"n":3,"deep":true,"tags":["a"]}"""), 80));
        Assert.Equal("→ now ()", ToolCallLine.Start(Use("now", "{}"), 80));
    }

    [Fact]
    public void A_long_line_is_cut_to_the_width_on_one_line()
    {
        var line = ToolCallLine.Start(Use("write", """{"text":"line one\nline two and a great deal more text than fits"}"""), 30);
        Assert.Equal(30, line.Length);
        Assert.EndsWith("…", line);
        Assert.DoesNotContain("\n", line);
    }

    [Fact]
    public void The_outcome_is_a_tick_and_the_time_or_a_cross_and_the_error()
    {
        var ok = ToolResultBlock.FromText("t1", ToolResultStatus.Success, "fine");
        Assert.Equal("✓ 12 ms", ToolCallLine.Outcome(ok, TimeSpan.FromMilliseconds(12.2), 40));
        var failed = ToolResultBlock.FromText("t1", ToolResultStatus.Error, "\nError: no such path\nat line 3");
        Assert.Equal("✗ Error: no such path (5 ms)", ToolCallLine.Outcome(failed, TimeSpan.FromMilliseconds(5), 40));
    }
}
