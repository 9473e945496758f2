using System.Text.Json;
using Strands.Tools;
using Strands.Tools.BuiltIn;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Tools;

public sealed class BuiltInToolTests
{
    [Theory]
    [InlineData("2+2", "4")]
    [InlineData("(2+2)*sqrt(16)/4", "4")]
    [InlineData("2^10", "1024")]
    [InlineData("2**3**2", "512")]
    [InlineData("-3^2", "-9")]
    [InlineData("10 % 4 + 0.5", "2.5")]
    [InlineData("max(1, 7, 3) - min(4, 2)", "5")]
    [InlineData("round(pi, 2)", "3.14")]
    [InlineData("1.5e3 / 3", "500")]
    public void Calculator_evaluates_arithmetic(string expression, string expected) =>
        Assert.Equal(expected, ArithmeticEvaluator.Format(ArithmeticEvaluator.Evaluate(expression)));

    [Theory]
    [InlineData("1/0", "division by zero")]
    [InlineData("2 +", "ends too early")]
    [InlineData("Remove-Item('/')", "unknown name 'Remove'")]
    [InlineData("[System.IO.File]::Delete('x')", "unexpected '['")]
    [InlineData("(1+2", "')' is missing")]
    [InlineData("$(whoami)", "unexpected '$'")]
    public void Calculator_refuses_anything_but_arithmetic(string expression, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => ArithmeticEvaluator.Evaluate(expression));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow() =>
        Assert.Throws<FormatException>(() => ArithmeticEvaluator.Evaluate(new string('(', 2000) + "1" + new string(')', 2000)));

    [Fact]
    public async Task Calculator_tool_reports_bad_expressions_to_the_model()
    {
        var output = await new CalculatorTool().InvokeAsync(new ToolCall("t", "calculator", JsonDocument.Parse("""{"expression":"2+"}""").RootElement), CancellationToken.None);
        Assert.Equal(ToolResultStatus.Error, output.Status);
    }

    [Fact]
    public async Task Current_time_is_iso_8601_in_utc_or_the_named_zone()
    {
        var tool = new CurrentTimeTool(() => new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var utc = await tool.InvokeAsync(new ToolCall("t", "current_time", JsonDocument.Parse("{}").RootElement), CancellationToken.None);
        Assert.Equal("2026-11-30T12:00:00Z", utc.Content[0].Text);
        var paris = await tool.InvokeAsync(new ToolCall("t", "current_time", JsonDocument.Parse("""{"timezone":"Europe/Paris"}""").RootElement), CancellationToken.None);
        Assert.Equal("2026-11-30T13:00:00+01:00", paris.Content[0].Text);
    }
}
