using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using Strands.Types;

namespace Strands.PowerShell.Internal
{
    /// <summary>
    /// Reads -SystemPrompt: a string, an array of strings, or Strands' SystemContentBlock array as
    /// hashtables (@{ text = '...' } and @{ cachePoint = @{ type = 'default' } }).
    /// </summary>
    internal static class SystemPromptParser
    {
        public static IReadOnlyList<ContentBlock> Parse(object? value)
        {
            var blocks = new List<ContentBlock>();
            Add(blocks, value);
            return blocks;
        }

        private static void Add(List<ContentBlock> blocks, object? value)
        {
            value = value is PSObject p ? p.BaseObject : value;
            switch (value)
            {
                case null: return;
                case string s: blocks.Add(new TextBlock(s)); return;
                case IDictionary table: blocks.Add(FromTable(table)); return;
                case IEnumerable items:
                    foreach (var item in items) Add(blocks, item);
                    return;
                default:
                    throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                        $"-SystemPrompt items must be strings, @{{ text = '...' }} or @{{ cachePoint = @{{ type = 'default' }} }}, not {value.GetType().Name}.");
            }
        }

        private static ContentBlock FromTable(IDictionary table)
        {
            var ci = new Hashtable(table, StringComparer.OrdinalIgnoreCase);
            if (ci["text"] is { } text) return new TextBlock(Convert.ToString(text is PSObject t ? t.BaseObject : text, CultureInfo.InvariantCulture) ?? "");
            if (ci.ContainsKey("cachePoint"))
            {
                var point = (ci["cachePoint"] is PSObject cp ? cp.BaseObject : ci["cachePoint"]) as IDictionary;
                var pointCi = point != null ? new Hashtable(point, StringComparer.OrdinalIgnoreCase) : new Hashtable();
                return new CachePointBlock(Convert.ToString(pointCi["type"], CultureInfo.InvariantCulture) ?? "default",
                    pointCi["ttl"] is { } ttl ? Convert.ToString(ttl, CultureInfo.InvariantCulture) : null);
            }
            throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                "A -SystemPrompt hashtable needs a 'text' or a 'cachePoint' key.");
        }
    }
}
