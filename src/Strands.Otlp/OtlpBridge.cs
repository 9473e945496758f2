using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Strands.Otlp
{
    /// <summary>
    /// Replays the spans the module recorded (plain values) through an ActivitySource of this
    /// context, which a TracerProvider with the OTLP/HTTP exporter listens to, and flushes them. Each
    /// span keeps its trace, times, kind, tags and status; span ids are new ones (an Activity cannot be
    /// given its id), with every parent link mapped to its parent's new id, and the invocation's own
    /// parent (the caller's span) kept as it was.
    /// </summary>
    public static class OtlpBridge
    {
        private const string ReplaySource = "Strands.Agents";
        private static readonly ConcurrentDictionary<string, Action<IReadOnlyList<IReadOnlyDictionary<string, object?>>>> Sinks = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The sink for <paramref name="endpoint"/> (the OTLP base URL; <c>/v1/traces</c> is added), made once per endpoint.</summary>
        public static Action<IReadOnlyList<IReadOnlyDictionary<string, object?>>> Open(string endpoint) =>
            Sinks.GetOrAdd(endpoint, Create);

        private static Action<IReadOnlyList<IReadOnlyDictionary<string, object?>>> Create(string endpoint)
        {
            var source = new ActivitySource(ReplaySource);
            var provider = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("strands-powershell"))
                .AddSource(ReplaySource)
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = new Uri(endpoint.TrimEnd('/') + "/v1/traces");
                    o.Protocol = OtlpExportProtocol.HttpProtobuf;
                })
                .Build()!;
            var gate = new object();
            return spans =>
            {
                lock (gate)
                {
                    Replay(source, spans);
                    provider.ForceFlush(10_000);
                }
            };
        }

        private static void Replay(ActivitySource source, IReadOnlyList<IReadOnlyDictionary<string, object?>> spans)
        {
            var newIds = new Dictionary<string, ActivitySpanId>(StringComparer.Ordinal);
            var newTraces = new Dictionary<string, ActivityTraceId>(StringComparer.Ordinal);
            foreach (var span in spans)
            {
                var traceId = (string)span["traceId"]!;
                // A root span gets a new trace id (an Activity cannot be given one): its children follow it.
                var trace = newTraces.TryGetValue(traceId, out var newTrace) ? newTrace : ActivityTraceId.CreateFromString(traceId.AsSpan());
                var parentId = span["parentSpanId"] as string;
                var parent = parentId == null ? default
                    : new ActivityContext(trace, newIds.TryGetValue(parentId, out var mapped) ? mapped : ActivitySpanId.CreateFromString(parentId.AsSpan()), ActivityTraceFlags.Recorded);
                var tags = (KeyValuePair<string, object?>[])span["tags"]!;
                var start = new DateTimeOffset((DateTime)span["start"]!);
                using var activity = parentId == null
                    ? source.StartActivity((ActivityKind)(int)span["kind"]!, default(ActivityContext), tags, null, start, (string)span["name"]!)
                    : source.StartActivity((ActivityKind)(int)span["kind"]!, parent, tags, null, start, (string)span["name"]!);
                if (activity == null) continue;
                newIds[(string)span["spanId"]!] = activity.SpanId;
                if (parentId == null) newTraces[traceId] = activity.TraceId;
                var status = (ActivityStatusCode)(int)span["status"]!;
                if (status != ActivityStatusCode.Unset) activity.SetStatus(status, span["statusDescription"] as string);
                activity.SetEndTime((DateTime)span["end"]!);
            }
        }
    }
}
