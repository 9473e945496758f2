using System.Collections.Generic;
using System.Linq;
using Strands.Types;

namespace Strands.PowerShell
{
    /// <summary>
    /// One conversation message as PowerShell shows it (Strands.Message): the role as a word, the
    /// text, its attachments by name, and the tool calls and results it carries as readable text. Every property is a string
    /// so the message reads the same in a view, in Export-Csv and in ConvertTo-Json at its default
    /// depth, where an agent's messages sit two levels down.
    /// </summary>
    public sealed class StrandsMessage
    {
        internal StrandsMessage(Message message, IDictionary<string, string> toolNames)
        {
            Role = message.Role == Strands.Types.Role.User ? "user" : "assistant";
            Text = message.Text;
            var uses = message.ToolUses.ToList();
            foreach (var use in uses) toolNames[use.ToolUseId] = use.Name;
            ToolCalls = uses.Count == 0 ? null : string.Join(", ", uses.Select(u => u.Name));
            var attached = message.Content.Select(b => b switch { ImageBlock i => i.Name ?? "(image)", DocumentBlock d => d.Name, _ => null })
                .Where(n => n != null).ToList();
            Attachments = attached.Count == 0 ? null : string.Join(", ", attached);
            var results = message.ToolResults.ToList();
            ToolResults = results.Count == 0 ? null : string.Join("\n", results.Select(r =>
                $"{(toolNames.TryGetValue(r.ToolUseId, out var name) ? name : r.ToolUseId)} ({(r.Status == ToolResultStatus.Error ? "error" : "success")}): {r.ToText()}"));
        }

        /// <summary>The messages of a conversation, oldest first; tool results are named after the calls they answer.</summary>
        internal static StrandsMessage[] From(IEnumerable<Message> messages)
        {
            var toolNames = new Dictionary<string, string>();
            return messages.Select(m => new StrandsMessage(m, toolNames)).ToArray();
        }

        /// <summary>user or assistant.</summary>
        public string Role { get; }
        /// <summary>The message's text (its text blocks, joined).</summary>
        public string Text { get; }
        /// <summary>The images and documents this message carries, by file name, comma-separated; null when none.</summary>
        public string? Attachments { get; }
        /// <summary>The tools this assistant message calls, by name, comma-separated; null when it calls none.</summary>
        public string? ToolCalls { get; }
        /// <summary>The tool results this user message carries, one per line: "name (success|error): result text"; null when none.</summary>
        public string? ToolResults { get; }

        /// <summary>"role: text", with the tools called or answered when the message has no text.</summary>
        public override string ToString()
        {
            var what = Text.Length > 0 ? Text : ToolCalls != null ? $"calls {ToolCalls}" : ToolResults ?? string.Empty;
            return $"{Role}: {what}";
        }
    }
}
