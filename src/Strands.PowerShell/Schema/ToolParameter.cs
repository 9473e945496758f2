using System;
using System.Collections.Generic;

namespace Strands.PowerShell.Schema
{
    /// <summary>
    /// A parameter as the schema builder needs it, whether it came from a script block's param()
    /// block, a command's metadata, or a class property.
    /// </summary>
    internal sealed record ToolParameter(string Name, Type Type)
    {
        public bool Mandatory { get; init; }
        public string? Description { get; init; }
        public IReadOnlyList<string>? AllowedValues { get; init; }
        public object? Minimum { get; init; }
        public object? Maximum { get; init; }
        public string? Pattern { get; init; }
        public int? MinLength { get; init; }
        public int? MaxLength { get; init; }
        public int? MinCount { get; init; }
        public int? MaxCount { get; init; }
    }
}
