using System.Diagnostics;
using Xunit;

namespace Strands.Tests.Hosting;

/// <summary>
/// Runs a script in a real pwsh process, as a user's terminal would: a <c>pwsh</c> on PATH when it is
/// 7.4 or newer, else the repository's pinned .NET tool (<c>dotnet pwsh</c>, restored by the build).
/// </summary>
internal static class PwshProcess
{
    private static readonly Lazy<string[]> Command = new(Locate);

    /// <summary>The command line that starts pwsh: an executable, or <c>dotnet</c> plus <c>pwsh</c>.</summary>
    public static IReadOnlyList<string> CommandLine => Command.Value;

    /// <summary>
    /// Runs <c>pwsh -NoProfile -NonInteractive -File script args…</c> from the repository root, without the
    /// <paramref name="removed"/> variables and with <paramref name="environment"/> set; stdin is closed.
    /// </summary>
    public static (int ExitCode, string Out, string Err) RunFile(string script, IEnumerable<string> arguments, IEnumerable<string> removed, IDictionary<string, string>? environment = null)
    {
        var start = StartInfo(["-NoProfile", "-NonInteractive", "-File", script, .. arguments]);
        foreach (var name in removed) start.Environment.Remove(name);
        foreach (var pair in environment ?? new Dictionary<string, string>()) start.Environment[pair.Key] = pair.Value;

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("pwsh did not finish within 2 minutes. Output so far: " + output.Result);
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var command = Command.Value;
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = RepoPaths.RepoRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var part in command.Skip(1)) start.ArgumentList.Add(part);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        return start;
    }

    private static string[] Locate()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
            if (dir.Length > 0 && File.Exists(candidate) && IsRecentEnough(candidate))
            {
                return [candidate];
            }
        }

        return ["dotnet", "pwsh"];
    }

    private static bool IsRecentEnough(string pwsh)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(pwsh, "-NoProfile -NonInteractive -Command $PSVersionTable.PSVersion.ToString()") { RedirectStandardOutput = true })!;
            var text = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return Version.TryParse(text.Split('-')[0], out var version) && version >= new Version(7, 4);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
