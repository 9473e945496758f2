using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Strands.Agent;
using Strands.PowerShell.Tools;
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
        public LiteLlmModel Model { get; private set; }
        /// <summary>Names of the tools offered.</summary>
        public string[] Tools => Core.Tools.Names.ToArray();
        /// <summary>The system prompt's text blocks, joined.</summary>
        public string SystemPrompt => string.Join("\n", Core.Options.SystemPrompt.OfType<TextBlock>().Select(b => b.Text));
        /// <summary>The conversation so far, oldest first (a snapshot): role, text, and tool calls and results by name.</summary>
        public StrandsMessage[] Messages => StrandsMessage.From(Core.Messages);
        /// <summary>Number of messages in the conversation.</summary>
        public int MessageCount => Core.Messages.Count;
        /// <summary>Messages kept between invocations.</summary>
        public int WindowSize => Core.ConversationManager.WindowSize;
        /// <summary>Cycle guard per invocation.</summary>
        public int MaxCycles => Core.Options.MaxCycles;
        /// <summary>Most tokens the agent may use over its life (-TokenBudget), or null.</summary>
        public long? TokenBudget => Core.Options.Budget?.Tokens;
        /// <summary>Most estimated USD the agent may spend over its life (-CostBudgetUsd), or null.</summary>
        public decimal? CostBudgetUsd => Core.Options.Budget?.CostUsd;
        /// <summary>The session file saved after every invocation (full path), or null when the agent has none.</summary>
        public string? SessionPath { get; internal set; }
        /// <summary>Free-form state saved with the session and restored with it (JSON-serializable values; depth up to 10).</summary>
        public Hashtable State { get; internal set; } = new(System.StringComparer.OrdinalIgnoreCase);

        // Deep enough for nested ops state (host -> disks -> alerts...), bounded so a stray object graph cannot bloat the file.
        private const int StateDepth = 10;

        /// <summary>Switches the model between invocations (Enter-StrandsChat's /model); the conversation is kept.</summary>
        internal void UseModel(LiteLlmModel model)
        {
            Core.UseModel(model.Core);
            Model = model;
        }

        /// <summary>Writes the session file, when the agent has one. Throws StrandsException (SessionSaveFailed).</summary>
        internal void SaveSession() => SaveSession(CaptureState());

        /// <summary>
        /// <see cref="State"/> as JSON, read on the calling thread: its values may be PowerShell
        /// objects whose script properties run user code, so this is done on the pipeline thread and
        /// never under the save lock.
        /// </summary>
        internal JsonElement? CaptureState()
        {
            if (State.Count == 0) return null;
            using var doc = JsonDocument.Parse(PowerShellJson.Serialize(State, StateDepth));
            return doc.RootElement.Clone();
        }

        /// <summary>Writes the session file with a state captured earlier by <see cref="CaptureState"/>.</summary>
        internal void SaveSession(JsonElement? state)
        {
            if (SessionPath != null) SaveSessionTo(SessionPath, state);
        }

        /// <summary>
        /// Writes the session (conversation, usage, a State captured by <see cref="CaptureState"/>) to
        /// <paramref name="path"/>. Throws StrandsException (SessionSaveFailed).
        /// </summary>
        internal void SaveSessionTo(string path, JsonElement? state)
        {
            // Saves come from the pipeline thread and, after Ctrl+C, from the unwinding loop: one at a time.
            lock (_saveLock) AgentSession.Save(path, AgentSessionData.Capture(Core, state));
        }

        private readonly object _saveLock = new();

        /// <summary>The agent's name.</summary>
        public override string ToString() => Name;
    }
}
