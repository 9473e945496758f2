using System;
using System.Diagnostics;
using System.IO;

namespace Strands.Bench;

/// <summary>
/// The pwsh the cold-start rows start: a pwsh 7.4+ on PATH, else the repository's pinned .NET tool run
/// straight from its package (<c>dotnet pwsh.dll</c>), which is what <c>dotnet pwsh</c> ends up running
/// without the SDK's tool-manifest lookup in front of it.
/// </summary>
internal static class Pwsh
{
    private const string ToolVersion = "7.6.10";

    public static string[] CommandLine(string repoRoot)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
            if (dir.Length > 0 && File.Exists(candidate) && VersionOf(candidate) >= new Version(7, 4)) return [candidate];
        }

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var tool = Path.Combine(packages, "powershell", ToolVersion, "tools", "net10.0", "any", OperatingSystem.IsWindows() ? "win" : "unix", "pwsh.dll");
        if (!File.Exists(tool))
        {
            Run("dotnet", repoRoot, "tool", "restore");
        }

        return File.Exists(tool) ? ["dotnet", tool] : throw new InvalidOperationException($"No pwsh: neither a pwsh 7.4+ on PATH nor {tool} after `dotnet tool restore`.");
    }

    private static Version VersionOf(string pwsh) =>
        Version.TryParse(Run(pwsh, null, "-NoProfile", "-NonInteractive", "-Command", "$PSVersionTable.PSVersion.ToString()").Trim().Split('-')[0], out var v) ? v : new Version();

    private static string Run(string file, string? directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = directory ?? Environment.CurrentDirectory };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
