using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.Agent;
using Strands.Models;
using Strands.Tools;
using Strands.Types;
using AgentType = Strands.Agent.Agent;

namespace Strands.Bench;

/// <summary>
/// Section 5: live heap after 1,000 and 10,000 turns of one agent whose conversation persists
/// under the sliding window (40 messages).
/// </summary>
/// <remarks>
/// The model is in memory: the question is whether the agent (history, window, metrics) retains
/// anything per turn, and 10,000 loopback turns would add minutes and the HTTP stack's own pools
/// (connections, buffers) whose size moves with timing rather than with the agent. The adapter's
/// per-turn garbage is covered by section 1's allocation figures.
/// </remarks>
internal static class MemoryBench
{
    public static async Task RunAsync(Report report)
    {
        var agent = new AgentType(new InMemoryModel(), new AgentOptions
        {
            SystemPrompt = new ContentBlock[] { new TextBlock(Wire.SystemPrompt) },
            Tools = new ITool[] { new EchoTool() },
        });
        var heap = new Dictionary<int, long>();
        heap[0] = GC.GetTotalMemory(forceFullCollection: true);
        for (var turn = 1; turn <= 10_000; turn++)
        {
            var result = await agent.InvokeAsync(Wire.Prompt);
            if (turn == 1 && result.Text != Wire.AnswerText) throw new InvalidOperationException("The in-memory turn returned a wrong answer.");
            if (turn is 100 or 1_000 or 5_000 or 10_000) heap[turn] = GC.GetTotalMemory(forceFullCollection: true);
        }
        GC.KeepAlive(agent);

        // Section 1's turn minus the wire: same empty start, same tool call and 200 deltas, but the
        // events come pre-built, so what remains is the loop, the history and the tool call.
        var fresh = new AgentType(new InMemoryModel(), new AgentOptions
        {
            SystemPrompt = new ContentBlock[] { new TextBlock(Wire.SystemPrompt) },
            Tools = new ITool[] { new EchoTool() },
        });
        const int loopTurns = 2_000;
        for (var i = 0; i < 200; i++) await fresh.InvokeAsync(Wire.Prompt);
        var before = Stats.Allocated();
        var cpu = Stats.Cpu();
        for (var i = 0; i < loopTurns; i++)
        {
            fresh.LoadMessages(Array.Empty<Message>());
            await fresh.InvokeAsync(Wire.Prompt);
        }
        var loopUs = (Stats.Cpu() - cpu).TotalMilliseconds * 1000 / loopTurns;
        var loopKb = (Stats.Allocated() - before) / (double)loopTurns / 1024;

        var growth = (heap[10_000] - heap[1_000]) / 1024.0 / 1024.0;
        const string section = "5. Memory (one agent, sliding window of 40 messages, in-memory model)";
        string Mb(int turn) => Report.F(heap[turn] / 1024.0 / 1024.0, "MB", 2);
        report.Add(new Row(section, "live heap after 1,000 → 10,000 turns", $"{Mb(1_000)} → {Mb(10_000)}", $"{Mb(0)} before turn 1", "",
            "flat ± 1 MB", Math.Abs(growth) <= 1, $"{(growth >= 0 ? "+" : "")}{growth:F3} MB; after 100: {Mb(100)}, 5,000: {Mb(5_000)}; {agent.Messages.Count} messages kept"));
        report.Add(new Row(section, "agent loop alone per turn (no HTTP, events pre-built): allocated / CPU", $"{Report.F(loopKb, "KB", 1)} / {Report.F(loopUs, "µs", 0)}", "", "", "", null,
            "the share of section 1's core figures that is the loop, history and tool call rather than the wire"));
    }

    private sealed class EchoTool : ITool
    {
        public ToolSpec Spec { get; } = new(Wire.ToolName, Wire.ToolDescription, JsonDocument.Parse(Wire.ToolSchema).RootElement.Clone());

        public Task<ToolOutput> InvokeAsync(ToolCall call, CancellationToken cancellationToken) => Task.FromResult(ToolOutput.Text(Wire.ToolResult));
    }

    /// <summary>Streams the same tool call, then (after a tool result) the 200-delta answer, as the adapter would emit them.</summary>
    private sealed class InMemoryModel : IModel
    {
        private static readonly ModelStreamEvent[] ToolTurn =
        {
            new ToolUseStartEvent(Wire.ToolCallId, Wire.ToolName),
            new ToolUseInputDeltaEvent("{\"city\":\"Paris\"}"),
            ContentBlockStopEvent.Instance,
            new MessageStopEvent(StopReason.ToolUse, "tool_calls"),
            new MetadataEvent(new Usage(84, 15)),
        };

        private static readonly ModelStreamEvent[] AnswerTurn = Enumerable.Range(0, Wire.AnswerChunks)
            .Select(i => (ModelStreamEvent)new TextDeltaEvent(Wire.Token(i)))
            .Concat(new ModelStreamEvent[] { ContentBlockStopEvent.Instance, new MessageStopEvent(StopReason.EndTurn, "stop"), new MetadataEvent(new Usage(112, 200)) })
            .ToArray();

        public string Provider => "openai";

        public string ModelName => Wire.Model;

        public async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            var events = request.Messages[^1].ToolResults.Any() ? AnswerTurn : ToolTurn;
            foreach (var e in events) yield return e;
        }
    }
}
