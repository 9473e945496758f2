using System.Collections.Generic;
using System.Linq;
using Strands.Types;
using CoreAgent = Strands.Agent.Agent;

namespace Strands.PowerShell
{
    /// <summary>An agent (Strands.Agent): model, system prompt, tools and a conversation that persists across calls.</summary>
    public sealed class StrandsAgent
    {
        internal StrandsAgent(CoreAgent core, LiteLlmModel model)
        {
            Core = core;
            Model = model;
        }

        internal CoreAgent Core { get; }

        /// <summary>Agent name.</summary>
        public string Name => Core.Name;
        /// <summary>What the agent does.</summary>
        public string? Description => Core.Options.Description;
        /// <summary>The model.</summary>
        public LiteLlmModel Model { get; }
        /// <summary>Names of the tools offered.</summary>
        public string[] Tools => Core.Tools.Names.ToArray();
        /// <summary>The system prompt's text blocks, joined.</summary>
        public string SystemPrompt => string.Join("\n", Core.Options.SystemPrompt.OfType<TextBlock>().Select(b => b.Text));
        /// <summary>The conversation so far.</summary>
        public IReadOnlyList<Message> Messages => Core.Messages;
        /// <summary>Number of messages in the conversation.</summary>
        public int MessageCount => Core.Messages.Count;
        /// <summary>Messages kept between invocations.</summary>
        public int WindowSize => Core.ConversationManager.WindowSize;
        /// <summary>Cycle guard per invocation.</summary>
        public int MaxCycles => Core.Options.MaxCycles;

        /// <summary>The agent's name.</summary>
        public override string ToString() => Name;
    }
}
