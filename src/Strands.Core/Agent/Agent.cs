using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Strands.EventLoop;
using Strands.Models;
using Strands.StructuredOutput;
using Strands.Telemetry;
using Strands.Tools;
using Strands.Types;

namespace Strands.Agent
{
    /// <summary>
    /// An agent: a model, a system prompt, tools, and a conversation that persists across
    /// invocations. One invocation at a time; the conversation is always left valid.
    /// </summary>
    public sealed class Agent
    {
        private readonly List<Message> _messages = new();
        private readonly InvocationMetrics _accumulated = new();
        private int _busy;

        /// <summary>Creates an agent.</summary>
        public Agent(IModel model, AgentOptions? options = null)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            Options = options ?? new AgentOptions();
            Options.Budget?.EnsureEnforceable(model);
            Tools = new ToolRegistry(Options.Tools);
            ConversationManager = new SlidingWindowConversationManager(Options.WindowSize);
        }

        /// <summary>The model (replaced by <see cref="UseModel"/>).</summary>
        public IModel Model { get; private set; }
        /// <summary>How the agent was built (the system prompt replaced by <see cref="UseSystemPrompt"/>).</summary>
        public AgentOptions Options { get; private set; }
        /// <summary>Agent name.</summary>
        public string Name => Options.Name;
        /// <summary>The tools offered.</summary>
        public ToolRegistry Tools { get; }
        /// <summary>The window manager.</summary>
        public SlidingWindowConversationManager ConversationManager { get; }
        /// <summary>The conversation, oldest first (a snapshot).</summary>
        public IReadOnlyList<Message> Messages { get { lock (_messages) return _messages.ToArray(); } }
        /// <summary>Metrics summed over every invocation of this agent.</summary>
        public InvocationMetrics AccumulatedMetrics => _accumulated;
        /// <summary>True while an invocation runs.</summary>
        public bool IsBusy => Volatile.Read(ref _busy) != 0;

        /// <summary>Replaces the conversation (session restore); the history is repaired if it ends in an unanswered tool call.</summary>
        public void LoadMessages(IEnumerable<Message> messages)
        {
            lock (_messages)
            {
                _messages.Clear();
                _messages.AddRange(messages);
                HistoryRepair.AnswerDanglingToolUses(_messages, "Tool was interrupted.");
            }
        }

        /// <summary>Switches the model between invocations; the conversation, tools and usage are kept.</summary>
        /// <exception cref="StrandsException"><c>AgentBusy</c> while an invocation runs; <c>InvalidArgument</c> when the agent has a cost budget and the model no known price.</exception>
        public void UseModel(IModel model)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            Options.Budget?.EnsureEnforceable(model);
            WhenIdle(() => Model = model);
        }

        /// <summary>Replaces the system prompt between invocations; the conversation is kept.</summary>
        /// <exception cref="StrandsException"><c>AgentBusy</c> while an invocation runs.</exception>
        public void UseSystemPrompt(IReadOnlyList<ContentBlock> systemPrompt)
        {
            if (systemPrompt is null) throw new ArgumentNullException(nameof(systemPrompt));
            WhenIdle(() => Options = Options with { SystemPrompt = systemPrompt });
        }

        /// <summary>Empties the conversation (and the window's count of dropped messages); tools, prompt and usage stay.</summary>
        /// <exception cref="StrandsException"><c>AgentBusy</c> while an invocation runs.</exception>
        public void ResetConversation() => WhenIdle(() =>
        {
            lock (_messages) _messages.Clear();
            ConversationManager.RestoreRemovedMessageCount(0);
        });

        // Holds the busy flag while changing the agent, so no invocation can start halfway through a change
        // and read a model or prompt that does not match the conversation it continues.
        private void WhenIdle(Action change)
        {
            if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
                throw new StrandsException(ErrorIds.AgentBusy, ErrorKind.Busy, $"Agent '{Name}' is running an invocation; it can only be changed while idle.");
            try { change(); }
            finally { Volatile.Write(ref _busy, 0); }
        }

        /// <summary>Runs the agent loop for a text prompt.</summary>
        public Task<AgentResult> InvokeAsync(string prompt, AgentObserver? observer = null, StructuredOutputRequest? structuredOutput = null, int? maxCycles = null, Budget? budget = null, CancellationToken cancellationToken = default) =>
            InvokeAsync(new ContentBlock[] { new TextBlock(prompt) }, observer, structuredOutput, maxCycles, budget, cancellationToken);

        /// <summary>Runs the agent loop: model, tools, model… until the model stops for a reason other than tools.</summary>
        /// <param name="prompt">The user's content.</param>
        /// <param name="observer">Receives what happens, or null.</param>
        /// <param name="structuredOutput">The output tool to require, or null.</param>
        /// <param name="maxCycles">Cycle guard for this invocation; null for the agent's.</param>
        /// <param name="budget">What this invocation may spend (the agent's own budget applies as well); null for no limit.</param>
        /// <param name="cancellationToken">Stops the invocation; the history is repaired.</param>
        /// <exception cref="StrandsException"><c>BudgetExceeded</c> once a budget is reached; <c>InvalidArgument</c> for a cost budget on a model with no known price.</exception>
        public async Task<AgentResult> InvokeAsync(IReadOnlyList<ContentBlock> prompt, AgentObserver? observer = null, StructuredOutputRequest? structuredOutput = null, int? maxCycles = null, Budget? budget = null, CancellationToken cancellationToken = default)
        {
            budget?.EnsureEnforceable(Model);
            if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
                throw new StrandsException(ErrorIds.AgentBusy, ErrorKind.Busy,
                    $"Agent '{Name}' is already processing a request. Use one agent per runspace, or wait for the running invocation.");
            try
            {
                CheckAttachments(prompt);
                var loop = new AgentLoop(this, _messages, observer ?? NullObserver.Instance, structuredOutput, maxCycles ?? Options.MaxCycles, budget);
                var metrics = loop.Metrics;
                try
                {
                    return await loop.RunAsync(prompt, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    lock (_messages) ConversationManager.ApplyManagement(_messages);
                    lock (_accumulated) _accumulated.Accumulate(metrics);
                }
            }
            finally
            {
                Volatile.Write(ref _busy, 0);
            }
        }

        // Before the prompt joins the conversation: a file the provider cannot take fails with
        // nothing sent and the history unchanged. The history counts too (a session saved with
        // another provider's model), since every call sends it.
        private void CheckAttachments(IReadOnlyList<ContentBlock> prompt)
        {
            if (Model is not HttpModel http) return;
            http.Attachments.Check(Model.Provider, prompt);
            lock (_messages)
                foreach (var message in _messages) http.Attachments.Check(Model.Provider, message.Content);
        }

        private sealed class NullObserver : AgentObserver
        {
            public static readonly NullObserver Instance = new();
        }
    }
}
