using System.Runtime.CompilerServices;
using System.Text.Json;
using Strands.Models;
using Strands.Types;

namespace Strands.Tests.Core;

/// <summary>An in-memory model for loop tests: replies are scripted as event lists and every request is kept.</summary>
internal sealed class ScriptedModel : IModel
{
    private readonly Queue<Func<ModelRequest, IEnumerable<ModelStreamEvent>>> _replies = new();

    public string Provider => "openai";
    public string ModelName => "gpt-4o";
    public List<ModelRequest> Requests { get; } = new();

    public ScriptedModel Reply(params ModelStreamEvent[] events)
    {
        _replies.Enqueue(_ => events);
        return this;
    }

    public ScriptedModel Throw(Exception ex)
    {
        _replies.Enqueue(_ => throw ex);
        return this;
    }

    public ScriptedModel Text(string text, long input = 10, long output = 5) =>
        Reply(new TextDeltaEvent(text), ContentBlockStopEvent.Instance, new MessageStopEvent(StopReason.EndTurn), new MetadataEvent(new Usage(input, output)));

    public ScriptedModel Tools(params (string Id, string Name, string Json)[] calls)
    {
        var events = new List<ModelStreamEvent>();
        foreach (var (id, name, json) in calls)
        {
            events.Add(new ToolUseStartEvent(id, name));
            events.Add(new ToolUseInputDeltaEvent(json));
            events.Add(ContentBlockStopEvent.Instance);
        }
        events.Add(new MessageStopEvent(StopReason.ToolUse));
        events.Add(new MetadataEvent(new Usage(10, 5)));
        return Reply(events.ToArray());
    }

    public async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Requests.Add(request);
        if (_replies.Count == 0) throw new InvalidOperationException("No scripted reply left.");
        foreach (var e in _replies.Dequeue()(request))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return e;
        }
    }
}

/// <summary>A core tool backed by a delegate, counting its calls.</summary>
internal sealed class DelegateTool : Strands.Tools.ITool
{
    private readonly Func<JsonElement, CancellationToken, Task<string>> _run;

    public DelegateTool(string name, string schemaJson, Func<JsonElement, CancellationToken, Task<string>> run)
    {
        Spec = new ToolSpec(name, $"test tool {name}", JsonDocument.Parse(schemaJson).RootElement.Clone());
        _run = run;
    }

    public DelegateTool(string name, Func<JsonElement, string> run)
        : this(name, """{"type":"object","properties":{}}""", (a, _) => Task.FromResult(run(a))) { }

    public ToolSpec Spec { get; }
    public List<JsonElement> Calls { get; } = new();

    public async Task<Strands.Tools.ToolOutput> InvokeAsync(Strands.Tools.ToolCall call, CancellationToken cancellationToken)
    {
        Calls.Add(call.Arguments);
        return Strands.Tools.ToolOutput.Text(await _run(call.Arguments, cancellationToken));
    }
}
