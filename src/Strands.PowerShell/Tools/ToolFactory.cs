using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using Strands.Tools;
using Strands.Tools.BuiltIn;
using Strands.Types;

namespace Strands.PowerShell.Tools
{
    /// <summary>Turns what users pass to -Tool into core tools.</summary>
    internal static class ToolFactory
    {
        /// <summary>
        /// Accepts: a hashtable of name = script block; a hashtable describing one tool
        /// (@{ Name; ScriptBlock; Description }, @{ Command; Bound; Name; Description } or
        /// @{ Agent; Name; Description }); a command from Get-Command; an agent; a built-in tool's
        /// name (calculator, current_time) or a command name; a core tool; or an MCP client (its tools).
        /// Runs on the pipeline thread: commands are resolved and their help read here.
        /// </summary>
        /// <param name="item">One element of -Tool.</param>
        /// <param name="resolve">Finds a command by name in the caller's session, or returns null.</param>
        public static IEnumerable<ITool> Create(object? item, Func<string, CommandInfo?> resolve)
        {
            var value = item is PSObject pso ? pso.BaseObject : item;
            switch (value)
            {
                case null:
                    yield break;
                case ITool tool:
                    yield return tool;
                    yield break;
                case string name when name == "calculator":
                    yield return new CalculatorTool();
                    yield break;
                case string name when name == "current_time":
                    yield return new CurrentTimeTool();
                    yield break;
                case string name:
                    var found = resolve(name) ?? throw Invalid($"-Tool '{name}' is neither a built-in tool (calculator, current_time) nor a command in this session.");
                    yield return new CommandTool(found, null, CommandHelp.Read(found));
                    yield break;
                case CommandInfo command:
                    yield return new CommandTool(command, null, CommandHelp.Read(command));
                    yield break;
                case StrandsAgent agent:
                    yield return new AgentTool(agent);
                    yield break;
                case IDictionary table when Has(table, "Command"):
                    var target = Get(table, "Command") switch
                    {
                        CommandInfo c => c,
                        string n => resolve(n) ?? throw Invalid($"The command '{n}' was not found in this session."),
                        var other => throw Invalid($"The tool's Command must be a command from Get-Command or a command name, not {other?.GetType().Name ?? "null"}."),
                    };
                    var bound = Get(table, "Bound");
                    if (bound != null && bound is not IDictionary) throw Invalid("The tool's Bound must be a hashtable of parameter = value.");
                    yield return new CommandTool(target, bound as IDictionary, CommandHelp.Read(target), OptionalString(table, "Name"), OptionalString(table, "Description"));
                    yield break;
                case IDictionary table when Has(table, "Agent"):
                    yield return new AgentTool(Unwrap<StrandsAgent>(table, "Agent"), OptionalString(table, "Name"), OptionalString(table, "Description"));
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
                    throw Invalid($"-Tool does not accept {value.GetType().Name}. Pass @{{ name = {{ param(...) ... }} }}, @{{ Name = 'x'; ScriptBlock = {{ ... }}; Description = '...' }}, (Get-Command X), @{{ Command = (Get-Command X); Bound = @{{ ... }} }}, an agent, 'calculator' or 'current_time'.");
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

        private static StrandsException Invalid(string message) => new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
    }
}
