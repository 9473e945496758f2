namespace Strands.PowerShell.Chat
{
    /// <summary>How reading one line of chat input ended.</summary>
    internal enum ChatReadKind
    {
        /// <summary>Enter: <see cref="ChatRead.Text"/> holds the line.</summary>
        Line,
        /// <summary>Ctrl+D at an empty line, or the input ended.</summary>
        EndOfInput,
        /// <summary>Ctrl+C at an empty line (or where the reader cannot tell).</summary>
        Interrupt,
        /// <summary>Ctrl+C with text typed: the line was dropped.</summary>
        LineDropped,
    }

    /// <summary>One read from the chat's line reader.</summary>
    internal readonly struct ChatRead
    {
        private ChatRead(ChatReadKind kind, string text)
        {
            Kind = kind;
            Text = text;
        }

        public ChatReadKind Kind { get; }

        public string Text { get; }

        public static ChatRead Line(string text) => new(ChatReadKind.Line, text);

        public static ChatRead Of(ChatReadKind kind) => new(kind, string.Empty);
    }
}
