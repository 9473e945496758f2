using System;
using System.Collections;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using PS = System.Management.Automation.PowerShell;

namespace Strands.Bench;

/// <summary>An in-process runspace (the default session state, as pwsh has it), with the module imported on request.</summary>
internal sealed class PsSession : IDisposable
{
    public PsSession()
    {
        Runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        Runspace.Open();
    }

    public Runspace Runspace { get; }

    public Collection<PSObject> Run(string script, params (string Name, object? Value)[] parameters)
    {
        using var ps = PS.Create(Runspace);
        ps.AddScript(script);
        foreach (var (name, value) in parameters) ps.AddParameter(name, value);
        var output = ps.Invoke();
        if (ps.HadErrors) throw new InvalidOperationException(string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
        return output;
    }

    /// <summary>Runs one command (no script parsing) and returns how long Invoke took, in ticks.</summary>
    public long TimeCommand(string command, string parameter, object value)
    {
        using var ps = PS.Create(Runspace);
        ps.AddCommand(command).AddParameter(parameter, value);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        ps.Invoke();
        var elapsed = System.Diagnostics.Stopwatch.GetTimestamp() - start;
        if (ps.HadErrors) throw new InvalidOperationException(string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
        return elapsed;
    }

    public void Dispose() => Runspace.Dispose();
}

/// <summary>
/// A turn through <c>Invoke-StrandsAgent</c> with a script-block tool, the way a user runs it.
/// The same PowerShell object is re-invoked so no script is parsed per turn.
/// </summary>
internal sealed class CmdletTurn
{
    // The tool's body is the script block the pump runs on the pipeline thread.
    public const string Setup = """
        param($BaseUrl, $ModulePath)
        Import-Module $ModulePath
        $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'sk-bench' -ApiBase "$BaseUrl/v1"
        New-StrandsAgent -Model $model -SystemPrompt 'You are a weather assistant. Use the lookup tool, then answer in one paragraph.' -Tool @{
            lookup = {
                <# .SYNOPSIS Looks up the current weather for a city. #>
                param([Parameter(Mandatory)][string] $city)
                'sunny, 21 C'
            }
        }
        """;

    private readonly PS _invoke;
    private readonly object _core;
    private readonly MethodInfo _loadMessages;

    public CmdletTurn(PsSession session, Uri baseUrl, string modulePath)
    {
        var agent = session.Run(Setup, ("BaseUrl", baseUrl.ToString().TrimEnd('/')), ("ModulePath", modulePath)).Single(o => o != null);
        // Each turn starts from an empty conversation, like the other clients'; the reset goes through
        // the agent's (internal) core between timed turns, since no cmdlet clears a conversation.
        var core = agent.BaseObject.GetType().GetProperty("Core", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(agent.BaseObject)!;
        _core = core;
        _loadMessages = core.GetType().GetMethod("LoadMessages")!;
        _invoke = PS.Create(session.Runspace);
        _invoke.AddCommand("Invoke-StrandsAgent").AddParameter("Agent", agent).AddParameter("Prompt", Wire.Prompt);
    }

    /// <summary>Empties the conversation and the streams the previous turn's host text went to.</summary>
    public void Reset()
    {
        _loadMessages.Invoke(_core, new object[] { Array.Empty<Strands.Types.Message>() });
        _invoke.Streams.ClearStreams();
    }

    /// <summary>Runs a turn; returns the answer and the script-block tool's round trip as the core timed it.</summary>
    public (string Text, TimeSpan ToolRoundTrip) Run()
    {
        var output = _invoke.Invoke();
        if (_invoke.HadErrors)
        {
            var errors = string.Join("; ", _invoke.Streams.Error.Select(e => e.ToString()));
            _invoke.Streams.ClearStreams();
            throw new InvalidOperationException(errors);
        }
        var result = output.Single();
        var text = (string)result.Properties["Text"].Value;
        var call = ((IEnumerable)result.Properties["ToolCalls"].Value).Cast<object>().Single();
        return (text, TimeSpan.FromMilliseconds((long)PSObject.AsPSObject(call).Properties["DurationMs"].Value));
    }
}
