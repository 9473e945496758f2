using System;
using System.Linq;
using System.Management.Automation;
using Strands.Agent;
using Strands.Chat;
using Strands.Models;
using Strands.PowerShell.Internal;
using Strands.PowerShell.Tools;
using Strands.Types;

namespace Strands.PowerShell.Chat
{
    /// <summary>
    /// The chat loop of Enter-StrandsChat: reads input (continued lines and blocks gathered by
    /// <see cref="ChatInputBuffer"/>), runs commands, and runs every other input as a turn of the
    /// agent. Pipeline thread only; the conversation lives on the agent, so it outlasts the chat.
    /// </summary>
    internal sealed class ChatSession
    {
        private const string Prompt = "you> ";
        private const string ContinuationPrompt = ">> ";
        private readonly PSCmdlet _cmdlet;
        private readonly StrandsAgent _agent;
        private readonly ChatConsole _console;
        private readonly IChatLineReader _reader;
        private readonly ChatTurn _turn;

        public ChatSession(PSCmdlet cmdlet, StrandsAgent agent, ChatConsole console, IChatLineReader reader)
        {
            _cmdlet = cmdlet;
            _agent = agent;
            _console = console;
            _reader = reader;
            _turn = new ChatTurn(cmdlet, agent, console);
        }

        /// <summary>Runs until /exit, exit, Ctrl+D or Ctrl+C at an empty prompt.</summary>
        public void Run()
        {
            _console.DimLine($"Chat with {_agent.Name} on {_agent.Model.ModelId}. /help lists the commands; /exit or Ctrl+D leaves.");
            var buffer = new ChatInputBuffer();
            while (true)
            {
                var read = _reader.Read(buffer.IsOpen ? ContinuationPrompt : Prompt);
                switch (read.Kind)
                {
                    case ChatReadKind.EndOfInput:
                        return;
                    case ChatReadKind.Interrupt when !buffer.IsOpen:
                        return;
                    case ChatReadKind.Interrupt:
                    case ChatReadKind.LineDropped:
                        // Ctrl+C abandons the input being typed, continued lines included.
                        buffer.Clear();
                        continue;
                }

                var input = buffer.Add(read.Text);
                if (input == null || input.Trim().Length == 0) continue;
                if (ChatCommand.TryParse(input, out var command))
                {
                    if (!Execute(command)) return;
                    continue;
                }
                _turn.Run(ChatCommand.PromptText(input));
                SaveSession();
            }
        }

        // Returns false to leave the chat. A failed command writes its error and the chat goes on.
        private bool Execute(ChatCommand command)
        {
            try
            {
                switch (command.Name)
                {
                    case "exit":
                        return false;
                    case "help":
                        Help();
                        break;
                    case "reset":
                        _agent.Core.ResetConversation();
                        SaveSession();
                        _console.DimLine("Conversation cleared; tools, system prompt and usage kept.");
                        break;
                    case "usage":
                        ShowUsage();
                        break;
                    case "save":
                        Save(command.Argument);
                        break;
                    case "load":
                        Load(command.Argument);
                        break;
                    case "model":
                        SwitchModel(command.Argument);
                        break;
                    case "system":
                        SystemPrompt(command.Argument);
                        break;
                    default:
                        _console.Line(command.UnknownMessage());
                        break;
                }
            }
            catch (StrandsException ex)
            {
                _cmdlet.WriteError(ErrorRecords.From(ex, command.Argument.Length > 0 ? command.Argument : _agent));
            }
            return true;
        }

        private void Help()
        {
            var width = ChatCommand.Known.Max(k => k.Name.Length + k.Arguments.Length) + 4;
            foreach (var info in ChatCommand.Known) _console.Line("  " + info.HelpLine(width));
            _console.Line($"  Multi-line input: end a line with ` to continue it, or paste between two {ChatInputBuffer.BlockFence} lines.");
            _console.Line("  Ctrl+C stops an answer or a tool; at an empty prompt it leaves the chat. Start with // to send a prompt beginning with /.");
        }

        private void ShowUsage()
        {
            var usage = StrandsUsage.OfAgent(_agent);
            // The Get-StrandsUsage row through the module's own view, to the host, not the pipeline.
            using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            ps.AddCommand("Microsoft.PowerShell.Core\\Out-Host").Invoke(new[] { TypeNames.Typed(usage) });
            _console.Prompted();
        }

        private void Save(string path)
        {
            if (!NeedsArgument(path, "/save <path>")) return;
            var full = _cmdlet.GetUnresolvedProviderPathFromPSPath(path);
            _agent.SaveSessionTo(full, _agent.CaptureState());
            _console.DimLine($"Saved {_agent.MessageCount} messages to {full}.");
        }

        private void Load(string path)
        {
            if (!NeedsArgument(path, "/load <path>")) return;
            var full = _cmdlet.GetUnresolvedProviderPathFromPSPath(path);
            var saved = AgentSession.Load(full);
            AgentSession.Restore(_agent.Core, saved);
            _agent.State = saved.State is { ValueKind: System.Text.Json.JsonValueKind.Object } state
                ? PowerShellJson.ToHashtable(state)
                : new System.Collections.Hashtable(StringComparer.OrdinalIgnoreCase);
            SaveSession();
            _console.DimLine($"Loaded {saved.Messages.Count} messages from {full} (agent '{saved.AgentName}').");
        }

        private void SwitchModel(string id)
        {
            if (id.Length == 0)
            {
                _console.DimLine($"Model: {_agent.Model.ModelId} ({_agent.Model.Provider}). /model <id> switches.");
                return;
            }
            var model = _agent.Model.ForModelId(RecordingPaths.ResolveModelId(_cmdlet.SessionState.Path, id), id);
            _agent.UseModel(model);
            _console.DimLine($"Model: {model.ModelId} ({model.Provider}); the conversation continues.");
        }

        private void SystemPrompt(string text)
        {
            if (text.Length == 0)
            {
                _console.DimLine(_agent.SystemPrompt.Length > 0 ? "System prompt: " + _agent.SystemPrompt : "No system prompt. /system <text> sets one.");
                return;
            }
            _agent.Core.UseSystemPrompt(SystemPromptParser.Parse(text));
            _console.DimLine("System prompt replaced; the conversation continues.");
        }

        private bool NeedsArgument(string argument, string usage)
        {
            if (argument.Length > 0) return true;
            _console.Line("Usage: " + usage);
            return false;
        }

        // As Invoke-StrandsAgent does after every invocation: the file always holds what the agent will send next.
        private void SaveSession()
        {
            if (_agent.SessionPath == null) return;
            try
            {
                _agent.SaveSession();
            }
            catch (StrandsException ex)
            {
                _cmdlet.WriteError(ErrorRecords.From(ex, _agent.SessionPath));
            }
        }
    }
}
