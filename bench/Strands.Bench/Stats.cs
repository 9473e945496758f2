using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace Strands.Bench;

internal static class Stats
{
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToArray();
        var rank = p / 100.0 * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);

    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public static double Us(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    public static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Every allocation in the process so far (all threads, precise).</summary>
    public static long Allocated() => GC.GetTotalAllocatedBytes(precise: true);

    /// <summary>Rotates the order each round so no client always runs right after another's GC debt.</summary>
    public static IEnumerable<T> Rotated<T>(IReadOnlyList<T> items, int round)
    {
        for (var i = 0; i < items.Count; i++) yield return items[(i + round) % items.Count];
    }
}
