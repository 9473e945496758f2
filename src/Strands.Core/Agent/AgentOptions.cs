using System;
using System.Collections.Generic;
using Strands.Hooks;
using Strands.Tools;
using Strands.Types;

namespace Strands.Agent
{
    /// <summary>How an agent is built.</summary>
    public sealed record AgentOptions
    {
        /// <summary>Agent name (also its tool name when used as a tool).</summary>
        public string Name { get; init; } = "Strands Agents";
        /// <summary>What the agent does (its tool description when used as a tool).</summary>
        public string? Description { get; init; }
        /// <summary>System prompt blocks: <see cref="TextBlock"/>s and <see cref="CachePointBlock"/>s.</summary>
        public IReadOnlyList<ContentBlock> SystemPrompt { get; init; } = Array.Empty<ContentBlock>();
        /// <summary>Tools offered to the model.</summary>
        public IReadOnlyList<ITool> Tools { get; init; } = Array.Empty<ITool>();
        /// <summary>Messages kept between invocations (default 40).</summary>
        public int WindowSize { get; init; } = 40;
        /// <summary>Cycle guard per invocation (default 50).</summary>
        public int MaxCycles { get; init; } = 50;
        /// <summary>Bound on each tool call; null for none.</summary>
        public TimeSpan? ToolTimeout { get; init; }
        /// <summary>How many times a context overflow is reduced and retried per invocation.</summary>
        public int MaxContextReductions { get; init; } = 3;
        /// <summary>Hooks called at each lifecycle event, in this order (reverse for after-events).</summary>
        public IReadOnlyList<IAgentHook> Hooks { get; init; } = Array.Empty<IAgentHook>();
    }
}
