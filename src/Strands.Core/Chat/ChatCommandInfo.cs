namespace Strands.Chat
{
    /// <summary>One command a chat knows, as /help shows it.</summary>
    /// <param name="Name">The word after the slash.</param>
    /// <param name="Arguments">What follows it (<c>&lt;path&gt;</c>), empty when nothing.</param>
    /// <param name="Description">What it does.</param>
    public sealed record ChatCommandInfo(string Name, string Arguments, string Description)
    {
        /// <summary>The help line: <c>/save &lt;path&gt;  saves the session…</c>.</summary>
        public string HelpLine(int width) => ("/" + Name + (Arguments.Length > 0 ? " " + Arguments : string.Empty)).PadRight(width) + Description;
    }
}
