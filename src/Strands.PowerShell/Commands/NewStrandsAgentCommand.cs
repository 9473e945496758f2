using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Strands.Agent;
using Strands.PowerShell.Hooks;
using Strands.PowerShell.Internal;
using Strands.PowerShell.Tools;
using Strands.Types;
using CoreAgent = Strands.Agent.Agent;

namespace Strands.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates an agent: a model, a system prompt and tools, with a conversation that persists across calls.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "StrandsAgent")]
    [OutputType(typeof(StrandsAgent))]
    public sealed class NewStrandsAgentCommand : PSCmdlet
    {
        /// <summary>A model from New-LiteLlmModel, or a model id string (keys from the environment).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ModelTransformation]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(ModelIdCompleter))]
        public LiteLlmModel Model { get; set; } = null!;

        /// <summary>Tools: @{ name = { param(...) ... } } hashtables, tool descriptions, commands (Get-Command), @{ Command; Bound } with pre-bound arguments, agents, 'calculator', 'current_time'.</summary>
        [Parameter]
        public object[]? Tool { get; set; }

        /// <summary>Names of tools that go through Invoke-StrandsAgent's ShouldProcess before each call (commands declaring SupportsShouldProcess always do).</summary>
        [Parameter]
        [ValidateNotNull]
        public string[]? ConfirmTool { get; set; }

        /// <summary>A string, an array of strings, or SystemContentBlock hashtables (@{text=...}, @{cachePoint=@{type='default'}}).</summary>
        [Parameter]
        public object? SystemPrompt { get; set; }

        /// <summary>Agent name (its tool name when used as a tool).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = AgentOptions.DefaultName;

        /// <summary>What the agent does (its tool description when used as a tool).</summary>
        [Parameter]
        public string? Description { get; set; }

        /// <summary>Messages kept between invocations (default 40).</summary>
        [Parameter]
        [ValidateRange(1, 100000)]
        public int WindowSize { get; set; } = AgentOptions.DefaultWindowSize;

        /// <summary>Most model/tool cycles per invocation before MaxCyclesExceeded (default 50).</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int MaxCycles { get; set; } = AgentOptions.DefaultMaxCycles;

        /// <summary>
        /// Seconds each tool call may run (default: no limit). A tool still running then is stopped as Ctrl+C
        /// would stop it (its script block's pipeline; finally blocks run) and the model gets an error result
        /// saying it did not finish within that time; the invocation goes on.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int ToolTimeoutSec { get; set; }

        /// <summary>
        /// Most tokens (input plus output, cached included) the agent over its life (all its invocations, a restored session's usage included) may use. Checked after every model call:
        /// once reached, no further model call starts and the call ends with BudgetExceeded (the partial
        /// text in $_.Exception.PartialText, the conversation kept valid).
        /// </summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long TokenBudget { get; set; }

        /// <summary>
        /// Most estimated cost in USD the agent over its life (all its invocations, a restored session's usage included) may run up, checked like -TokenBudget. Refused (InvalidArgument)
        /// for a model whose price is not known, rather than left unenforced.
        /// </summary>
        [Parameter]
        [ValidateRange(0.000001, 1000000)]
        public decimal CostBudgetUsd { get; set; }

        /// <summary>
        /// Hooks: @{ BeforeToolCall = { param($e) ... }; AfterToolCall = { ... } } (event name → script block),
        /// or one script block for every event. Events: BeforeInvocation, AfterInvocation, BeforeModelCall,
        /// AfterModelCall, BeforeToolCall ($e.Cancel = 'why', $e.Input), AfterToolCall ($e.Result, $e.Status), MessageAdded.
        /// </summary>
        [Parameter]
        public object? OnEvent { get; set; }

        /// <summary>
        /// A session file: loaded when it exists (conversation, window position, usage, State), and
        /// saved atomically after every invocation. One JSON file per agent session.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SessionPath { get; set; }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            try
            {
                var (sessionPath, saved) = OpenSession();
                // A restored session keeps its agent's name unless -Name says otherwise (OpenSession refused a different one).
                var name = saved != null && !MyInvocation.BoundParameters.ContainsKey(nameof(Name)) ? saved.AgentName : Name;
                var tools = (Tool ?? Array.Empty<object>()).SelectMany(t => ToolFactory.Create(t, Resolve)).ToList();
                var confirm = new HashSet<string>(ConfirmTool ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
                var unknown = confirm.Where(n => !tools.Any(t => t.Spec.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList();
                if (unknown.Count > 0)
                    throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, $"-ConfirmTool names tools the agent does not have: {string.Join(", ", unknown)}. Tools: {string.Join(", ", tools.Select(t => t.Spec.Name))}.");
                tools = tools.Select(t => t is CommandTool { SupportsShouldProcess: true } || confirm.Contains(t.Spec.Name) ? new ConfirmedTool(t) : t).ToList();
                var hook = ScriptBlockHook.Create(OnEvent);
                var options = new AgentOptions
                {
                    Name = name,
                    Description = Description,
                    SystemPrompt = SystemPromptParser.Parse(SystemPrompt),
                    Tools = tools,
                    WindowSize = WindowSize,
                    MaxCycles = MaxCycles,
                    ToolTimeout = ToolTimeoutSec > 0 ? TimeSpan.FromSeconds(ToolTimeoutSec) : null,
                    Budget = BudgetOf(this, TokenBudget, CostBudgetUsd),
                    Hooks = hook != null ? new Strands.Hooks.IAgentHook[] { hook } : Array.Empty<Strands.Hooks.IAgentHook>(),
                };
                var core = new CoreAgent(Model.Core, options);
                var agent = new StrandsAgent(core, Model) { SessionPath = sessionPath };
                if (hook != null) hook.Agent = agent;
                if (saved != null)
                {
                    AgentSession.Restore(core, saved);
                    if (saved.State is { ValueKind: System.Text.Json.JsonValueKind.Object } state) agent.State = PowerShellJson.ToHashtable(state);
                }
                WriteObject(TypeNames.Typed(agent));
            }
            catch (StrandsException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, ex.ErrorId.StartsWith("Session", StringComparison.Ordinal) ? SessionPath : Name));
            }
        }

        /// <summary>The budget a cmdlet's -TokenBudget and -CostBudgetUsd set, or null when neither is bound.</summary>
        internal static Budget? BudgetOf(PSCmdlet cmdlet, long tokens, decimal costUsd)
        {
            var bound = cmdlet.MyInvocation.BoundParameters;
            var budget = new Budget
            {
                Tokens = bound.ContainsKey(nameof(TokenBudget)) ? tokens : null,
                CostUsd = bound.ContainsKey(nameof(CostBudgetUsd)) ? costUsd : null,
            };
            return budget.IsEmpty ? null : budget;
        }

        private CommandInfo? Resolve(string name) =>
            InvokeCommand.GetCommand(name, CommandTypes.Function | CommandTypes.Cmdlet | CommandTypes.Alias) is { } found
                ? (found is AliasInfo alias ? alias.ResolvedCommand : found)
                : null;

        // Resolves -SessionPath against the PowerShell location and reads the file if it exists. A file
        // that cannot be read stops the command before an agent exists, so nothing can overwrite it.
        private (string? Path, AgentSessionData? Saved) OpenSession()
        {
            if (SessionPath == null) return (null, null);
            var path = GetUnresolvedProviderPathFromPSPath(SessionPath);
            if (Directory.Exists(path))
                throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, $"-SessionPath '{path}' is a folder; give a file path such as '{System.IO.Path.Combine(path, "agent.session.json")}'.");
            var folder = System.IO.Path.GetDirectoryName(path);
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
                throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, $"The folder of -SessionPath '{path}' does not exist.")
                {
                    Recommendation = ErrorText.Plain("Create the folder first (New-Item -ItemType Directory), or give another path."),
                };
            if (!File.Exists(path)) return (path, null);

            var saved = AgentSession.Load(path);
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Name)) && !string.Equals(saved.AgentName, Name, StringComparison.Ordinal))
                throw new StrandsException(ErrorIds.SessionAgentMismatch, ErrorKind.InvalidArgument,
                    $"The session file '{path}' belongs to agent '{saved.AgentName}', not '{Name}'. The file was left untouched.")
                {
                    Recommendation = ErrorText.Plain("Give each agent its own -SessionPath, or omit -Name to continue the saved agent."),
                };
            return (path, saved);
        }
    }
}
