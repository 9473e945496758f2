using Strands.Tests.Core;
using Strands.Tools;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Tools;

/// <summary>Tool names every provider accepts, checked when the agent is built rather than at the first model call.</summary>
public sealed class ToolRegistryTests
{
    [Theory]
    [InlineData("get_weather")]
    [InlineData("Get-Process")]
    [InlineData("a")]
    [InlineData("A0123456789012345678901234567890123456789012345678901234567890bc")]
    public void Names_of_letters_digits_underscores_and_dashes_up_to_64_are_accepted(string name)
    {
        var registry = new ToolRegistry(new[] { new DelegateTool(name, _ => "ok") });
        Assert.Equal(name, Assert.Single(registry.Specs).Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("my tool")]
    [InlineData("tool.name")]
    [InlineData("wetter_für_heute")]
    [InlineData("A0123456789012345678901234567890123456789012345678901234567890bcd")]
    public void Other_names_are_refused_with_InvalidArgument(string name)
    {
        var error = Assert.Throws<StrandsException>(() => new ToolRegistry(new[] { new DelegateTool(name, _ => "ok") }));
        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Contains("1-64 letters, digits, '_' or '-'", error.Message);
    }
}
