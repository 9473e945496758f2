namespace Strands.PowerShell.Chat
{
    /// <summary>Reads one line of chat input after showing a prompt; pipeline thread only.</summary>
    internal interface IChatLineReader
    {
        ChatRead Read(string prompt);
    }
}
