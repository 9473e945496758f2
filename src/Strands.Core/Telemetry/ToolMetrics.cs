using System;

namespace Strands.Telemetry
{
    /// <summary>Calls of one tool: counts and time (Strands' ToolMetrics).</summary>
    public sealed class ToolMetrics
    {
        /// <summary>Creates empty metrics for a tool.</summary>
        public ToolMetrics(string name) => Name = name;

        /// <summary>Restores saved totals (a session file).</summary>
        internal ToolMetrics(string name, int callCount, int successCount, int errorCount, TimeSpan totalTime)
        {
            Name = name;
            CallCount = callCount;
            SuccessCount = successCount;
            ErrorCount = errorCount;
            TotalTime = totalTime;
        }

        /// <summary>The tool's name.</summary>
        public string Name { get; }
        /// <summary>Calls made.</summary>
        public int CallCount { get; private set; }
        /// <summary>Calls that succeeded.</summary>
        public int SuccessCount { get; private set; }
        /// <summary>Calls that failed, were refused or had invalid input.</summary>
        public int ErrorCount { get; private set; }
        /// <summary>Time spent in the tool.</summary>
        public TimeSpan TotalTime { get; private set; }
        /// <summary>Mean time per call.</summary>
        public TimeSpan AverageTime => CallCount == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(TotalTime.Ticks / CallCount);

        internal void Record(bool success, TimeSpan duration)
        {
            CallCount++;
            if (success) SuccessCount++; else ErrorCount++;
            TotalTime += duration;
        }

        internal void Add(ToolMetrics other)
        {
            CallCount += other.CallCount;
            SuccessCount += other.SuccessCount;
            ErrorCount += other.ErrorCount;
            TotalTime += other.TotalTime;
        }
    }
}
