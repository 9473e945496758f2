using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Strands.Telemetry
{
    /// <summary>
    /// Hands the finished spans of each invocation to an exporter that lives in another load
    /// context (an OpenTelemetry SDK whose <see cref="Activity"/> type is not this one). It listens to
    /// <see cref="AgentTracing.SourceName"/> only once an exporter is set, keeps the spans of each
    /// trace until its top-level <c>invoke_agent</c> span ends, then passes them on as plain values
    /// (BCL types only), parents before children, so the invocation's spans are exported, and
    /// flushed, before it returns.
    /// </summary>
    internal static class SpanRecorder
    {
        private static readonly object Gate = new();
        private static readonly Dictionary<ActivityTraceId, List<IReadOnlyDictionary<string, object?>>> Pending = new();
        private static ActivityListener? _listener;
        private static Action<IReadOnlyList<IReadOnlyDictionary<string, object?>>>? _sink;

        /// <summary>Sends every later invocation's spans to <paramref name="sink"/> (replacing an earlier one).</summary>
        public static void ExportTo(Action<IReadOnlyList<IReadOnlyDictionary<string, object?>>> sink)
        {
            lock (Gate)
            {
                _sink = sink;
                if (_listener != null) return;
                _listener = new ActivityListener
                {
                    ShouldListenTo = source => source.Name == AgentTracing.SourceName,
                    Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                    ActivityStopped = Stopped,
                };
                ActivitySource.AddActivityListener(_listener);
            }
        }

        private static void Stopped(Activity activity)
        {
            List<IReadOnlyDictionary<string, object?>> spans;
            Action<IReadOnlyList<IReadOnlyDictionary<string, object?>>>? sink;
            lock (Gate)
            {
                if (!Pending.TryGetValue(activity.TraceId, out spans!)) Pending[activity.TraceId] = spans = new List<IReadOnlyDictionary<string, object?>>();
                spans.Add(ToValues(activity));
                // A sub-agent's invoke_agent has a Strands span as its parent: the trace goes on.
                if (activity.Parent?.Source.Name == AgentTracing.SourceName || !activity.OperationName.StartsWith("invoke_agent", StringComparison.Ordinal)) return;
                Pending.Remove(activity.TraceId);
                sink = _sink;
            }
            // Children end before their parents: reversed, each span comes after its parent.
            spans.Reverse();
            sink?.Invoke(spans);
        }

        private static Dictionary<string, object?> ToValues(Activity activity)
        {
            var tags = new List<KeyValuePair<string, object?>>();
            foreach (var tag in activity.TagObjects) tags.Add(tag);
            return new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = activity.OperationName,
                ["kind"] = (int)activity.Kind,
                ["traceId"] = activity.TraceId.ToHexString(),
                ["spanId"] = activity.SpanId.ToHexString(),
                ["parentSpanId"] = activity.ParentSpanId == default ? null : activity.ParentSpanId.ToHexString(),
                ["start"] = activity.StartTimeUtc,
                ["end"] = activity.StartTimeUtc + activity.Duration,
                ["status"] = (int)activity.Status,
                ["statusDescription"] = activity.StatusDescription,
                ["tags"] = tags.ToArray(),
            };
        }
    }
}
