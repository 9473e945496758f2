using System;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace Strands.PowerShell.Chat
{
    /// <summary>
    /// What the chat writes to the screen, straight to the host (never to the pipeline): streamed
    /// answers, dim status lines, the prompt. Pipeline thread only. Dim text uses the VT dim
    /// attribute only where the host renders VT and the user has not asked for plain text.
    /// </summary>
    internal sealed class ChatConsole
    {
        private const string DimOn = "\u001b[2m";
        private const string Reset = "\u001b[0m";
        private readonly PSHostUserInterface _ui;
        private readonly bool _vt;

        public ChatConsole(PSCmdlet cmdlet)
        {
            _ui = cmdlet.Host.UI;
            _vt = UsesVirtualTerminal(cmdlet);
        }

        /// <summary>False when nothing written yet or the last write ended its line.</summary>
        public bool LineOpen { get; private set; }

        /// <summary>Columns to fit a status line in (the window's width, 80 when the host cannot say).</summary>
        public int Width
        {
            get
            {
                try
                {
                    var width = _ui.RawUI?.WindowSize.Width ?? 0;
                    return width > 20 ? width - 1 : 79;
                }
                catch (Exception ex) when (ex is HostException or NotSupportedException or System.IO.IOException)
                {
                    return 79;
                }
            }
        }

        public void Write(string text)
        {
            if (text.Length == 0) return;
            _ui.Write(text);
            LineOpen = !text.EndsWith("\n", StringComparison.Ordinal);
        }

        /// <summary>Writes <paramref name="text"/> dimmed, on the current line.</summary>
        public void WriteDim(string text)
        {
            if (text.Length == 0) return;
            _ui.Write(_vt ? DimOn + text + Reset : text);
            LineOpen = true;
        }

        /// <summary>A whole dim line, on a line of its own.</summary>
        public void DimLine(string text)
        {
            EndLine();
            WriteDim(text);
            EndLine();
        }

        /// <summary>A plain line, on a line of its own.</summary>
        public void Line(string text)
        {
            EndLine();
            _ui.WriteLine(text);
            LineOpen = false;
        }

        /// <summary>Ends the current line if text is open on it.</summary>
        public void EndLine()
        {
            if (!LineOpen) return;
            _ui.WriteLine();
            LineOpen = false;
        }

        /// <summary>Starts a fresh input line: anything the host wrote (an error view, a table) ends its own lines.</summary>
        public void Prompted() => LineOpen = false;

        private static bool UsesVirtualTerminal(PSCmdlet cmdlet)
        {
            if (!cmdlet.Host.UI.SupportsVirtualTerminal || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))) return false;
            // $PSStyle.OutputRendering = 'PlainText' (PowerShell 7.2+) asks for no escape sequences.
            var style = cmdlet.GetVariableValue("PSStyle") as PSObject;
            return !string.Equals(style?.Properties["OutputRendering"]?.Value?.ToString(), "PlainText", StringComparison.OrdinalIgnoreCase);
        }
    }
}
