using System.Collections.Generic;
using System.Linq;
using Strands.Types;

namespace Strands.EventLoop
{
    /// <summary>Keeps a conversation acceptable to every provider after a failure or cancellation.</summary>
    internal static class HistoryRepair
    {
        /// <summary>
        /// If the last message asks for tools, appends error results for each call, so no toolUse is
        /// left without its toolResult (Strands does the same with "Tool was interrupted.").
        /// </summary>
        public static void AnswerDanglingToolUses(List<Message> messages, string reason)
        {
            if (messages.Count == 0) return;
            var last = messages[messages.Count - 1];
            if (last.Role != Role.Assistant) return;
            var uses = last.ToolUses.ToList();
            if (uses.Count == 0) return;
            messages.Add(new Message(Role.User, uses
                .Select(u => (ContentBlock)ToolResultBlock.FromText(u.ToolUseId, ToolResultStatus.Error, reason))
                .ToArray()));
        }
    }
}
