using System.Reflection;
using System.Text.RegularExpressions;
using Strands.Tests.Hosting;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Docs;

/// <summary>What the README promises users who read it: every error they can meet is explained, and its test command is CI's.</summary>
public sealed class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, "README.md"));

    private static string Section(string heading)
    {
        var start = Readme.IndexOf("\n## " + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README has no '## {heading}' section");
        var end = Readme.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        return end < 0 ? Readme[start..] : Readme[start..end];
    }

    [Fact]
    public void Troubleshooting_has_a_row_for_every_ErrorId()
    {
        var troubleshooting = Section("Troubleshooting");
        var ids = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.True(ids.Count > 20, "ErrorIds lost its constants");
        // A row starts with the id, alone or beside others ("| `SessionLoadFailed` / `SessionSaveFailed` |").
        var missing = ids.Where(id => !Regex.IsMatch(troubleshooting, $@"^\|[^|\n]*`{id}`[^|\n]*\|", RegexOptions.Multiline)).ToList();
        Assert.True(missing.Count == 0, "ErrorIds without a troubleshooting row: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_test_command_is_the_one_CI_runs()
    {
        var ci = File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, ".ci", "run"));
        var command = Regex.Match(Section("The two commands"), @"```bash\n([^\n]*-Task Test[^\n]*)\n```").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(command), "README shows no test command");
        Assert.Contains(command, ci);
    }

    [Fact]
    public void about_Strands_explains_every_ErrorId()
    {
        var about = File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, "docs", "help", "about_Strands.md"));
        var troubleshooting = about[about.IndexOf("## Troubleshooting", StringComparison.Ordinal)..];
        var missing = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)
            .Where(id => !Regex.IsMatch(troubleshooting, $@"\b{id}\b")).ToList();
        Assert.True(missing.Count == 0, "ErrorIds about_Strands does not explain: " + string.Join(", ", missing));
    }
}
