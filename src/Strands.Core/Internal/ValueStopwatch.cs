using System;
using System.Diagnostics;

namespace Strands.Internal
{
    /// <summary>
    /// Elapsed time from a <see cref="Stopwatch"/> timestamp, without a Stopwatch object: the agent
    /// loop times every invocation, model call and tool call.
    /// </summary>
    internal readonly struct ValueStopwatch
    {
        private static readonly double TicksPerTimestamp = (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency;
        private readonly long _start;

        private ValueStopwatch(long start) => _start = start;

        public static ValueStopwatch StartNew() => new(Stopwatch.GetTimestamp());

        public TimeSpan Elapsed => TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - _start) * TicksPerTimestamp));
    }
}
