namespace Strands.Models.Replay
{
    /// <summary>Where one wire format's requests hold what replay compares in its own way.</summary>
    /// <param name="ToolsArray">The array offering the tools; compared as a set, sorted by name.</param>
    /// <param name="ToolHolder">The object inside each tool that holds its name, or null when the name is on the tool itself.</param>
    /// <param name="ToolResult">Where a tool's answer is: not compared, as it is what the local machine returned.</param>
    internal sealed record ReplayShape(string ToolsArray, string? ToolHolder, ToolResultPlace ToolResult);
}
