namespace Strands.Tests.Hosting
{
    /// <summary>
    /// Locations inside the repository, found from the test binaries. Tests read sources (Pester
    /// files, examples) from the repository rather than from bin so an edit needs no rebuild, and
    /// they import the module only from the assembled folder: a process can load its dll once.
    /// </summary>
    public static class RepoPaths
    {
        private static readonly Lazy<string> Root = new(FindRoot);

        /// <summary>The folder holding <c>Strands.PowerShell.sln</c>.</summary>
        public static string RepoRoot => Root.Value;

        /// <summary>The manifest of the assembled module, <c>out/Strands/Strands.psd1</c>.</summary>
        public static string ModuleManifest => Path.Combine(RepoRoot, "out", "Strands", "Strands.psd1");

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Strands.PowerShell.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException(
                "No folder containing Strands.PowerShell.sln above " + AppContext.BaseDirectory + ": the tests must run from inside the repository.");
        }
    }
}
