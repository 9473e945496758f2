using System.Text;

namespace Strands.PowerShell.Tools
{
    /// <summary>
    /// Tool names every provider accepts (^[a-zA-Z0-9_-]{1,64}$). Command and agent names may hold
    /// spaces, dots or colons; the tool keeps the original command or agent, so the mapped name only
    /// has to be unique and readable, never parsed back.
    /// </summary>
    internal static class ToolNames
    {
        public const int MaxLength = 64;

        public static string Sanitize(string name)
        {
            var builder = new StringBuilder(name.Length);
            foreach (var c in name.Trim())
                builder.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' ? c : '_');
            var text = builder.Length == 0 ? "tool" : builder.ToString();
            return text.Length > MaxLength ? text.Substring(0, MaxLength) : text;
        }
    }
}
