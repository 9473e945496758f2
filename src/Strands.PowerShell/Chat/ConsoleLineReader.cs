using System;
using System.Collections.Generic;
using System.Text;
using Strands.Chat;

namespace Strands.PowerShell.Chat
{
    /// <summary>
    /// The chat's own line editor for the console host, where the host's ReadLine has no history and
    /// reads Ctrl+D as "delete": typing and Backspace at the end of the line, Up/Down through this
    /// chat's earlier inputs, Tab to complete a /command, Ctrl+D or Ctrl+C at an empty line to leave,
    /// Ctrl+C on a typed line to drop it. Chat lines are prose, so they are never parsed as PowerShell
    /// (PSReadLine would hold an unmatched quote, as in "what's", open as unfinished input).
    /// </summary>
    internal sealed class ConsoleLineReader : IChatLineReader
    {
        private readonly ChatConsole _console;
        private readonly List<string> _history = new();

        public ConsoleLineReader(ChatConsole console) => _console = console;

        /// <summary>True when the console's keyboard can be read directly (the console host, input not redirected).</summary>
        public static bool Usable(System.Management.Automation.Host.PSHost host)
        {
            try
            {
                return host.Name == "ConsoleHost" && !Console.IsInputRedirected && !Console.IsOutputRedirected;
            }
            catch (Exception ex) when (ex is System.IO.IOException or InvalidOperationException or PlatformNotSupportedException)
            {
                return false;
            }
        }

        public ChatRead Read(string prompt)
        {
            _console.EndLine();
            _console.Write(prompt);
            var line = new StringBuilder();
            var recall = _history.Count;
            var previous = Console.TreatControlCAsInput;
            Console.TreatControlCAsInput = true;
            try
            {
                while (true)
                {
                    var key = Console.ReadKey(intercept: true);
                    var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
                    if (control && key.Key == ConsoleKey.C)
                    {
                        Console.Out.WriteLine(line.Length > 0 ? "^C" : string.Empty);
                        _console.Prompted();
                        return ChatRead.Of(line.Length > 0 ? ChatReadKind.LineDropped : ChatReadKind.Interrupt);
                    }
                    if (control && key.Key == ConsoleKey.D)
                    {
                        if (line.Length > 0) continue;
                        Console.Out.WriteLine();
                        _console.Prompted();
                        return ChatRead.Of(ChatReadKind.EndOfInput);
                    }
                    switch (key.Key)
                    {
                        case ConsoleKey.Enter:
                            Console.Out.WriteLine();
                            _console.Prompted();
                            var text = line.ToString();
                            if (text.Trim().Length > 0 && (_history.Count == 0 || _history[_history.Count - 1] != text)) _history.Add(text);
                            return ChatRead.Line(text);
                        case ConsoleKey.Backspace:
                            if (line.Length == 0) break;
                            line.Length--;
                            Console.Out.Write("\b \b");
                            break;
                        case ConsoleKey.UpArrow when recall > 0:
                            Replace(line, prompt, _history[--recall]);
                            break;
                        case ConsoleKey.DownArrow when recall < _history.Count:
                            recall++;
                            Replace(line, prompt, recall < _history.Count ? _history[recall] : string.Empty);
                            break;
                        case ConsoleKey.Tab:
                            Complete(line, prompt);
                            break;
                        case ConsoleKey.Escape:
                            Replace(line, prompt, string.Empty);
                            break;
                        default:
                            if (key.KeyChar == '\0' || char.IsControl(key.KeyChar)) break;
                            line.Append(key.KeyChar);
                            Console.Out.Write(key.KeyChar);
                            break;
                    }
                }
            }
            finally
            {
                Console.TreatControlCAsInput = previous;
            }
        }

        // Redraws the line: back to the start of the screen line, the prompt again, the new text, the rest cleared.
        private static void Replace(StringBuilder line, string prompt, string text)
        {
            line.Clear().Append(text);
            Console.Out.Write("\r" + prompt + text + "\u001b[K");
        }

        // A unique completion is typed in full; several are listed and the line is shown again.
        private static void Complete(StringBuilder line, string prompt)
        {
            var matches = ChatCommand.Complete(line.ToString());
            if (matches.Count == 1)
            {
                var rest = matches[0].Substring(line.Length) + " ";
                line.Append(rest);
                Console.Out.Write(rest);
            }
            else if (matches.Count > 1)
            {
                Console.Out.WriteLine();
                Console.Out.WriteLine(string.Join("  ", matches));
                Console.Out.Write(prompt + line);
            }
        }
    }
}
