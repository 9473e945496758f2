using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;

namespace Strands.Bench;

/// <summary>
/// Sections 1 and 4: an agent turn (prompt → streamed tool call → tool → 200-chunk streamed
/// answer) through the floor, the OpenAI SDK, Strands.Core and Invoke-StrandsAgent, interleaved
/// in blocks whose order rotates each round; and the script-block tool's round trip.
/// </summary>
internal static class TurnBench
{
    private sealed class Samples
    {
        public readonly List<double> Ms = new();
        public double CpuMs;
        public long Bytes;
        public int Turns;
    }

    // The same script block run on the pipeline thread two ways: called directly (what the tool
    // itself costs) and through a nested PowerShell the way ToolRunner runs it (one instance reused,
    // ForEach-Object with the splatting wrapper): what a tool call costs on the pipeline thread
    // before any pump handoff.
    private const string ToolBaselineScript = """
        param($Count, $Nested)
        $tool = { param([Parameter(Mandatory)][string] $city) 'sunny, 21 C' }
        $arguments = @{ city = 'Paris' }
        $ps = [powershell]::Create('CurrentRunspace')
        $forEachObject = [System.Management.Automation.CmdletInfo]::new('ForEach-Object', [Microsoft.PowerShell.Commands.ForEachObjectCommand])
        $wrapper = [scriptblock]::Create('& { param($__strandsTool, $__strandsArgs, $__strandsItem) $_ = $__strandsItem; & $__strandsTool @__strandsArgs } @_')
        foreach ($i in 1..$Count) {
            $sw = [System.Diagnostics.Stopwatch]::StartNew()
            if ($Nested) {
                $ps.Commands.Clear()
                $ps.Streams.ClearStreams()
                $null = $ps.AddCommand($forEachObject).AddParameter('Process', $wrapper).AddParameter('InputObject', @($tool, $arguments, $null)).Invoke()
            }
            else {
                $null = & $tool @arguments
            }
            $sw.Elapsed.TotalMilliseconds * 1000
        }
        $ps.Dispose()
        """;

