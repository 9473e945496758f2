using System.Text;

namespace Strands.HelpGen;

/// <summary>
/// Renders an about_*.md topic as the plain text Get-Help prints: "## Heading" lines become
/// upper-case section titles, body text is indented four spaces, code fences are dropped but
/// their lines kept (indented further) so examples stay copyable.
/// </summary>
internal static class AboutText
{
    public static string From(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        var inCode = false;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("```")) { inCode = !inCode; continue; }
            if (inCode) text.Append("        ").AppendLine(line);
            else if (line.StartsWith("# ")) text.AppendLine("TOPIC").Append("    ").AppendLine(line.Substring(2).Trim());
            else if (line.StartsWith("## ") || line.StartsWith("### ")) text.AppendLine().AppendLine(line.TrimStart('#').Trim().ToUpperInvariant());
            else if (line.Length == 0) text.AppendLine();
            else text.Append("    ").AppendLine(line.Replace("`", ""));
        }
        return text.ToString();
    }
}
