using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Strands.Bench;

/// <summary>
/// Section 3a: Import-Module in a warm engine (a runspace has already run), first in this process
/// (the module's assemblies load) and again in fresh runspaces, beside a trivial script module.
/// </summary>
internal static class ImportBench
{
    public static void Run(Options options, Report report)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"strands-bench-{Environment.ProcessId}"));
        // A manifest module like ours, so the engine's one-time cost of its first .psd1 is paid by the warm-up.
        var baseline = Path.Combine(dir.FullName, "Baseline.psd1");
        File.WriteAllText(Path.Combine(dir.FullName, "Baseline.psm1"), "function Get-Baseline { param([string] $Name) \"hello $Name\" }\n");
        File.WriteAllText(baseline, "@{ RootModule = 'Baseline.psm1'; ModuleVersion = '1.0.0'; GUID = '0c8f2a39-6c0e-4d8e-9a7b-2f1f6f3c1a11'; FunctionsToExport = @('Get-Baseline'); CmdletsToExport = @(); VariablesToExport = @(); AliasesToExport = @() }\n");
        try
        {
            // Warm: the engine has run commands and imported a module, as a pwsh session has by its
            // first prompt, so the first Strands import below pays only for Strands.
            using (var warm = new PsSession()) warm.Run("param($Path) Get-Command -Module Microsoft.PowerShell.Core | Out-Null; Import-Module $Path", ("Path", baseline));

            (double Wall, double Cpu) Import(string path)
            {
                using var session = new PsSession();
                var cpu = Stats.Cpu();
                var wall = Stats.Ms(session.TimeCommand("Import-Module", "Name", path));
                return (wall, (Stats.Cpu() - cpu).TotalMilliseconds);
            }

            var baselineFirst = Import(baseline);
            var first = Import(options.ModulePath);
            var ours = new List<(double Wall, double Cpu)>();
            var theirs = new List<(double Wall, double Cpu)>();
            for (var i = 0; i < options.ImportRepeats; i++)
            {
                ours.Add(Import(options.ModulePath));
                theirs.Add(Import(baseline));
            }
            string Both((double Wall, double Cpu) t) => $"{Report.F(t.Wall, "ms", 1)} / {Report.F(t.Cpu, "ms", 1)}";
            (double, double) Median(List<(double Wall, double Cpu)> l) => (Stats.Median(l.Select(t => t.Wall).ToList()), Stats.Median(l.Select(t => t.Cpu).ToList()));

            const string section = "3. Import-Module (warm engine) and cold start";
            report.Add(new Row(section, "Import-Module, first in a warm process (wall / CPU)", Both(first),
                Both(baselineFirst) + " (trivial manifest module)", "", "≤ 50 ms", first.Cpu <= 50));
            var again = Median(ours);
            report.Add(new Row(section, "Import-Module, again in a new runspace (median wall / CPU)", Both(again),
                Both(Median(theirs)) + " (trivial manifest module)", "", "≤ 50 ms", again.Item2 <= 50));
            report.Note("Section 3a: verdicts use the process's CPU time during the import (single-threaded work plus background JIT), which on an idle machine is what the wall clock would show.");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
