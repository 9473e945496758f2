using System;
using System.Buffers;

namespace Strands.Internal
{
    /// <summary>
    /// Joins streamed text pieces into one string through a pooled char array. A fresh
    /// StringBuilder per streamed block allocated its whole chunk chain (about twice the text)
    /// before the final copy; this allocates only the final string, and nothing at all for a
    /// block that arrived as one piece (that piece is the result).
    /// </summary>
    /// <remarks>
    /// A mutable struct: keep it in a non-readonly field and never copy it. The array is rented at
    /// the second piece and returned by <see cref="ToStringAndClear"/> and <see cref="Clear"/>; one
    /// abandoned mid-stream (an exception) is left to the GC, which the pool tolerates.
    /// </remarks>
    internal struct PooledTextBuilder
    {
        private string? _single;
        private char[]? _chars;
        private int _length;

        public int Length => _length;

        public void Append(string text)
        {
            if (text.Length == 0) return;
            if (_length == 0)
            {
                _single = text;
                _length = text.Length;
                return;
            }
            if (_single != null)
            {
                _chars = ArrayPool<char>.Shared.Rent(Math.Max(256, _length + text.Length));
                _single.CopyTo(0, _chars, 0, _length);
                _single = null;
            }
            else if (_chars!.Length - _length < text.Length)
            {
                Grow(text.Length);
            }
            text.CopyTo(0, _chars!, _length, text.Length);
            _length += text.Length;
        }

        /// <summary>The text so far; the builder keeps it.</summary>
        public override string ToString() => _single ?? (_length == 0 ? string.Empty : new string(_chars!, 0, _length));

        /// <summary>The text so far; the builder is emptied and its array returned.</summary>
        public string ToStringAndClear()
        {
            var text = ToString();
            Clear();
            return text;
        }

        public void Clear()
        {
            if (_chars != null) ArrayPool<char>.Shared.Return(_chars);
            _chars = null;
            _single = null;
            _length = 0;
        }

        private void Grow(int needed)
        {
            var grown = ArrayPool<char>.Shared.Rent(Math.Max(_chars!.Length * 2, _length + needed));
            Array.Copy(_chars, grown, _length);
            ArrayPool<char>.Shared.Return(_chars);
            _chars = grown;
        }
    }
}
