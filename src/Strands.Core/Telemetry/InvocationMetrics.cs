using System;
using System.Collections.Generic;
using System.Linq;
using Strands.Types;

namespace Strands.Telemetry
{
    /// <summary>Metrics of one invocation, or accumulated over many (per agent).</summary>
    public sealed class InvocationMetrics
    {
        private readonly Dictionary<string, ToolMetrics> _tools = new(StringComparer.Ordinal);
        private readonly List<ModelCallRecord> _modelCalls = new();

        /// <summary>Event-loop cycles run (one per model call that was answered).</summary>
        public int Cycles { get; private set; }
        /// <summary>Invocations counted (1 for a single invocation).</summary>
        public int Invocations { get; private set; }
        /// <summary>Tokens used.</summary>
        public Usage Usage { get; private set; } = Usage.Zero;
        /// <summary>Sum of model-call latencies (measured, not 0 as in Strands' LiteLLM provider).</summary>
        public TimeSpan Latency { get; private set; }
        /// <summary>Wall-clock time of the invocation(s).</summary>
        public TimeSpan Duration { get; private set; }
        /// <summary>Cost in USD; null while any call's model was not priced.</summary>
        public decimal? CostUsd { get; private set; }
        /// <summary>Per-tool metrics, by tool name.</summary>
        public IReadOnlyDictionary<string, ToolMetrics> Tools => _tools;
        /// <summary>The model calls of this invocation, in order (empty on an agent's accumulated metrics, which keep only sums so a long-lived agent's memory stays flat).</summary>
        public IReadOnlyList<ModelCallRecord> ModelCalls => _modelCalls;
        /// <summary>Number of model calls.</summary>
        public int ModelCallCount { get; private set; }
        /// <summary>Total tool calls.</summary>
        public int ToolCallCount => _tools.Values.Sum(t => t.CallCount);

        private bool _anyCall;

        internal void StartCycle() => Cycles++;

        internal void RecordModelCall(ModelCallRecord call)
        {
            _modelCalls.Add(call);
            AddCall(call.Usage, call.Latency, call.CostUsd, 1);
        }

        private void AddCall(Usage usage, TimeSpan latency, decimal? cost, int calls)
        {
            Usage += usage;
            Latency += latency;
            CostUsd = !_anyCall ? cost : (CostUsd is decimal a && cost is decimal b ? a + b : null);
            ModelCallCount += calls;
            _anyCall = true;
        }

        internal void RecordTool(string name, bool success, TimeSpan duration)
        {
            if (!_tools.TryGetValue(name, out var metrics)) _tools[name] = metrics = new ToolMetrics(name);
            metrics.Record(success, duration);
        }

        internal void Finish(TimeSpan duration)
        {
            Invocations = 1;
            Duration = duration;
        }

        /// <summary>
        /// Adds the model calls of an invocation nested in this one (an agent used as a tool):
        /// tokens, latency, cost and call count. Cycles, duration, invocations and tools stay the
        /// caller's own, because the nested run happened inside the caller's tool call.
        /// </summary>
        internal void AddNested(InvocationMetrics nested)
        {
            if (nested.ModelCallCount > 0) AddCall(nested.Usage, nested.Latency, nested.CostUsd, nested.ModelCallCount);
        }

        /// <summary>
        /// This invocation's metrics with only the model calls <paramref name="keep"/> selects, the
        /// cycles, tools, duration and invocation count kept; and the other calls alone, as nested calls
        /// are counted. Session rows per answering model use it when a fallback answered some calls.
        /// </summary>
        internal (InvocationMetrics Kept, InvocationMetrics Others) Partition(Func<ModelCallRecord, bool> keep)
        {
            var kept = new InvocationMetrics { Invocations = Invocations, Cycles = Cycles, Duration = Duration };
            foreach (var tool in _tools.Values)
            {
                var copy = new ToolMetrics(tool.Name);
                copy.Add(tool);
                kept._tools[tool.Name] = copy;
            }
            var others = new InvocationMetrics();
            foreach (var call in _modelCalls) (keep(call) ? kept : others).RecordModelCall(call);
            return (kept, others);
        }

        /// <summary>
        /// Builds an accumulator from saved totals (a session file). Like any accumulator it keeps
        /// sums only, no per-call records.
        /// </summary>
        internal static InvocationMetrics FromTotals(int invocations, int cycles, int modelCalls, Usage usage, TimeSpan latency, TimeSpan duration, decimal? costUsd, IEnumerable<ToolMetrics> tools)
        {
            var m = new InvocationMetrics { Invocations = invocations, Cycles = cycles, Duration = duration };
            if (modelCalls > 0) m.AddCall(usage, latency, costUsd, modelCalls);
            foreach (var tool in tools) m._tools[tool.Name] = tool;
            return m;
        }

        /// <summary>Makes this accumulator equal to <paramref name="other"/>'s sums (session restore).</summary>
        internal void ReplaceWith(InvocationMetrics other)
        {
            Invocations = 0;
            Cycles = 0;
            Duration = TimeSpan.Zero;
            Usage = Usage.Zero;
            Latency = TimeSpan.Zero;
            CostUsd = null;
            ModelCallCount = 0;
            _anyCall = false;
            _tools.Clear();
            _modelCalls.Clear();
            Accumulate(other);
        }

        /// <summary>Adds another invocation's metrics into this accumulator.</summary>
        internal void Accumulate(InvocationMetrics other)
        {
            Invocations += other.Invocations;
            Cycles += other.Cycles;
            Duration += other.Duration;
            if (other.ModelCallCount > 0) AddCall(other.Usage, other.Latency, other.CostUsd, other.ModelCallCount);
            foreach (var tool in other._tools.Values)
            {
                if (!_tools.TryGetValue(tool.Name, out var mine)) _tools[tool.Name] = mine = new ToolMetrics(tool.Name);
                mine.Add(tool);
            }
        }
    }
}
