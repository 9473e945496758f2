using System.Text;
using System.Text.Json;
using Strands.Agent;
using Strands.SessionCrashProbe;
using Strands.Types;
using Xunit;
using CoreAgent = Strands.Agent.Agent;

namespace Strands.Tests.Core;

/// <summary>Session files: exact round trips, atomic replacement, and corrupt files refused untouched.</summary>
public sealed class AgentSessionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("strands-session-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>Everything a session holds, as text, so two sessions compare in one assertion with a readable diff.</summary>
    internal static string Describe(AgentSessionData data) =>
        Encoding.UTF8.GetString(AgentSession.Serialize(data, DateTimeOffset.UnixEpoch));

    [Fact]
    public void A_session_with_every_content_block_kind_round_trips_exactly()
    {
        // Turn 15: text with quotes, newlines and non-ASCII, images (named or not), documents, cache points with and without a
        // TTL, reasoning with signature and redacted, tool use with and without a signature, text,
        // JSON and error tool results; plus usage with cache tokens and cost, window position, state.
        var original = ProbeSession.Build(15);
        var path = PathOf("all.json");

        AgentSession.Save(path, original);
        var loaded = AgentSession.Load(path);

        Assert.Equal(Describe(original), Describe(loaded));
        Assert.Equal(original.Messages.Count, loaded.Messages.Count);
        Assert.Equal("probe", loaded.AgentName);
        Assert.Equal(16, loaded.Usage.Invocations);
        Assert.Equal(15, loaded.Usage.Usage.CacheReadInputTokens);
        Assert.Equal(0.016m, loaded.Usage.CostUsd);
        Assert.Equal(16, loaded.Usage.ToolCallCount);
        Assert.Equal(4 * (15 - ProbeSession.WindowTurns + 1), loaded.RemovedMessageCount);
        Assert.Equal(15, ProbeSession.TurnOf(loaded));
        var image = loaded.Messages[0].Content.OfType<ImageBlock>().Single();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 4 }, image.Bytes.ToArray());
        var document = loaded.Messages[0].Content.OfType<DocumentBlock>().Single();
        Assert.Equal(("pdf", "report 4.pdf"), (document.Format, document.Name));
        Assert.Equal(new byte[] { 0x25, 0x50, 0x44, 0x46, 4 }, document.Bytes.ToArray());
        Assert.NotNull(loaded.SavedAt);
    }

    [Fact]
    public void The_file_is_versioned_and_in_Strands_message_shape()
    {
        var path = PathOf("shape.json");
        AgentSession.Save(path, ProbeSession.Build(0));

        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        Assert.Equal(AgentSession.SchemaVersion, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("Strands.AgentSession", root.GetProperty("type").GetString());
        var first = root.GetProperty("messages")[0];
        Assert.Equal("user", first.GetProperty("role").GetString());
        Assert.StartsWith("turn 0", first.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("call_0", root.GetProperty("messages")[1].GetProperty("content")[1].GetProperty("toolUse").GetProperty("toolUseId").GetString());
    }

    [Fact]
    public void A_save_replaces_the_file_and_leaves_no_temporary_file()
    {
        var path = PathOf("replace.json");
        AgentSession.Save(path, ProbeSession.Build(1));
        AgentSession.Save(path, ProbeSession.Build(2));

        Assert.Equal(2, ProbeSession.TurnOf(AgentSession.Load(path)));
        Assert.Equal(new[] { "replace.json" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void A_save_that_cannot_write_fails_clearly_and_keeps_the_previous_session()
    {
        var path = PathOf("keep.json");
        AgentSession.Save(path, ProbeSession.Build(3));
        var before = File.ReadAllBytes(path);
        // A folder where the temporary file must go makes the write fail before any rename.
        Directory.CreateDirectory(AgentSession.TempPathFor(path));

        var error = Assert.Throws<StrandsException>(() => AgentSession.Save(path, ProbeSession.Build(4)));

        Assert.Equal(ErrorIds.SessionSaveFailed, error.ErrorId);
        Assert.Contains(path, error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_temporary_file_left_by_a_crashed_save_is_ignored_and_replaced()
    {
        var path = PathOf("stale.json");
        AgentSession.Save(path, ProbeSession.Build(5));
        File.WriteAllText(AgentSession.TempPathFor(path), "{\"schemaVersion\":1,\"type\":\"Strands.Age");

        Assert.Equal(5, ProbeSession.TurnOf(AgentSession.Load(path)));
        AgentSession.Save(path, ProbeSession.Build(6));
        Assert.Equal(6, ProbeSession.TurnOf(AgentSession.Load(path)));
        Assert.False(File.Exists(AgentSession.TempPathFor(path)));
    }

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void On_Unix_a_new_session_file_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        var path = PathOf("private.json");

        AgentSession.Save(path, ProbeSession.Build(7));

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
    }

    [Fact]
    public void On_Unix_a_save_narrows_a_readable_session_file_and_a_stale_temporary_file_to_the_owner()
    {
        if (OperatingSystem.IsWindows()) return;
        var path = PathOf("was-public.json");
        File.WriteAllText(path, "{}");
        File.WriteAllText(AgentSession.TempPathFor(path), "{\"schemaVersion\":1");
        var everyone = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(path, everyone);
        File.SetUnixFileMode(AgentSession.TempPathFor(path), everyone);

        AgentSession.Save(path, ProbeSession.Build(8));

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal(8, ProbeSession.TurnOf(AgentSession.Load(path)));
    }

    public static TheoryData<string, string> CorruptFiles() => new()
    {
        { "empty", "" },
        { "truncated", "{\"schemaVersion\":1,\"type\":\"Strands.AgentSession\",\"agent\":{\"name\":\"a\"" },
        { "not ours", "{\"hello\":\"world\"}" },
        { "no messages", "{\"schemaVersion\":1,\"type\":\"Strands.AgentSession\",\"agent\":{\"name\":\"a\",\"removedMessageCount\":0},\"usage\":{}}" },
        { "bad block", """{"schemaVersion":1,"type":"Strands.AgentSession","agent":{"name":"a","removedMessageCount":0},"usage":{"invocations":0,"cycles":0,"modelCalls":0,"inputTokens":0,"outputTokens":0,"cacheReadInputTokens":0,"cacheWriteInputTokens":0,"latencyMs":0,"durationMs":0},"messages":[{"role":"user","content":[{"video":{}}]}]}""" },
        { "binary", "\u0000\u0001\u0002PK" },
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void A_corrupt_file_is_refused_with_SessionCorrupt_and_left_untouched(string kind, string content)
    {
        var path = PathOf("corrupt.json");
        File.WriteAllText(path, content);
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<StrandsException>(() => AgentSession.Load(path));

        Assert.True(ErrorIds.SessionCorrupt == error.ErrorId, kind + ": " + error.ErrorId);
        Assert.Contains(path, error.Message);
        Assert.Contains("left untouched", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_file_from_a_newer_schema_is_refused_by_version()
    {
        var path = PathOf("future.json");
        File.WriteAllText(path, "{\"schemaVersion\":99,\"type\":\"Strands.AgentSession\"}");

        var error = Assert.Throws<StrandsException>(() => AgentSession.Load(path));

        Assert.Equal(ErrorIds.SessionVersionUnsupported, error.ErrorId);
        Assert.Contains("99", error.Message);
    }

    [Fact]
    public async Task A_restored_agent_continues_the_conversation_window_and_usage()
    {
        var model = new ScriptedModel().Tools(("t1", "echo", "{\"x\":1}")).Text("first answer", 20, 7);
        var agent = new CoreAgent(model, new AgentOptions { Name = "ops", Tools = new[] { new DelegateTool("echo", _ => "e") } });
        await agent.InvokeAsync("first question");
        var path = PathOf("continue.json");
        AgentSession.Save(path, AgentSessionData.Capture(agent));

        var model2 = new ScriptedModel().Text("second answer", 30, 9);
        var restored = new CoreAgent(model2, new AgentOptions { Name = "ops", Tools = new[] { new DelegateTool("echo", _ => "e") } });
        AgentSession.Restore(restored, AgentSession.Load(path));

        Assert.Equal(Describe(AgentSessionData.Capture(agent)), Describe(AgentSessionData.Capture(restored)));
        await restored.InvokeAsync("second question");
        var sent = model2.Requests.Single().Messages;
        Assert.Equal("first question", sent[0].Text);
        Assert.Equal("first answer", sent[3].Text);
        Assert.Equal("second question", sent[4].Text);
        Assert.Equal(2, restored.AccumulatedMetrics.Invocations);
        Assert.Equal(10 + 20 + 30, restored.AccumulatedMetrics.Usage.InputTokens);
        Assert.Equal(1, restored.AccumulatedMetrics.ToolCallCount);
    }

    [Fact]
    public void A_file_ending_in_an_unanswered_tool_call_is_restored_as_a_valid_conversation()
    {
        // Written by hand (or by an older build): the last assistant turn asks for a tool.
        var data = new AgentSessionData
        {
            Messages = new[]
            {
                Message.UserText("check the disk"),
                new Message(Role.Assistant, new ContentBlock[] { new ToolUseBlock("d1", "disk", JsonDocument.Parse("{}").RootElement) }),
            },
        };
        var path = PathOf("dangling.json");
        File.WriteAllBytes(path, AgentSession.Serialize(data, DateTimeOffset.UtcNow));
        var agent = new CoreAgent(new ScriptedModel());

        AgentSession.Restore(agent, AgentSession.Load(path));

        Assert.Equal(3, agent.Messages.Count);
        AgentLoopTests.AssertValidHistory(agent.Messages);
        var answer = Assert.Single(agent.Messages[2].ToolResults);
        Assert.Equal(ToolResultStatus.Error, answer.Status);
    }

    [Fact]
    public async Task A_snapshot_taken_while_a_tool_runs_is_already_a_valid_conversation()
    {
        // Ctrl+C can save while the cancelled loop is still unwinding, with a toolUse not yet answered.
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource<string>();
        var tool = new DelegateTool("slow", """{"type":"object","properties":{}}""", (_, _) => { started.TrySetResult(); return release.Task; });
        var model = new ScriptedModel().Tools(("s1", "slow", "{}")).Text("done");
        var agent = new CoreAgent(model, new AgentOptions { Tools = new[] { tool } });
        var run = agent.InvokeAsync("go");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(agent.Messages[^1].ToolResults);

        var snapshot = AgentSessionData.Capture(agent);

        AgentLoopTests.AssertValidHistory(snapshot.Messages);
        Assert.Equal(3, snapshot.Messages.Count);
        release.SetResult("ok");
        Assert.Equal("done", (await run).Text);
    }
}
