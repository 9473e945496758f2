using System;
using System.Collections.Generic;
using System.Linq;
using Strands.Types;

namespace Strands.Tools
{
    /// <summary>The tools an agent offers, by name. Names are checked once, when a tool is added.</summary>
    public sealed class ToolRegistry
    {
        private readonly Dictionary<string, ITool> _tools = new(StringComparer.Ordinal);
        private readonly List<ITool> _ordered = new();
        // Specs are fixed per tool (the registry keys tools by Spec.Name), so the array every model
        // call asks for is built once per change of the tool list rather than once per call.
        private ToolSpec[]? _specs;

        // Every provider's rule, ^[a-zA-Z0-9_-]{1,64}$. A loop, not a compiled Regex: that one costs
        // 10-20 ms of Reflection.Emit in the first New-StrandsAgent of a process.
        private static bool IsValidName(string name)
        {
            if (name.Length is 0 or > 64) return false;
            foreach (var c in name)
                if (!(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-')) return false;
            return true;
        }

        /// <summary>Creates a registry holding <paramref name="tools"/>.</summary>
        public ToolRegistry(IEnumerable<ITool>? tools = null)
        {
            if (tools != null) foreach (var t in tools) Add(t);
        }

        /// <summary>The tools in the order they were added.</summary>
        public IReadOnlyList<ITool> Tools => _ordered;

        /// <summary>Names of all tools.</summary>
        public IEnumerable<string> Names => _ordered.Select(t => t.Spec.Name);

        /// <summary>Adds a tool; a duplicate or invalid name is an error (names differing only by '-' vs '_' count as duplicates, as in Strands).</summary>
        public void Add(ITool tool)
        {
            var name = tool.Spec.Name;
            if (!IsValidName(name))
                throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                    $"Tool name '{name}' is not valid: use 1-64 letters, digits, '_' or '-'.");
            var clash = _ordered.FirstOrDefault(t => Normalize(t.Spec.Name) == Normalize(name));
            if (clash != null)
                throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                    $"Tool name '{name}' clashes with the tool '{clash.Spec.Name}' already given.");
            _tools[name] = tool;
            _ordered.Add(tool);
            _specs = null;
        }

        /// <summary>Finds a tool by its exact name.</summary>
        public bool TryGet(string name, out ITool tool) => _tools.TryGetValue(name, out tool!);

        /// <summary>The specs offered to the model.</summary>
        public IReadOnlyList<ToolSpec> Specs => _specs ??= _ordered.Select(t => t.Spec).ToArray();

        private static string Normalize(string name) => name.Replace('-', '_');
    }
}
