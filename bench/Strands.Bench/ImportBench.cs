using System;
using System.Collections.Generic;
using System.IO;

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
        var baseline = Path.Combine(dir.FullName, "Baseline.psm1");
        File.WriteAllText(baseline, "function Get-Baseline { param([string] $Name) \"hello $Name\" }\nExport-ModuleMember -Function Get-Baseline\n");
        try
        {
            using (var warm = new PsSession()) warm.Run("Get-Command -Module Microsoft.PowerShell.Core | Out-Null");

            double Import(string path)
            {
                using var session = new PsSession();
                return Stats.Ms(session.TimeCommand("Import-Module", "Name", path));
            }

            var baselineFirst = Import(baseline);
            var first = Import(options.ModulePath);
            var ours = new List<double>();
            var theirs = new List<double>();
            for (var i = 0; i < options.ImportRepeats; i++)
            {
                ours.Add(Import(options.ModulePath));
                theirs.Add(Import(baseline));
            }

            const string section = "3. Import-Module (warm engine) and cold start";
            report.Add(new Row(section, "Import-Module, first in the process (assemblies load)", Report.F(first, "ms", 1),
                Report.F(baselineFirst, "ms", 1) + " (trivial .psm1)", "", "≤ 50 ms", first <= 50));
            var again = Stats.Median(ours);
            report.Add(new Row(section, "Import-Module, again in a new runspace (median)", Report.F(again, "ms", 1),
                Report.F(Stats.Median(theirs), "ms", 1) + " (trivial .psm1)", "", "≤ 50 ms", again <= 50));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
