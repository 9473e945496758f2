using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Strands.Bench;

/// <summary>
/// Section 3b: process start to exit of a minimal console host (Strands.Bench.Host) that opens a
/// runspace and runs one turn: with the module and a script-block tool, with the floor client, and
/// with no turn at all; plus the module's import alone, which splits what the module adds into
/// loading it and its first turn. Modes alternate; one discarded run of each first settles the file cache.
/// </summary>
internal static class ColdStartBench
{
    private static readonly string[] Modes = { "bare", "floor", "import", "strands" };

    public static void Run(Options options, Uri baseUrl, Report report)
    {
        var configuration = typeof(ColdStartBench).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        var host = Path.Combine(options.RepoRoot, "bench", "Strands.Bench.Host", "bin", configuration, "net10.0", "Strands.Bench.Host");
        var times = Modes.ToDictionary(m => m, _ => new List<double>());
        var cpu = Modes.ToDictionary(m => m, _ => new List<double>());
        foreach (var mode in Modes) Start(host, mode, options.ModulePath, baseUrl);
        for (var i = 0; i < options.ColdStarts; i++)
            foreach (var mode in Stats.Rotated(Modes, i))
            {
                var (wall, used) = Start(host, mode, options.ModulePath, baseUrl);
                times[mode].Add(wall);
                cpu[mode].Add(used);
            }

        double W(string mode) => Stats.Median(times[mode]);
        double C(string mode) => Stats.Median(cpu[mode]);
        var added = C("strands") - C("floor");
        const string section = "3. Import-Module (warm engine) and cold start";
        report.Add(new Row(section, "cold start → first turn done, console host (median wall / CPU)", $"{Report.F(W("strands"), "ms", 0)} / {Report.F(C("strands"), "ms", 0)}",
            $"{Report.F(W("floor"), "ms", 0)} / {Report.F(C("floor"), "ms", 0)}", "", "adds ≤ 150 ms", added <= 150,
            $"adds {Report.F(added, "ms CPU", 0)} ({Report.F(W("strands") - W("floor"), "ms", 0)} wall) to the floor's turn; a runspace that runs no turn: {Report.F(W("bare"), "ms", 0)} / {Report.F(C("bare"), "ms", 0)}"));
        report.Add(new Row(section, "of which: Import-Module in the cold host (median wall / CPU over a bare runspace)",
            $"{Report.F(W("import") - W("bare"), "ms", 0)} / {Report.F(C("import") - C("bare"), "ms", 0)}", "", "", "", null,
            $"the first turn then adds {Report.F(C("strands") - C("import"), "ms", 0)} CPU, against the floor's {Report.F(C("floor") - C("bare"), "ms", 0)}"));
        report.Note("Section 3b: the verdict uses CPU time (user + system of the host process and all its threads, from getrusage): wall time on this shared machine mostly measures the wait for a core.");
    }

    private static (double WallMs, double CpuMs) Start(string host, string mode, string modulePath, Uri baseUrl)
    {
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(modulePath);
        start.ArgumentList.Add(baseUrl.ToString());
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        var cpu = Stats.ChildrenCpu();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var used = (Stats.ChildrenCpu() - cpu).TotalMilliseconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"The host ({mode}) failed with {process.ExitCode}: {stdout}{stderr}");
        return (elapsed, used);
    }
}