    public static async Task RunAsync(Options options, Uri baseUrl, Report report)
    {
        using var session = new PsSession();
        var cmdlet = new CmdletTurn(session, baseUrl, options.ModulePath);
        var clients = new List<(string Name, Func<Task<string>> Turn)>
        {
            ("floor", new FloorTurn(baseUrl).RunTurnAsync),
            ("core", new CoreTurn(baseUrl).RunTurnAsync),
            ("sdk", new SdkTurn(baseUrl).RunTurnAsync),
            ("cmdlet", () => { cmdlet.Reset(); return Task.FromResult(cmdlet.Run().Text); }),
        };
        var samples = clients.ToDictionary(c => c.Name, _ => new Samples());
        var pump = new List<double>();
        var direct = new List<double>();
        var nested = new List<double>();

        foreach (var (name, turn) in clients)
            for (var i = 0; i < options.WarmupTurns; i++)
            {
                var text = await turn();
                if (text != Wire.AnswerText) throw new InvalidOperationException($"{name} returned a wrong answer: '{text}'");
            }
        session.Run(ToolBaselineScript, ("Count", options.WarmupTurns), ("Nested", false));
        session.Run(ToolBaselineScript, ("Count", options.WarmupTurns), ("Nested", true));

        for (var round = 0; round < options.Rounds; round++)
        {
            foreach (var (name, turn) in Stats.Rotated(clients, round))
            {
                var s = samples[name];
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var cpu = Stats.Cpu();
                var bytes = Stats.Allocated();
                for (var i = 0; i < options.BlockTurns; i++)
                {
                    if (name == "cmdlet")
                    {
                        cmdlet.Reset();
                        var start = Stopwatch.GetTimestamp();
                        var (_, tool) = cmdlet.Run();
                        s.Ms.Add(Stats.Ms(Stopwatch.GetTimestamp() - start));
                        pump.Add(tool.TotalMilliseconds * 1000);
                    }
                    else
                    {
                        var start = Stopwatch.GetTimestamp();
                        await turn();
                        s.Ms.Add(Stats.Ms(Stopwatch.GetTimestamp() - start));
                    }
                }
                s.CpuMs += (Stats.Cpu() - cpu).TotalMilliseconds;
                s.Bytes += Stats.Allocated() - bytes;
                s.Turns += options.BlockTurns;
            }
            direct.AddRange(session.Run(ToolBaselineScript, ("Count", options.BlockTurns), ("Nested", false)).Select(o => Convert.ToDouble(o.BaseObject)));
            nested.AddRange(session.Run(ToolBaselineScript, ("Count", options.BlockTurns), ("Nested", true)).Select(o => Convert.ToDouble(o.BaseObject)));
        }

        double P50(string n) => Stats.Median(samples[n].Ms);
        double P95(string n) => Stats.Percentile(samples[n].Ms, 95);
        double Cpu(string n) => samples[n].CpuMs / samples[n].Turns;
        double Kb(string n) => samples[n].Bytes / 1024.0 / samples[n].Turns;

        const string turnSection = "1. Agent turn (prompt → streamed tool call → tool → 200-chunk streamed answer)";
        var coreVsFloor = P50("core") / P50("floor");
        var coreVsSdk = P50("core") / P50("sdk");
        report.Add(new Row(turnSection, "core: turn p50", Report.F(P50("core"), "ms"), Report.F(P50("floor"), "ms"), Report.F(P50("sdk"), "ms"),
            "≤ 1.3× floor, ≤ 0.5× peer", coreVsFloor <= 1.3 && coreVsSdk <= 0.5, $"{Report.X(coreVsFloor)} floor, {Report.X(coreVsSdk)} peer"));
        report.Add(new Row(turnSection, "core: turn p95", Report.F(P95("core"), "ms"), Report.F(P95("floor"), "ms"), Report.F(P95("sdk"), "ms"), "", null,
            $"{Report.X(P95("core") / P95("floor"))} floor, {Report.X(P95("core") / P95("sdk"))} peer"));
        report.Add(new Row(turnSection, "core: client CPU per turn", Report.F(Cpu("core"), "ms"), Report.F(Cpu("floor"), "ms"), Report.F(Cpu("sdk"), "ms"), "", null,
            $"{Report.X(Cpu("core") / Cpu("floor"))} floor, {Report.X(Cpu("core") / Cpu("sdk"))} peer"));
        report.Add(new Row(turnSection, "core: allocated per turn", Report.F(Kb("core"), "KB", 1), Report.F(Kb("floor"), "KB", 1), Report.F(Kb("sdk"), "KB", 1),
            "≤ 30 KB", Kb("core") <= 30));
        var cmdletVsFloor = P50("cmdlet") / P50("floor");
        report.Add(new Row(turnSection, "Invoke-StrandsAgent + script-block tool: p50", Report.F(P50("cmdlet"), "ms"), Report.F(P50("floor"), "ms"), Report.F(P50("sdk"), "ms"),
            "≤ 2× floor", cmdletVsFloor <= 2, Report.X(cmdletVsFloor) + " floor"));
        report.Add(new Row(turnSection, "Invoke-StrandsAgent: p95", Report.F(P95("cmdlet"), "ms"), Report.F(P95("floor"), "ms"), Report.F(P95("sdk"), "ms"), "", null,
            Report.X(P95("cmdlet") / P95("floor")) + " floor"));
        report.Add(new Row(turnSection, "Invoke-StrandsAgent: client CPU per turn", Report.F(Cpu("cmdlet"), "ms"), Report.F(Cpu("floor"), "ms"), Report.F(Cpu("sdk"), "ms"), "", null,
            Report.X(Cpu("cmdlet") / Cpu("floor")) + " floor"));
        report.Add(new Row(turnSection, "Invoke-StrandsAgent: allocated per turn", Report.F(Kb("cmdlet"), "KB", 1), Report.F(Kb("floor"), "KB", 1), Report.F(Kb("sdk"), "KB", 1), "", null));
        report.Note($"Section 1: {samples["core"].Turns} timed turns per client in {options.Rounds} rounds of {options.BlockTurns}, after {options.WarmupTurns} warm-up turns each; CPU and allocations are whole-process deltas per block (the server runs in its own process).");

        const string pumpSection = "4. Script-block tool round trip through the pipeline pump";
        var pumpP50 = Stats.Median(pump);
        report.Add(new Row(pumpSection, "tool round trip p50 (core → pump → script block → result)", Report.F(pumpP50, "µs", 0),
            Report.F(Stats.Median(direct), "µs", 0) + " (direct `& $tool`)", "", "≤ 200 µs p50", pumpP50 <= 200,
            $"p95 {Report.F(Stats.Percentile(pump, 95), "µs", 0)}"));
        report.Add(new Row(pumpSection, "of which: nested pipeline for the call, on the pipeline thread (p50)", Report.F(Stats.Median(nested), "µs", 0),
            Report.F(Stats.Median(direct), "µs", 0) + " (direct `& $tool`)", "", "", null,
            "reused nested PowerShell + ForEach-Object wrapper + Invoke, as ToolRunner does; the rest of the round trip is schema check, argument conversion and the two thread handoffs"));
    }
}
