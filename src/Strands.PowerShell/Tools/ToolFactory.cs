using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using Strands.Tools;
using Strands.Types;

namespace Strands.PowerShell.Tools
{
    /// <summary>Turns what users pass to -Tool into core tools.</summary>
    internal static class ToolFactory
    {
        /// <summary>
        /// Accepts: a hashtable of name = script block; a hashtable describing one tool
        /// (@{ Name; ScriptBlock; Description }); a core tool; or an MCP client (its tools).
        /// </summary>
        public static IEnumerable<ITool> Create(object? item)
        {
            var value = item is PSObject pso ? pso.BaseObject : item;
            switch (value)
            {
                case null:
                    yield break;
                case ITool tool:
                    yield return tool;
                    yield break;
                case StrandsMcpClient mcp:
                    foreach (var t in mcp.AgentTools) yield return t;
                    yield break;
                case IDictionary table when Has(table, "ScriptBlock"):
                    yield return new ScriptBlockTool(RequireName(table), Unwrap<ScriptBlock>(table, "ScriptBlock"), OptionalString(table, "Description"));
                    yield break;
                case IDictionary table:
                    foreach (DictionaryEntry entry in table)
                    {
                        var name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                        var body = entry.Value is PSObject p ? p.BaseObject : entry.Value;
                        if (body is not ScriptBlock script)
                            throw Invalid($"The tool '{name}' must be a script block, not {body?.GetType().Name ?? "null"}.");
                        yield return new ScriptBlockTool(name, script);
                    }
                    yield break;
                default:
                    throw Invalid($"-Tool does not accept {value.GetType().Name}. Pass @{{ name = {{ param(...) ... }} }} or @{{ Name = 'x'; ScriptBlock = {{ ... }}; Description = '...' }}.");
            }
        }

        private static bool Has(IDictionary table, string key)
        {
            foreach (var k in table.Keys) if (string.Equals(Convert.ToString(k, CultureInfo.InvariantCulture), key, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        private static object? Get(IDictionary table, string key)
        {
            foreach (DictionaryEntry e in table)
                if (string.Equals(Convert.ToString(e.Key, CultureInfo.InvariantCulture), key, StringComparison.OrdinalIgnoreCase))
                    return e.Value is PSObject p ? p.BaseObject : e.Value;
            return null;
        }

        private static T Unwrap<T>(IDictionary table, string key) where T : class =>
            Get(table, key) as T ?? throw Invalid($"The tool's {key} must be a {typeof(T).Name}.");

        private static string RequireName(IDictionary table) =>
            OptionalString(table, "Name") ?? throw Invalid("A tool described by a hashtable needs a Name.");

        private static string? OptionalString(IDictionary table, string key) =>
            Get(table, key) is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;

        private static StrandsException Invalid(string message) => new(ErrorIds.InvalidArgument, "InvalidArgument", message);
    }
}
