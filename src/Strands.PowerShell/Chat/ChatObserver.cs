using System;
using Strands.Agent;
using Strands.Chat;
using Strands.PowerShell.Hosting;
using Strands.Types;

namespace Strands.PowerShell.Chat
{
    /// <summary>
    /// Shows one chat turn as it happens: the answer's text as it streams, and one dim line per
    /// tool call, started when the tool starts (<c>→ name (args)</c>) and finished in place when it
    /// ends (<c>✓ 12 ms</c>). Called on the loop's task; every write is posted to the pump.
    /// </summary>
    internal sealed class ChatObserver : AgentObserver
    {
        // Room kept after the start of a tool line for its outcome ("✓ 12345 ms").
        private const int OutcomeRoom = 14;
        private readonly PipelinePump _pump;
        private readonly ChatConsole _console;
        private readonly Action<object?> _writeText;
        // Pipeline thread only: the tool whose line is open, waiting for its outcome.
        private string? _openToolUseId;

        public ChatObserver(PipelinePump pump, ChatConsole console)
        {
            _pump = pump;
            _console = console;
            _writeText = text =>
            {
                CloseToolLine();
                _console.Write((string)text!);
            };
        }

        public override void OnCycleStart(int cycle) => _pump.Post(() =>
        {
            // Each cycle's text starts on its own line, so the text before and after a tool never run together.
            CloseToolLine();
            _console.EndLine();
        });

        public override void OnStreamEvent(ModelStreamEvent streamEvent)
        {
            if (streamEvent is TextDeltaEvent text) _pump.Post(_writeText, text.Text);
        }

        public override void OnToolStart(ToolUseBlock toolUse) => _pump.Post(() =>
        {
            CloseToolLine();
            _console.EndLine();
            _console.WriteDim(ToolCallLine.Start(toolUse, Math.Max(20, _console.Width - OutcomeRoom)) + " ");
            _openToolUseId = toolUse.ToolUseId;
        });

        public override void OnToolResult(ToolUseBlock toolUse, ToolResultBlock result, TimeSpan duration) => _pump.Post(() =>
        {
            if (_openToolUseId == toolUse.ToolUseId)
            {
                _console.WriteDim(ToolCallLine.Outcome(result, duration, Math.Max(10, OutcomeRoom + 40)));
                _openToolUseId = null;
                _console.EndLine();
                return;
            }
            // Something else was written since the tool started (another tool, a prompt): a line of its own.
            CloseToolLine();
            _console.DimLine($"  {toolUse.Name} " + ToolCallLine.Outcome(result, duration, Math.Max(20, _console.Width - toolUse.Name.Length - 3)));
        });

        /// <summary>Marks the turn as stopped by Ctrl+C: on the running tool's line, or on a line of its own.</summary>
        public void Stopped()
        {
            if (_openToolUseId != null) _console.WriteDim("✗ stopped");
            else _console.DimLine("(stopped)");
            Complete();
        }

        /// <summary>Ends whatever line is open; pipeline thread, before a question or the next prompt.</summary>
        public void Complete()
        {
            CloseToolLine();
            _console.EndLine();
        }

        private void CloseToolLine()
        {
            if (_openToolUseId == null) return;
            _openToolUseId = null;
            _console.EndLine();
        }
    }
}
