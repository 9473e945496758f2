using Strands.Agent;
using Strands.Types;
using Xunit;
using CoreAgent = Strands.Agent.Agent;

namespace Strands.Tests.Core;

public sealed class SlidingWindowTests
{
    [Fact]
    public async Task A_window_of_four_over_a_tool_heavy_conversation_never_sends_an_orphan()
    {
        var model = new ScriptedModel();
        for (var turn = 0; turn < 12; turn++)
        {
            model.Tools(($"a{turn}", "echo", "{}"), ($"b{turn}", "echo", "{}"));
            model.Text($"answer {turn}");
        }
        var agent = new CoreAgent(model, new AgentOptions { Tools = new[] { new DelegateTool("echo", _ => "e") }, WindowSize = 4 });
        for (var turn = 0; turn < 12; turn++) await agent.InvokeAsync($"question {turn}");

        foreach (var request in model.Requests)
        {
            AgentLoopTests.AssertValidHistory(request.Messages);
            Assert.Equal(Role.User, request.Messages[0].Role);
            Assert.Empty(request.Messages[0].ToolResults);
        }
        Assert.True(agent.Messages.Count <= 4);
        Assert.True(agent.ConversationManager.RemovedMessageCount > 0);
    }

    [Fact]
    public void The_window_never_cuts_between_a_tool_use_and_its_result()
    {
        var messages = new List<Message>
        {
            Message.UserText("q1"),
            new(Role.Assistant, new ContentBlock[] { new ToolUseBlock("t", "x", default) }),
            new(Role.User, new ContentBlock[] { ToolResultBlock.FromText("t", ToolResultStatus.Success, "r") }),
            new(Role.Assistant, new ContentBlock[] { new TextBlock("a1") }),
        };
        new SlidingWindowConversationManager(2).ApplyManagement(messages);
        Assert.Equal(4, messages.Count);
    }
}
