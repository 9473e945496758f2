using System;
using System.Management.Automation;
using Strands.PowerShell.Chat;
using Strands.PowerShell.Internal;
using Strands.Types;

namespace Strands.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Opens an interactive chat with an agent in the current console: streamed answers, tool calls, commands such as /usage and /save.</para>
    /// </summary>
    // ConfirmImpact High: a person is at the keyboard, so tools that need confirmation ask by default.
    [Cmdlet(VerbsCommon.Enter, "StrandsChat", DefaultParameterSetName = AgentSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(StrandsAgent))]
    public sealed class EnterStrandsChatCommand : PSCmdlet
    {
        private const string AgentSet = "Agent";
        private const string ModelSet = "Model";

        /// <summary>The agent to chat with (New-StrandsAgent). The conversation stays on it after the chat.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = AgentSet)]
        [ValidateNotNull]
        public StrandsAgent Agent { get; set; } = null!;

        /// <summary>A model (New-LiteLlmModel) or a model id: an agent is made for the chat, as New-StrandsAgent would make it.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ModelSet)]
        [Alias("ModelId")]
        [ModelTransformation]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(ModelIdCompleter))]
        public LiteLlmModel Model { get; set; } = null!;

        /// <summary>Tools for the agent made with -Model, as New-StrandsAgent -Tool takes them.</summary>
        [Parameter(ParameterSetName = ModelSet)]
        public object[]? Tool { get; set; }

        /// <summary>Tools (of -Tool) that ask for confirmation before each call.</summary>
        [Parameter(ParameterSetName = ModelSet)]
        [ValidateNotNull]
        public string[]? ConfirmTool { get; set; }

        /// <summary>The system prompt for the agent made with -Model.</summary>
        [Parameter(ParameterSetName = ModelSet)]
        public object? SystemPrompt { get; set; }

        /// <summary>The name of the agent made with -Model.</summary>
        [Parameter(ParameterSetName = ModelSet)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>A session file for the agent made with -Model: loaded when it exists, saved after every turn.</summary>
        [Parameter(ParameterSetName = ModelSet)]
        [ValidateNotNullOrEmpty]
        public string? SessionPath { get; set; }

        /// <summary>Write the agent to the pipeline when the chat ends (by default the chat writes nothing).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            if (InteractiveHost.Refusal(Host) is { } refusal) ThrowTerminatingError(ErrorRecords.From(refusal, Host.Name));
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            var agent = ParameterSetName == ModelSet ? NewAgent() : Agent;
            var console = new ChatConsole(this);
            try
            {
                IChatLineReader reader = ConsoleLineReader.Usable(Host) ? new ConsoleLineReader(console) : new HostLineReader(Host.UI, console);
                new ChatSession(this, agent, console, reader).Run();
            }
            catch (StrandsException ex) when (ex.ErrorId == ErrorIds.HostNotInteractive)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Host.Name));
            }
            if (PassThru) WriteObject(TypeNames.Typed(agent));
        }

        // New-StrandsAgent itself, so tools, confirmation and sessions are made exactly as it makes them.
        private StrandsAgent NewAgent()
        {
            using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            ps.AddCommand("Strands\\New-StrandsAgent");
            foreach (var name in new[] { nameof(Model), nameof(Tool), nameof(ConfirmTool), nameof(SystemPrompt), nameof(Name), nameof(SessionPath) })
                if (MyInvocation.BoundParameters.TryGetValue(name, out var value)) ps.AddParameter(name, value);
            try
            {
                var made = ps.Invoke();
                if (made.Count == 1 && made[0]?.BaseObject is StrandsAgent agent) return agent;
                if (ps.Streams.Error.Count > 0) ThrowTerminatingError(ps.Streams.Error[0]);
            }
            catch (RuntimeException ex) when (ex.ErrorRecord != null)
            {
                ThrowTerminatingError(ex.ErrorRecord);
            }
            throw new InvalidOperationException("New-StrandsAgent returned no agent.");
        }
    }
}
