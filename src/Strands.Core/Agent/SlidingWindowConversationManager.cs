using System;
using System.Collections.Generic;
using System.Linq;
using Strands.Types;

namespace Strands.Agent
{
    /// <summary>
    /// Keeps the conversation within a window of messages (Strands' default manager). It only cuts
    /// in front of a user message that carries no tool results, so no toolResult is ever sent
    /// without its toolUse, nor a toolUse without its result.
    /// </summary>
    public sealed class SlidingWindowConversationManager
    {
        /// <summary>Text longer than this in a tool result is shortened when the context overflows.</summary>
        internal const int TruncateAbove = 400;
        private const int PreserveChars = 200;

        /// <summary>Creates a manager keeping at most <paramref name="windowSize"/> messages.</summary>
        public SlidingWindowConversationManager(int windowSize = AgentOptions.DefaultWindowSize)
        {
            if (windowSize < 1) throw new ArgumentOutOfRangeException(nameof(windowSize), "The window must hold at least one message.");
            WindowSize = windowSize;
        }

        /// <summary>Most messages kept between invocations.</summary>
        public int WindowSize { get; }

        /// <summary>Messages dropped so far.</summary>
        public int RemovedMessageCount { get; private set; }

        /// <summary>Sets the count of dropped messages from a saved session, so the window position survives a restart.</summary>
        internal void RestoreRemovedMessageCount(int count) => RemovedMessageCount = Math.Max(0, count);

        /// <summary>Trims the oldest messages when the window is exceeded.</summary>
        public void ApplyManagement(List<Message> messages)
        {
            if (messages.Count <= WindowSize) return;
            var cut = FirstSafeCut(messages, messages.Count - WindowSize);
            if (cut > 0) Remove(messages, cut);
        }

        /// <summary>
        /// Makes room after a context-window overflow: first shortens the oldest large tool results,
        /// then drops the oldest turn. Returns false when nothing more can be removed.
        /// </summary>
        public bool ReduceContext(List<Message> messages)
        {
            if (TruncateOldestToolResults(messages)) return true;
            var cut = FirstSafeCut(messages, Math.Max(1, messages.Count / 4));
            if (cut <= 0 || cut >= messages.Count) return false;
            Remove(messages, cut);
            return true;
        }

        private void Remove(List<Message> messages, int count)
        {
            messages.RemoveRange(0, count);
            RemovedMessageCount += count;
        }

        // The smallest index >= from where a plain user turn starts (not the first message), or -1.
        private static int FirstSafeCut(List<Message> messages, int from)
        {
            for (var i = Math.Max(1, from); i < messages.Count; i++)
            {
                var m = messages[i];
                if (m.Role == Role.User && !m.ToolResults.Any()) return i;
            }
            return -1;
        }

        private static bool TruncateOldestToolResults(List<Message> messages)
        {
            for (var i = 0; i < messages.Count; i++)
            {
                var m = messages[i];
                if (!m.ToolResults.Any()) continue;
                var changed = false;
                var blocks = m.Content.Select(b =>
                {
                    if (b is not ToolResultBlock r) return b;
                    var content = r.Content.Select(c =>
                    {
                        var text = c.Text ?? c.Json?.GetRawText();
                        if (text == null || text.Length <= TruncateAbove) return c;
                        changed = true;
                        return ToolResultContent.FromText(
                            text.Substring(0, PreserveChars)
                            + $"...\n\n... [truncated: {text.Length - 2 * PreserveChars} chars removed] ...\n\n..."
                            + text.Substring(text.Length - PreserveChars));
                    }).ToArray();
                    return r with { Content = content };
                }).ToArray();
                if (changed)
                {
                    messages[i] = m with { Content = blocks };
                    return true;
                }
            }
            return false;
        }
    }
}
