using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace Strands.Bench;

/// <summary>
/// Section 6: 1, 2, 4 and 8 agents, each in its own runspace on its own thread, running turns
/// through Invoke-StrandsAgent against the loopback server; beside the same number of floor
/// clients on threads, which shows what this machine (and the server sharing it) allows.
/// </summary>
internal static class ScalingBench
{
    private static readonly int[] Counts = { 1, 2, 4, 8 };

    public static void Run(Options options, Uri baseUrl, Report report)
    {
        var sessions = Enumerable.Range(0, Counts.Max()).Select(_ => new PsSession()).ToArray();
        try
        {
            var agents = sessions.Select(s => new CmdletTurn(s, baseUrl, options.ModulePath)).ToArray();
            var floors = Enumerable.Range(0, Counts.Max()).Select(_ => new FloorTurn(baseUrl)).ToArray();
            var ours = Counts.ToDictionary(n => n, _ => new List<double>());
            var floor = Counts.ToDictionary(n => n, _ => new List<double>());
            var duration = TimeSpan.FromSeconds(options.ScalingSeconds);

            foreach (var agent in agents) { agent.Reset(); agent.Run(); }
            for (var round = 0; round < options.ScalingRounds; round++)
            {
                foreach (var n in Stats.Rotated(Counts, round))
                {
                    ours[n].Add(TurnsPerSecond(n, duration, i => { agents[i].Reset(); agents[i].Run(); }));
                    floor[n].Add(TurnsPerSecond(n, duration, i => floors[i].RunTurnAsync().GetAwaiter().GetResult()));
                }
            }

            const string section = "6. Scaling (parallel runspaces, Invoke-StrandsAgent, loopback server)";
            foreach (var n in Counts)
                report.Add(new Row(section, $"{n} agent{(n > 1 ? "s" : "")}: turns/s", Report.F(Stats.Median(ours[n]), "", 0), Report.F(Stats.Median(floor[n]), "", 0), "", "", null));
            var ratio = Stats.Median(ours[8]) / Stats.Median(ours[1]);
            var floorRatio = Stats.Median(floor[8]) / Stats.Median(floor[1]);
            report.Add(new Row(section, "8 agents vs 1", Report.X(ratio), Report.X(floorRatio), "", "≥ 1.7×", ratio >= 1.7));
        }
        finally
        {
            foreach (var s in sessions) s.Dispose();
        }
    }

    private static double TurnsPerSecond(int workers, TimeSpan duration, Action<int> turn)
    {
        var turns = 0;
        using var go = new ManualResetEventSlim();
        var stop = 0L;
        var threads = Enumerable.Range(0, workers).Select(i => new Thread(() =>
        {
            go.Wait();
            while (Stopwatch.GetTimestamp() < Interlocked.Read(ref stop))
            {
                turn(i);
                Interlocked.Increment(ref turns);
            }
        }) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        var start = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref stop, start + (long)(duration.TotalSeconds * Stopwatch.Frequency));
        go.Set();
        threads.ForEach(t => t.Join());
        return turns / Stats.Ms(Stopwatch.GetTimestamp() - start) * 1000;
    }
}
