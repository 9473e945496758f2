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
/// with no turn at all. Modes alternate; one discarded run of each first settles the file cache.
/// </summary>
internal static class ColdStartBench
{
    private static readonly string[] Modes = { "bare", "floor", "strands" };

    public static void Run(Options options, Uri baseUrl, Report report)
    {
        var configuration = typeof(ColdStartBench).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        var host = Path.Combine(options.RepoRoot, "bench", "Strands.Bench.Host", "bin", configuration, "net10.0", "Strands.Bench.Host");
        var times = Modes.ToDictionary(m => m, _ => new List<double>());
        foreach (var mode in Modes) Start(host, mode, options.ModulePath, baseUrl);
        for (var i = 0; i < options.ColdStarts; i++)
            foreach (var mode in Stats.Rotated(Modes, i))
                times[mode].Add(Start(host, mode, options.ModulePath, baseUrl));

        var strands = Stats.Median(times["strands"]);
        var floor = Stats.Median(times["floor"]);
        var bare = Stats.Median(times["bare"]);
        const string section = "3. Import-Module (warm engine) and cold start";
        report.Add(new Row(section, "cold start → first turn done (median, console host)", Report.F(strands, "ms", 0),
            Report.F(floor, "ms", 0), "", "adds ≤ 150 ms", strands - floor <= 150,
            $"adds {Report.F(strands - floor, "ms", 0)} to the floor's turn, {Report.F(strands - bare, "ms", 0)} to a runspace that runs no turn ({Report.F(bare, "ms", 0)})"));
    }

    private static double Start(string host, string mode, string modulePath, Uri baseUrl)
    {
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(modulePath);
        start.ArgumentList.Add(baseUrl.ToString());
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"The host ({mode}) failed with {process.ExitCode}: {stdout}{stderr}");
        return elapsed;
    }
}
