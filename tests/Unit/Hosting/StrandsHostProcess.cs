using System.Diagnostics;
using System.Reflection;
using Xunit;

namespace Strands.Tests.Hosting;

/// <summary>
/// Runs the console host (tools/StrandsHost, built with the tests) as the README's main-job command
/// does, from the repository root: <c>dotnet StrandsHost.dll script.ps1 [args]</c> (what <c>dotnet run</c>
/// ends up doing, without its slow build check).
/// </summary>
internal static class StrandsHostProcess
{
    public static string HostDll =>
        typeof(StrandsHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "StrandsHostDll").Value!;

    /// <summary>Runs the host with <paramref name="arguments"/>, without the <paramref name="removed"/> variables and with <paramref name="environment"/> set.</summary>
    public static (int ExitCode, string Out, string Err) Run(IEnumerable<string> arguments, IEnumerable<string> removed, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoPaths.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(HostDll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in removed) start.Environment.Remove(name);
        foreach (var pair in environment ?? new Dictionary<string, string>()) start.Environment[pair.Key] = pair.Value;
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The host did not finish within 2 minutes. Output so far: " + output.Result);
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
