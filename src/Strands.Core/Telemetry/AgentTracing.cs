using System;
using System.Collections.Generic;
using System.Diagnostics;
using Strands.Types;

namespace Strands.Telemetry
{
    /// <summary>
    /// The spans an agent emits, as Strands Agents emits them (OpenTelemetry GenAI semantic
    /// conventions): <c>invoke_agent</c> for an invocation, <c>execute_event_loop_cycle</c> for each
    /// cycle, <c>chat</c> for each model call and <c>execute_tool</c> for each tool call. They come
    /// from one <see cref="ActivitySource"/>, <see cref="SourceName"/>; with no listener no span is
    /// created and nothing is allocated. Message text is recorded only when
    /// <c>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT</c> is <c>true</c>; keys never are
    /// (requests are not recorded, and provider errors are scrubbed before they become errors).
    /// </summary>
    public static class AgentTracing
    {
        /// <summary>The name of the source, for an <see cref="ActivityListener"/> or an OpenTelemetry <c>AddSource</c>.</summary>
        public const string SourceName = "Strands.Agents";

        /// <summary>The variable that turns on the recording of prompts and completions.</summary>
        public const string CaptureContentVariable = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

        internal static readonly ActivitySource Source = new(SourceName, typeof(AgentTracing).Assembly.GetName().Version?.ToString());

        /// <summary>Whether prompt and completion text go into spans (read when a span that could hold it starts).</summary>
        internal static bool CaptureContent =>
            string.Equals(Environment.GetEnvironmentVariable(CaptureContentVariable), "true", StringComparison.OrdinalIgnoreCase);

        internal static Activity? StartInvocation(string agentName, string provider, string model)
        {
            if (!Source.HasListeners()) return null;
            var activity = Source.StartActivity("invoke_agent " + agentName, ActivityKind.Internal);
            if (activity == null) return null;
            activity.SetTag("gen_ai.operation.name", "invoke_agent");
            activity.SetTag("gen_ai.system", "strands-agents");
            activity.SetTag("gen_ai.agent.name", agentName);
            activity.SetTag("gen_ai.request.model", model);
            activity.SetTag("gen_ai.provider.name", provider);
            return activity;
        }

        internal static Activity? StartCycle(int cycle)
        {
            if (!Source.HasListeners()) return null;
            var activity = Source.StartActivity("execute_event_loop_cycle", ActivityKind.Internal);
            activity?.SetTag("event_loop.cycle_id", cycle);
            return activity;
        }

        internal static Activity? StartChat(string provider, string model)
        {
            if (!Source.HasListeners()) return null;
            var activity = Source.StartActivity("chat", ActivityKind.Client);
            if (activity == null) return null;
            activity.SetTag("gen_ai.operation.name", "chat");
            activity.SetTag("gen_ai.system", provider);
            activity.SetTag("gen_ai.request.model", model);
            return activity;
        }

        internal static void EndChat(Activity activity, ModelCallRecord call, string completion)
        {
            activity.SetTag("gen_ai.response.model", call.Model);
            if (!string.Equals(call.Provider, activity.GetTagItem("gen_ai.system") as string, StringComparison.Ordinal))
                activity.SetTag("gen_ai.response.system", call.Provider);
            SetUsage(activity, call.Usage);
            activity.SetTag("gen_ai.response.finish_reasons", new[] { call.StopReason.ToWireName() });
            if (call.CostUsd is decimal cost) activity.SetTag("strands.cost_usd", (double)cost);
            if (call.Fallbacks.Count > 0)
            {
                var taken = new string[call.Fallbacks.Count];
                for (var i = 0; i < taken.Length; i++) taken[i] = call.Fallbacks[i].ToString();
                activity.SetTag("strands.fallbacks", taken);
            }
            if (CaptureContent) activity.SetTag("gen_ai.completion", completion);
        }

        internal static void EndInvocation(Activity activity, InvocationMetrics metrics, string? completion)
        {
            SetUsage(activity, metrics.Usage);
            activity.SetTag("event_loop.cycles", metrics.Cycles);
            if (metrics.CostUsd is decimal cost) activity.SetTag("strands.cost_usd", (double)cost);
            if (completion != null && CaptureContent) activity.SetTag("gen_ai.completion", completion);
        }

        internal static void Prompt(Activity activity, IReadOnlyList<ContentBlock> prompt)
        {
            if (!CaptureContent) return;
            var text = new System.Text.StringBuilder();
            foreach (var block in prompt)
            {
                if (block is TextBlock t) text.Append(t.Text);
            }
            activity.SetTag("gen_ai.prompt", text.ToString());
        }

        internal static Activity? StartTool(ToolUseBlock use)
        {
            if (!Source.HasListeners()) return null;
            var activity = Source.StartActivity("execute_tool " + use.Name, ActivityKind.Internal);
            if (activity == null) return null;
            activity.SetTag("gen_ai.operation.name", "execute_tool");
            activity.SetTag("gen_ai.tool.name", use.Name);
            activity.SetTag("gen_ai.tool.call.id", use.ToolUseId);
            return activity;
        }

        internal static void EndTool(Activity activity, ToolResultBlock result, TimeSpan duration)
        {
            var success = result.Status == ToolResultStatus.Success;
            activity.SetTag("tool.status", success ? "success" : "error");
            activity.SetTag("tool.duration_ms", duration.TotalMilliseconds);
            if (!success) activity.SetStatus(ActivityStatusCode.Error, "The tool returned an error result.");
            if (CaptureContent) activity.SetTag("gen_ai.tool.result", result.ToText());
        }

        /// <summary>Marks a span failed with the error's id and message (messages are scrubbed of keys where they are made).</summary>
        internal static void Fail(Activity activity, Exception error)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.SetTag("error.type", error is StrandsException s ? s.ErrorId : error.GetType().Name);
        }

        private static void SetUsage(Activity activity, Usage usage)
        {
            activity.SetTag("gen_ai.usage.input_tokens", usage.InputTokens);
            activity.SetTag("gen_ai.usage.output_tokens", usage.OutputTokens);
            activity.SetTag("gen_ai.usage.total_tokens", usage.TotalTokens);
            activity.SetTag("gen_ai.usage.cache_read_input_tokens", usage.CacheReadInputTokens);
            activity.SetTag("gen_ai.usage.cache_write_input_tokens", usage.CacheWriteInputTokens);
        }
    }
}
