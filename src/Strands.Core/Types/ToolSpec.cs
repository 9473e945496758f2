using System.Text.Json;

namespace Strands.Types
{
    /// <summary>A tool as offered to the model.</summary>
    /// <param name="Name">Name matching ^[a-zA-Z0-9_-]{1,64}$.</param>
    /// <param name="Description">What the tool does, for the model.</param>
    /// <param name="InputSchema">JSON schema (type object) of the arguments.</param>
    public sealed record ToolSpec(string Name, string Description, JsonElement InputSchema);

    /// <summary>How the model must choose tools.</summary>
    public abstract record ToolChoice
    {
        /// <summary>The model decides.</summary>
        public static readonly ToolChoice Auto = new AutoToolChoice();
        /// <summary>The model must call some tool.</summary>
        public static readonly ToolChoice Any = new AnyToolChoice();
        /// <summary>The model must call the named tool.</summary>
        public static ToolChoice Tool(string name) => new NamedToolChoice(name);
    }

    /// <summary>The model decides whether to call tools.</summary>
    public sealed record AutoToolChoice : ToolChoice;

    /// <summary>The model must call at least one tool.</summary>
    public sealed record AnyToolChoice : ToolChoice;

    /// <summary>The model must call this tool.</summary>
    public sealed record NamedToolChoice(string Name) : ToolChoice;
}
