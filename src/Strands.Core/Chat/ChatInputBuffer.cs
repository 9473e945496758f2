using System;
using System.Collections.Generic;

namespace Strands.Chat
{
    /// <summary>
    /// Gathers the lines of one chat input. A line ending in a backtick continues on the next line
    /// (PowerShell's own continuation); a line holding only <c>"""</c> opens a block that the next
    /// <c>"""</c> line closes, so a pasted block of any lines, blank ones included, is one input.
    /// </summary>
    public sealed class ChatInputBuffer
    {
        /// <summary>The line that opens and closes a block.</summary>
        public const string BlockFence = "\"\"\"";

        private readonly List<string> _lines = new();
        private bool _inBlock;

        /// <summary>True while the input is unfinished: the next line belongs to it.</summary>
        public bool IsOpen => _inBlock || _lines.Count > 0;

        /// <summary>True inside a <c>"""</c> block (the console's continuation prompt may say so).</summary>
        public bool InBlock => _inBlock;

        /// <summary>Adds a typed line; returns the whole input when it is complete, else null.</summary>
        public string? Add(string line)
        {
            line ??= string.Empty;
            if (line.Trim() == BlockFence)
            {
                if (!_inBlock && _lines.Count == 0)
                {
                    _inBlock = true;
                    return null;
                }
                if (_inBlock) return Take();
            }
            if (_inBlock)
            {
                _lines.Add(line);
                return null;
            }
            var trimmed = line.TrimEnd();
            if (trimmed.EndsWith("`", StringComparison.Ordinal))
            {
                _lines.Add(trimmed.Substring(0, trimmed.Length - 1));
                return null;
            }
            _lines.Add(line);
            return Take();
        }

        /// <summary>Drops an unfinished input (Ctrl+C while it was being typed).</summary>
        public void Clear()
        {
            _lines.Clear();
            _inBlock = false;
        }

        private string Take()
        {
            var text = string.Join("\n", _lines);
            Clear();
            return text;
        }
    }
}
