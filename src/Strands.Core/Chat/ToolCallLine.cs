using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using Strands.Types;

namespace Strands.Chat
{
    /// <summary>
    /// The one line a chat shows per tool call: <c>→ get_disk_usage (path=/var)</c> when it starts,
    /// <c>✓ 12 ms</c> or <c>✗ error text</c> when it ends. Kept to one screen line: a wrapped line
    /// could not be finished in place.
    /// </summary>
    public static class ToolCallLine
    {
        /// <summary>The start of the line: arrow, tool name and arguments (<c>name=value</c>), at most <paramref name="width"/> characters.</summary>
        public static string Start(ToolUseBlock toolUse, int width)
        {
            if (toolUse is null) throw new ArgumentNullException(nameof(toolUse));
            var text = $"→ {toolUse.Name} ({Arguments(toolUse.Input)})";
            return Fit(text, width);
        }

        /// <summary>How the call ended: <c>✓ 12 ms</c>, or <c>✗</c> and the first line of the error, at most <paramref name="width"/> characters.</summary>
        public static string Outcome(ToolResultBlock result, TimeSpan duration, int width)
        {
            if (result is null) throw new ArgumentNullException(nameof(result));
            var ms = $"{duration.TotalMilliseconds:0} ms";
            if (result.Status == ToolResultStatus.Success) return $"✓ {ms}";
            var error = (result.ToText() ?? string.Empty).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "error";
            return Fit($"✗ {error} ({ms})", width);
        }

        /// <summary>The arguments as <c>name=value, …</c>: strings as they are, anything else as compact JSON.</summary>
        public static string Arguments(JsonElement input)
        {
            if (input.ValueKind != JsonValueKind.Object) return input.ValueKind == JsonValueKind.Undefined ? string.Empty : input.GetRawText();
            var text = new StringBuilder();
            foreach (var property in input.EnumerateObject())
            {
                if (text.Length > 0) text.Append(", ");
                text.Append(property.Name).Append('=');
                text.Append(property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText());
            }
            return text.Replace('\n', ' ').Replace('\r', ' ').ToString();
        }

        private static string Fit(string text, int width) =>
            width > 1 && text.Length > width ? text.Substring(0, width - 1) + "…" : text;
    }
}
