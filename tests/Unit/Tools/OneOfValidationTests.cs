using System.Text.Json;
using Strands.Tests.Core;
using Strands.Tools;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Tools;

/// <summary>
/// A tool whose schema says <c>oneOf</c> runs only when exactly one branch accepts its arguments;
/// <c>anyOf</c> still runs when several do. The model gets an error result it can act on otherwise.
/// </summary>
public sealed class OneOfValidationTests
{
    // "id" alone matches both branches (neither forbids extra properties); "id" + "name" only the first.
    private const string Schema = """
        {"type":"object","properties":{"target":{"KEYWORD":[
          {"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}},"required":["id"]},
          {"type":"object","properties":{"id":{"type":"integer"},"path":{"type":"string"}},"required":["id"]}
        ]}},"required":["target"]}
        """;

    private static (ToolResultBlock Result, DelegateTool Tool) Run(string keyword, string arguments)
    {
        var tool = new DelegateTool("pick", Schema.Replace("KEYWORD", keyword), (_, _) => Task.FromResult("ran"));
        var executor = new ToolExecutor(new ToolRegistry(new[] { tool }));
        var (result, _) = executor.ExecuteAsync(new ToolUseBlock("call_1", "pick", default, arguments), CancellationToken.None).GetAwaiter().GetResult();
        return (result, tool);
    }

    [Fact]
    public void OneOf_refuses_arguments_that_match_two_branches()
    {
        var (result, tool) = Run("oneOf", """{"target":{"id":7}}""");

        Assert.Empty(tool.Calls);
        Assert.Equal(ToolResultStatus.Error, result.Status);
        Assert.Contains("Field 'target'", result.ToText());
        Assert.Contains("matches 2 of the allowed forms; exactly one must match", result.ToText());
    }

    [Fact]
    public void OneOf_runs_the_tool_when_exactly_one_branch_matches()
    {
        var (result, tool) = Run("oneOf", """{"target":{"id":7,"name":"x","path":3}}""");

        Assert.Equal(ToolResultStatus.Success, result.Status);
        Assert.Equal(7, Assert.Single(tool.Calls).GetProperty("target").GetProperty("id").GetInt32());
    }

    [Fact]
    public void OneOf_refuses_arguments_that_match_no_branch()
    {
        var (result, tool) = Run("oneOf", """{"target":{"name":"x"}}""");

        Assert.Empty(tool.Calls);
        Assert.Contains("does not match any allowed form", result.ToText());
    }

    [Fact]
    public void AnyOf_still_runs_the_tool_when_several_branches_match()
    {
        var (result, tool) = Run("anyOf", """{"target":{"id":7}}""");

        Assert.Equal(ToolResultStatus.Success, result.Status);
        Assert.Single(tool.Calls);
    }

    [Fact]
    public void The_validator_reports_oneOf_overlap_for_structured_output_too()
    {
        using var schema = JsonDocument.Parse("""{"oneOf":[{"type":"number"},{"type":"integer"}]}""");
        using var whole = JsonDocument.Parse("3");
        using var fraction = JsonDocument.Parse("3.5");

        Assert.Contains("exactly one must match", Assert.Single(JsonSchemaValidator.Validate(whole.RootElement, schema.RootElement)));
        Assert.Empty(JsonSchemaValidator.Validate(fraction.RootElement, schema.RootElement));
    }
}
