using System;
using System.Collections.Generic;
using System.Text;

namespace Strands.Streaming
{
    /// <summary>
    /// Turns short UTF-8 names (SSE event types, event-stream header values) into strings without
    /// allocating for names seen before: a stream repeats a handful of names thousands of times.
    /// Not thread-safe; each reader owns one.
    /// </summary>
    internal sealed class Utf8NameTable
    {
        // Unknown names are remembered up to this count so a hostile stream cannot grow the table.
        private const int MaxLearned = 64;

        private readonly KeyValuePair<byte[], string>[] _known;
        private readonly List<KeyValuePair<byte[], string>> _learned = new List<KeyValuePair<byte[], string>>();

        public Utf8NameTable(KeyValuePair<byte[], string>[] known) => _known = known;

        /// <summary>Builds the shared, read-only part of a table.</summary>
        public static KeyValuePair<byte[], string>[] Encode(params string[] names)
        {
            var entries = new KeyValuePair<byte[], string>[names.Length];
            for (int i = 0; i < names.Length; i++)
            {
                entries[i] = new KeyValuePair<byte[], string>(Encoding.UTF8.GetBytes(names[i]), names[i]);
            }

            return entries;
        }

        public string Get(ReadOnlySpan<byte> utf8)
        {
            string? found = Find(_known, utf8);
            if (found != null)
            {
                return found;
            }

            for (int i = 0; i < _learned.Count; i++)
            {
                if (utf8.SequenceEqual(_learned[i].Key))
                {
                    return _learned[i].Value;
                }
            }

            byte[] bytes = utf8.ToArray();
            string name = Encoding.UTF8.GetString(bytes);
            if (_learned.Count < MaxLearned)
            {
                _learned.Add(new KeyValuePair<byte[], string>(bytes, name));
            }

            return name;
        }

        private static string? Find(KeyValuePair<byte[], string>[] entries, ReadOnlySpan<byte> utf8)
        {
            for (int i = 0; i < entries.Length; i++)
            {
                byte[] key = entries[i].Key;
                if (key.Length == utf8.Length && utf8.SequenceEqual(key))
                {
                    return entries[i].Value;
                }
            }

            return null;
        }
    }
}
