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
        /// <summary>The name of an agent that is given none (Strands' default).</summary>
        public const string DefaultName = "Strands Agents";

        /// <summary>Messages kept between invocations when no window size is given.</summary>
        public const int DefaultWindowSize = 40;

        /// <summary>Model calls one invocation may make when no limit is given.</summary>
        public const int DefaultMaxCycles = 50;

        /// <summary>Agent name (also its tool name when used as a tool).</summary>
        public string Name { get; init; } = DefaultName;
        /// <summary>What the agent does (its tool description when used as a tool).</summary>
        public string? Description { get; init; }
        /// <summary>System prompt blocks: <see cref="TextBlock"/>s and <see cref="CachePointBlock"/>s.</summary>
        public IReadOnlyList<ContentBlock> SystemPrompt { get; init; } = Array.Empty<ContentBlock>();
        /// <summary>Tools offered to the model.</summary>
        public IReadOnlyList<ITool> Tools { get; init; } = Array.Empty<ITool>();
        /// <summary>Messages kept between invocations (<see cref="DefaultWindowSize"/> by default).</summary>
        public int WindowSize { get; init; } = DefaultWindowSize;
        /// <summary>Cycle guard per invocation (<see cref="DefaultMaxCycles"/> by default).</summary>
        public int MaxCycles { get; init; } = DefaultMaxCycles;
        /// <summary>Bound on each tool call; null for none.</summary>
        public TimeSpan? ToolTimeout { get; init; }
        /// <summary>How many times a context overflow is reduced and retried per invocation.</summary>
        public int MaxContextReductions { get; init; } = 3;
        /// <summary>What the agent may spend over its life (every invocation's usage counts); null for no limit.</summary>
        public Budget? Budget { get; init; }
        /// <summary>Hooks called at each lifecycle event, in this order (reverse for after-events).</summary>
        public IReadOnlyList<IAgentHook> Hooks { get; init; } = Array.Empty<IAgentHook>();
    }
}
