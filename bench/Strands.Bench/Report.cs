using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Strands.Bench;

/// <summary>One measured figure beside its same-run baselines, and the target it is held to.</summary>
internal sealed record Row(string Section, string Measure, string Ours, string Floor, string Peer, string Target, bool? Met, string Note = "");

internal sealed class Report
{
    private readonly List<Row> _rows = new();
    private readonly List<string> _notes = new();

    public void Add(Row row)
    {
        _rows.Add(row);
        var verdict = row.Met switch { true => "met", false => "MISSED", null => "" };
        Console.WriteLine($"  {row.Measure,-44} ours {row.Ours,-14} floor {row.Floor,-14} peer {row.Peer,-14} {row.Target,-26} {verdict}");
    }

    public void Note(string text)
    {
        _notes.Add(text);
        Console.WriteLine("  note: " + text);
    }

    public static string F(double value, string unit, int decimals = 2) =>
        double.IsNaN(value) ? "n/a" : value.ToString("F" + decimals, CultureInfo.InvariantCulture) + (unit.Length > 0 ? " " + unit : "");

    public static string X(double ratio) => double.IsNaN(ratio) ? "n/a" : ratio.ToString("F2", CultureInfo.InvariantCulture) + "×";

    public string Markdown(string command, string environment, TimeSpan duration)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Strands for PowerShell: benchmark results");
        sb.AppendLine();
        sb.AppendLine("Reproduce (from the repository root; Release build; a full run takes 2–5 minutes on a shared 2-core machine, `--quick` about 1):");
        sb.AppendLine();
        sb.AppendLine("```bash");
        sb.AppendLine(command);
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine(environment + $" Whole run: {duration.TotalSeconds:F0} s.");
        sb.AppendLine();
        sb.AppendLine("Every figure sits beside baselines measured in the same run, interleaved with it: **floor** is a");
        sb.AppendLine("minimal hand-written HttpClient + Utf8JsonReader client (bench/Strands.Bench/FloorClient.cs) doing the");
        sb.AppendLine("same work, **peer** is the OpenAI .NET SDK 2.15.0. Targets are ratios to those baselines; absolute");
        sb.AppendLine("times on this shared machine move with the other builds running beside it.");
        // Sections run in the order that keeps first-time loads honest; they read best by number.
        foreach (var section in _rows.Select(r => r.Section).Distinct().OrderBy(n => n, StringComparer.Ordinal))
        {
            sb.AppendLine();
            sb.AppendLine("## " + section);
            sb.AppendLine();
            sb.AppendLine("| measure | ours | floor | peer (OpenAI SDK) | target | verdict |");
            sb.AppendLine("|---|---|---|---|---|---|");
            foreach (var r in _rows.Where(r => r.Section == section))
            {
                var verdict = r.Met switch { true => "met", false => "**missed**", null => "" };
                if (r.Note.Length > 0) verdict += (verdict.Length > 0 ? ": " : "") + r.Note;
                sb.AppendLine($"| {r.Measure} | {r.Ours} | {r.Floor} | {r.Peer} | {r.Target} | {verdict} |");
            }
        }
        if (_notes.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Notes from this run");
            sb.AppendLine();
            foreach (var n in _notes) sb.AppendLine("- " + n);
        }
        return sb.ToString();
    }

    public void Write(string path, string command, string environment, TimeSpan duration, string? analysis)
    {
        var text = Markdown(command, environment, duration);
        if (analysis != null) text += Environment.NewLine + analysis;
        File.WriteAllText(path, text);
    }
}
