namespace Strands.Tests.Streaming;

/// <summary>Locates the recorded provider responses in tests/fixtures (see its README for their sources).</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Path(string relative) => System.IO.Path.Combine(Root.Value, relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path(relative));

    public static IEnumerable<string> All(string extension) =>
        System.IO.Directory.EnumerateFiles(Root.Value, "*" + extension, SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Root.Value, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal);

    // The tests run from their build output inside the repository: the fixtures are found from the solution folder up there.
    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Strands.PowerShell.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, "tests", "fixtures");
            }
        }

        throw new DirectoryNotFoundException($"No Strands.PowerShell.sln above {AppContext.BaseDirectory}, so no tests/fixtures.");
    }
}
