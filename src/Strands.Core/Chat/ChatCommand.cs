using System;
using System.Collections.Generic;
using System.Linq;

namespace Strands.Chat
{
    /// <summary>
    /// A chat console command: one word after <c>/</c>, then an optional argument
    /// (<c>/save ./chat.json</c>). Parsing and completion live here, apart from any console, so
    /// every host of a chat reads its input the same way.
    /// </summary>
    /// <param name="Name">The command word, lower case, without the slash.</param>
    /// <param name="Argument">The rest of the line, trimmed (surrounding quotes removed); empty when none.</param>
    public sealed record ChatCommand(string Name, string Argument)
    {
        /// <summary>The commands a chat knows, with their argument and what they do, in the order /help lists them.</summary>
        public static IReadOnlyList<ChatCommandInfo> Known { get; } = new[]
        {
            new ChatCommandInfo("help", "", "lists these commands"),
            new ChatCommandInfo("exit", "", "leaves the chat (also exit, Ctrl+D, or Ctrl+C at an empty prompt)"),
            new ChatCommandInfo("reset", "", "clears the conversation; tools, system prompt and usage stay"),
            new ChatCommandInfo("usage", "", "tokens, calls and cost of this agent so far"),
            new ChatCommandInfo("save", "<path>", "saves the session (conversation, usage, State) to a file"),
            new ChatCommandInfo("load", "<path>", "replaces the conversation with a saved session"),
            new ChatCommandInfo("model", "[<id>]", "switches the model, keeping the conversation (no id: shows the model)"),
            new ChatCommandInfo("system", "[<text>]", "replaces the system prompt (no text: shows it)"),
        };

        /// <summary>True when <see cref="Name"/> is one of <see cref="Known"/>.</summary>
        public bool IsKnown => Known.Any(k => k.Name == Name);

        /// <summary>
        /// Reads a complete input as a command. Returns false for a prompt: text not starting with
        /// <c>/</c>, or starting with <c>//</c> (the way to send a prompt that begins with a slash;
        /// <see cref="PromptText"/> drops one). A bare <c>exit</c> is the exit command, as in a shell.
        /// </summary>
        public static bool TryParse(string input, out ChatCommand command)
        {
            command = null!;
            if (input is null) return false;
            var text = input.Trim();
            if (text.Equals("exit", StringComparison.OrdinalIgnoreCase))
            {
                command = new ChatCommand("exit", string.Empty);
                return true;
            }
            if (text.Length < 2 || text[0] != '/' || text[1] == '/' || char.IsWhiteSpace(text[1])) return false;
            var end = 1;
            while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
            command = new ChatCommand(text.Substring(1, end - 1).ToLowerInvariant(), Unquote(text.Substring(end).Trim()));
            return true;
        }

        /// <summary>The text to send for an input that is a prompt: a leading <c>//</c> becomes <c>/</c>.</summary>
        public static string PromptText(string input) =>
            input.TrimStart().StartsWith("//", StringComparison.Ordinal) ? input.TrimStart().Substring(1) : input;

        /// <summary>
        /// Completes a partly typed command (<c>/sa</c> → <c>/save</c>): the known commands that start
        /// with it, each with its slash. Empty when the text is not a command word being typed.
        /// </summary>
        public static IReadOnlyList<string> Complete(string partial)
        {
            if (partial is null || partial.Length == 0 || partial[0] != '/' || partial.Skip(1).Any(char.IsWhiteSpace))
                return Array.Empty<string>();
            var word = partial.Substring(1).ToLowerInvariant();
            return Known.Where(k => k.Name.StartsWith(word, StringComparison.Ordinal)).Select(k => "/" + k.Name).ToArray();
        }

        /// <summary>The line a chat shows for a command it does not know, listing those it does.</summary>
        public string UnknownMessage() =>
            $"Unknown command /{Name}. Commands: {string.Join(", ", Known.Select(k => "/" + k.Name))}.";

        private static string Unquote(string value) =>
            value.Length >= 2 && (value[0] == '"' && value[value.Length - 1] == '"' || value[0] == '\'' && value[value.Length - 1] == '\'')
                ? value.Substring(1, value.Length - 2)
                : value;
    }
}
