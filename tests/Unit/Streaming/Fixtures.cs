namespace Strands.Tests.Streaming;

/// <summary>Locates the recorded provider responses in the shared folder beside the repository.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Path(string relative) => System.IO.Path.Combine(Root.Value, relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path(relative));

    public static IEnumerable<string> All(string extension) =>
        System.IO.Directory.EnumerateFiles(Root.Value, "*" + extension, SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Root.Value, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal);

    private static string FindRoot()
    {
        string? overridden = Environment.GetEnvironmentVariable("STRANDS_FIXTURES");
        if (!string.IsNullOrEmpty(overridden))
        {
            return overridden;
        }

        // CI clones the repository with shared/ as its sibling. A git worktree sits a level or more
        // deeper than the main clone, so after the solution folder keep looking further up.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Strands.PowerShell.sln")))
        {
            dir = dir.Parent;
        }

        for (var parent = dir?.Parent; parent != null; parent = parent.Parent)
        {
            string fixtures = System.IO.Path.Combine(parent.FullName, "shared", "fixtures");
            if (System.IO.Directory.Exists(fixtures))
            {
                return fixtures;
            }
        }

        throw new DirectoryNotFoundException(
            $"No shared/fixtures beside the repository above {AppContext.BaseDirectory}; set STRANDS_FIXTURES to its path.");
    }
}
