using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Strands.Bench;

/// <summary>
/// Section 3b: process start to exit of a console host that runs one turn. <c>StrandsHost</c> is
/// the repository's console host (tools/StrandsHost: ConsoleHost, module import, the turn as a
/// script, output through Out-Default). Strands.Bench.Host is a minimal host giving the same-run
/// baselines: a runspace and nothing else (<c>bare</c>), a runspace plus the floor client's turn
/// (<c>floor</c>), a runspace plus Import-Module (<c>import</c>), and a runspace plus the module's
/// turn (<c>strands</c>). Modes alternate; one discarded run of each first settles the file cache.
/// </summary>
internal static class ColdStartBench
{
    private static readonly string[] Modes = { "bare", "floor", "import", "strands", "StrandsHost" };

    private const string TurnScript = """
        param($BaseUrl)
        $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'sk-bench' -ApiBase "$BaseUrl/v1"
        $agent = New-StrandsAgent -Model $model -SystemPrompt 'You are a weather assistant. Use the lookup tool, then answer in one paragraph.' -Tool @{
            lookup = {
                <# .SYNOPSIS Looks up the current weather for a city. #>
                param([Parameter(Mandatory)][string] $city)
                'sunny, 21 C'
            }
        }
        (Invoke-StrandsAgent $agent 'What is the weather in Paris?').Text
        """;

    public static void Run(Options options, Uri baseUrl, Report report)
    {
        var configuration = typeof(ColdStartBench).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        var benchHost = Path.Combine(options.RepoRoot, "bench", "Strands.Bench.Host", "bin", configuration, "net10.0", "Strands.Bench.Host");
        var strandsHost = Path.Combine(options.RepoRoot, "tools", "StrandsHost", "bin", configuration, "net10.0", "StrandsHost");
        var script = Path.Combine(Path.GetTempPath(), $"strands-bench-turn-{Environment.ProcessId}.ps1");
        File.WriteAllText(script, TurnScript);
        var times = Modes.ToDictionary(m => m, _ => new List<double>());
        var cpu = Modes.ToDictionary(m => m, _ => new List<double>());
        try
        {
            (double, double) Run(string mode) => mode == "StrandsHost"
                ? Start(strandsHost, mode, script, "-BaseUrl", baseUrl.ToString().TrimEnd('/'))
                : Start(benchHost, mode, mode, options.ModulePath, baseUrl.ToString());
            foreach (var mode in Modes) Run(mode);
            for (var i = 0; i < options.ColdStarts; i++)
                foreach (var mode in Stats.Rotated(Modes, i))
                {
                    var (wall, used) = Run(mode);
                    times[mode].Add(wall);
                    cpu[mode].Add(used);
                }
        }
        finally
        {
            File.Delete(script);
        }

        double W(string mode) => Stats.Median(times[mode]);
        double C(string mode) => Stats.Median(cpu[mode]);
        var added = C("StrandsHost") - C("floor");
        const string section = "3. Import-Module (warm engine) and cold start";
        report.Add(new Row(section, "cold start → first turn done, StrandsHost (median wall / CPU)", $"{Report.F(W("StrandsHost"), "ms", 0)} / {Report.F(C("StrandsHost"), "ms", 0)}",
            $"{Report.F(W("floor"), "ms", 0)} / {Report.F(C("floor"), "ms", 0)}", "", "adds ≤ 150 ms", added <= 150,
            $"adds {Report.F(added, "ms CPU", 0)} ({Report.F(W("StrandsHost") - W("floor"), "ms", 0)} wall) to a minimal host's runspace + floor turn"));
        report.Add(new Row(section, "the same turn in the minimal host (median wall / CPU)", $"{Report.F(W("strands"), "ms", 0)} / {Report.F(C("strands"), "ms", 0)}",
            $"{Report.F(W("floor"), "ms", 0)} / {Report.F(C("floor"), "ms", 0)}", "", "", null,
            $"adds {Report.F(C("strands") - C("floor"), "ms CPU", 0)}; StrandsHost (console host, Out-Default) differs from it by {Report.F(C("StrandsHost") - C("strands"), "ms CPU", 0)}"));
        report.Add(new Row(section, "of which: Import-Module in the minimal host (median wall / CPU over a bare runspace)",
            $"{Report.F(W("import") - W("bare"), "ms", 0)} / {Report.F(C("import") - C("bare"), "ms", 0)}", "", "", "", null,
            $"the first turn then adds {Report.F(C("strands") - C("import"), "ms", 0)} CPU, against the floor's {Report.F(C("floor") - C("bare"), "ms", 0)}; a bare runspace: {Report.F(W("bare"), "ms", 0)} / {Report.F(C("bare"), "ms", 0)}"));
        report.Note("Section 3b: the verdict uses CPU time (user + system of the host process and all its threads, from getrusage): wall time on this shared machine mostly measures the wait for a core.");
    }

    private static (double WallMs, double CpuMs) Start(string host, string mode, params string[] arguments)
    {
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
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
