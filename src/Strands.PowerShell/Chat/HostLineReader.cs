using System;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace Strands.PowerShell.Chat
{
    /// <summary>
    /// Reads chat input on the pipeline thread through the host's own ReadLine, for hosts other than the
    /// console, whose keyboard ConsoleLineReader reads itself. A Ctrl+C that ends the host's read
    /// surfaces as a PipelineStoppedException and is taken as "leave the chat". A host that
    /// refuses to read at all fails with HostNotInteractive.
    /// </summary>
    internal sealed class HostLineReader : IChatLineReader
    {
        private readonly PSHostUserInterface _ui;
        private readonly ChatConsole _console;

        public HostLineReader(PSHostUserInterface ui, ChatConsole console)
        {
            _ui = ui;
            _console = console;
        }

        public ChatRead Read(string prompt)
        {
            _console.EndLine();
            _console.Write(prompt);
            try
            {
                var line = _ui.ReadLine();
                _console.Prompted();
                return line == null ? ChatRead.Of(ChatReadKind.EndOfInput) : ChatRead.Line(line);
            }
            catch (Exception ex) when (ex is PSInvalidOperationException or HostException)
            {
                // A host that cannot read (one the check before the chat did not recognise) says so here.
                throw InteractiveHost.NotInteractive(ex.Message.TrimEnd('.'));
            }
            catch (PipelineStoppedException)
            {
                // The reader stopped mid-line: what follows starts on the next one.
                _console.Prompted();
                _ui.WriteLine();
                return ChatRead.Of(ChatReadKind.Interrupt);
            }
        }
    }
}
