using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.InteropServices;

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

    /// <summary>
    /// CPU time of the whole process, precise to the nanosecond on Linux (clock_gettime), where
    /// Process.TotalProcessorTime only counts 10 ms ticks.
    /// </summary>
    public static TimeSpan Cpu()
    {
        if (OperatingSystem.IsLinux() && clock_gettime(ProcessCpuTimeClock, out var ts) == 0)
            return TimeSpan.FromTicks(ts.Seconds * TimeSpan.TicksPerSecond + ts.Nanoseconds / 100);
        return Process.GetCurrentProcess().TotalProcessorTime;
    }

    /// <summary>CPU time of every child process this one has waited for (getrusage), or zero where unsupported.</summary>
    public static TimeSpan ChildrenCpu()
    {
        if (!OperatingSystem.IsLinux() || getrusage(ChildrenUsage, out var usage) != 0) return TimeSpan.Zero;
        long micros = (usage.UserSeconds + usage.SystemSeconds) * 1_000_000 + usage.UserMicros + usage.SystemMicros;
        return TimeSpan.FromTicks(micros * 10);
    }

    /// <summary>CPU time of the calling thread (clock_gettime), or null where unsupported.</summary>
    public static TimeSpan? ThreadCpu()
    {
        if (OperatingSystem.IsLinux() && clock_gettime(ThreadCpuTimeClock, out var ts) == 0)
            return TimeSpan.FromTicks(ts.Seconds * TimeSpan.TicksPerSecond + ts.Nanoseconds / 100);
        return null;
    }

    private const int ProcessCpuTimeClock = 2;
    private const int ThreadCpuTimeClock = 3;
    private const int ChildrenUsage = -1;

    // struct rusage on 64-bit Linux: two timevals, then 14 longs this code does not read.
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicros;
        public long SystemSeconds;
        public long SystemMicros;
        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 14)]
        public long[] Rest;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out RUsage usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clock, out TimeSpec time);

    /// <summary>Every allocation in the process so far (all threads, precise).</summary>
    public static long Allocated() => GC.GetTotalAllocatedBytes(precise: true);

    /// <summary>Rotates the order each round so no client always runs right after another's GC debt.</summary>
    public static IEnumerable<T> Rotated<T>(IReadOnlyList<T> items, int round)
    {
        for (var i = 0; i < items.Count; i++) yield return items[(i + round) % items.Count];
    }
}
