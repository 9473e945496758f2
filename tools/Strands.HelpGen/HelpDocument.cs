namespace Strands.HelpGen;

/// <summary>One cmdlet's help as written in docs/help/&lt;Verb-Noun&gt;.md.</summary>
internal sealed class HelpDocument
{
    public string Name { get; set; } = "";
    public string Synopsis { get; set; } = "";
    public List<string> Description { get; } = new();
    public Dictionary<string, List<string>> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, string> Defaults { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<HelpExample> Examples { get; } = new();
    public List<(string Type, string Text)> Inputs { get; } = new();
    public List<(string Type, string Text)> Outputs { get; } = new();
    public List<string> Notes { get; } = new();
    public List<string> Links { get; } = new();

    /// <summary>
    /// Reads the platyPS-like layout: "# Name", then "## SYNOPSIS", "## DESCRIPTION", "## EXAMPLES"
    /// ("### title", a ```powershell block, remarks), "## PARAMETERS" ("### -Name", text, and an
    /// optional "Default value: ..." line, which becomes the parameter's default in Get-Help),
    /// "## INPUTS"/"## OUTPUTS" ("### Type", text), "## NOTES", "## RELATED LINKS" ("- text").
    /// </summary>
    private const string DefaultPrefix = "Default value:";

    public static HelpDocument Parse(string path)
    {
        var doc = new HelpDocument();
        string section = "";
        string? sub = null;
        HelpExample? example = null;
        var paragraph = new List<string>();
        var inCode = false;
        var code = new List<string>();

        void Flush()
        {
            if (paragraph.Count == 0) return;
            var text = string.Join(" ", paragraph.Select(l => l.Trim()));
            paragraph.Clear();
            switch (section)
            {
                case "SYNOPSIS": doc.Synopsis = (doc.Synopsis + " " + text).Trim(); break;
                case "DESCRIPTION": doc.Description.Add(text); break;
                case "NOTES": doc.Notes.Add(text); break;
                case "EXAMPLES" when example != null: example.Remarks.Add(text); break;
                case "PARAMETERS" when sub != null: doc.Parameters[sub].Add(text); break;
                case "INPUTS" when sub != null: doc.Inputs.Add((sub, text)); break;
                case "OUTPUTS" when sub != null: doc.Outputs.Add((sub, text)); break;
            }
        }

        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.TrimEnd();
            if (inCode)
            {
                if (line.StartsWith("```")) { inCode = false; if (example != null) example.Code = string.Join("\n", code); code.Clear(); }
                else code.Add(line);
                continue;
            }
            if (line.StartsWith("```")) { Flush(); inCode = true; continue; }
            if (line.StartsWith("### "))
            {
                Flush();
                sub = line.Substring(4).Trim();
                if (section == "PARAMETERS") { sub = sub.TrimStart('-'); doc.Parameters[sub] = new List<string>(); }
                if (section == "EXAMPLES") doc.Examples.Add(example = new HelpExample(sub));
                continue;
            }
            if (line.StartsWith("## ")) { Flush(); section = line.Substring(3).Trim().ToUpperInvariant(); sub = null; example = null; continue; }
            if (line.StartsWith("# ")) { doc.Name = line.Substring(2).Trim(); continue; }
            if (section == "RELATED LINKS" && line.StartsWith("- ")) { doc.Links.Add(line.Substring(2).Trim()); continue; }
            if (section == "PARAMETERS" && sub != null && line.StartsWith(DefaultPrefix)) { Flush(); doc.Defaults[sub] = line.Substring(DefaultPrefix.Length).Trim(); continue; }
            if (line.Length == 0) { Flush(); continue; }
            paragraph.Add(line);
        }
        Flush();
        return doc;
    }
}

/// <summary>An example: title, code and remarks.</summary>
internal sealed class HelpExample(string title)
{
    public string Title { get; } = title;
    public string Code { get; set; } = "";
    public List<string> Remarks { get; } = new();
}
