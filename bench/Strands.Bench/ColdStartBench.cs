using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Strands.Bench;

/// <summary>
/// Section 3b: process start to exit. Real pwsh processes (the pinned .NET tool, or a pwsh 7.4+ on
/// PATH) give what a user's script pays: <c>pwsh -NoProfile -c '$null'</c> (<c>pwsh-null</c>, the
/// baseline), <c>-c 'Import-Module …'</c> (<c>pwsh-import</c>) and a script that imports the module and
/// runs one turn with a tool against the loopback server (<c>pwsh-turn</c>). Strands.Bench.Host is a
/// minimal host giving the in-process baselines: a runspace and nothing else (<c>bare</c>), a runspace
/// plus the floor client's turn (<c>floor</c>), a runspace plus Import-Module (<c>import</c>), and a
/// runspace plus the module's turn (<c>strands</c>). Modes alternate; one discarded run of each first
/// settles the file cache.
/// </summary>
internal static class ColdStartBench
{
    private static readonly string[] Modes = { "bare", "floor", "import", "strands", "pwsh-null", "pwsh-import", "pwsh-turn" };

    private const string TurnScript = """
        param($ModulePath, $BaseUrl)
        Import-Module $ModulePath
        $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'sk-bench' -ApiBase "$BaseUrl/v1"
        $agent = New-StrandsAgent -Model $model -SystemPrompt 'You are a weather assistant. Use the lookup tool, then answer in one paragraph.' -Tool @{
            lookup = {
                <# .SYNOPSIS Looks up the current weather for a city. #>
                param([Parameter(Mandatory)][string] $city)
                'sunny, 21 C'
            }
        }
        (Invoke-StrandsAgent $agent 'What is the weather in Paris?' 6>$null).Text
        """;

    public static void Run(Options options, Uri baseUrl, Report report)
    {
        var configuration = typeof(ColdStartBench).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        var benchHost = Path.Combine(options.RepoRoot, "bench", "Strands.Bench.Host", "bin", configuration, "net10.0", "Strands.Bench.Host");
        var pwsh = Pwsh.CommandLine(options.RepoRoot);
        var script = Path.Combine(Path.GetTempPath(), $"strands-bench-turn-{Environment.ProcessId}.ps1");
        File.WriteAllText(script, TurnScript);
        var times = Modes.ToDictionary(m => m, _ => new List<double>());
        var cpu = Modes.ToDictionary(m => m, _ => new List<double>());
        var url = baseUrl.ToString().TrimEnd('/');
        try
        {
            (double, double) Run(string mode) => mode switch
            {
                "pwsh-null" => Start(pwsh, mode, "-NoProfile", "-NonInteractive", "-Command", "$null"),
                "pwsh-import" => Start(pwsh, mode, "-NoProfile", "-NonInteractive", "-Command", $"Import-Module '{options.ModulePath}'"),
                "pwsh-turn" => Start(pwsh, mode, "-NoProfile", "-NonInteractive", "-File", script, "-ModulePath", options.ModulePath, "-BaseUrl", url),
                _ => Start([benchHost], mode, mode, options.ModulePath, baseUrl.ToString()),
            };
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
        string Both(string mode) => $"{Report.F(W(mode), "ms", 0)} / {Report.F(C(mode), "ms", 0)}";
        const string section = "3. Import-Module (warm engine) and cold start";
        var floorTurn = C("floor") - C("bare");
        var added = C("pwsh-turn") - C("pwsh-null") - floorTurn;
        report.Add(new Row(section, "pwsh: Import-Module, cold process (median wall / CPU)", Both("pwsh-import"), Both("pwsh-null"), "", "", null,
            $"pwsh -NoProfile -c 'Import-Module …' against -c '$null': adds {Report.F(W("pwsh-import") - W("pwsh-null"), "ms", 0)} wall, {Report.F(C("pwsh-import") - C("pwsh-null"), "ms", 0)} CPU"));
        report.Add(new Row(section, "pwsh: cold start → first turn done (median wall / CPU)", Both("pwsh-turn"), Both("pwsh-null"), "", "adds ≤ 150 ms", added <= 150,
            $"import + one tool turn adds {Report.F(C("pwsh-turn") - C("pwsh-null"), "ms", 0)} CPU to pwsh -c '$null'; {Report.F(added, "ms", 0)} more than the floor client's turn ({Report.F(floorTurn, "ms", 0)})"));
        report.Add(new Row(section, "the same turn in the minimal host (median wall / CPU)", Both("strands"), Both("floor"), "", "", null,
            $"adds {Report.F(C("strands") - C("floor"), "ms CPU", 0)} to the floor's runspace + turn"));
        report.Add(new Row(section, "of which: Import-Module in the minimal host (median wall / CPU over a bare runspace)",
            $"{Report.F(W("import") - W("bare"), "ms", 0)} / {Report.F(C("import") - C("bare"), "ms", 0)}", "", "", "", null,
            $"the first turn then adds {Report.F(C("strands") - C("import"), "ms", 0)} CPU, against the floor's {Report.F(floorTurn, "ms", 0)}; a bare runspace: {Both("bare")}"));
        report.Note($"Section 3b: medians of {options.ColdStarts} fresh processes per mode, interleaved; pwsh is `{string.Join(' ', pwsh)}`. The verdict uses CPU time (user + system of the process and all its threads, from getrusage): wall time on this shared machine mostly measures the wait for a core.");
    }

    private static (double WallMs, double CpuMs) Start(IReadOnlyList<string> command, string mode, params string[] arguments)
    {
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var part in command.Skip(1)) start.ArgumentList.Add(part);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        var cpu = Stats.ChildrenCpu();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var used = (Stats.ChildrenCpu() - cpu).TotalMilliseconds;
        if (process.ExitCode != 0 || stderr.Length > 0) throw new InvalidOperationException($"{mode} failed with {process.ExitCode}: {stdout}{stderr}");
        return (elapsed, used);
    }
}
