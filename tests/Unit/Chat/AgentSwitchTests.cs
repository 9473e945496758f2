using Strands.Agent;
using Strands.Tests.Core;
using Strands.Types;
using Xunit;
using CoreAgent = Strands.Agent.Agent;

namespace Strands.Tests.Chat;

/// <summary>What Enter-StrandsChat's /model, /system and /reset do to the agent between turns.</summary>
public sealed class AgentSwitchTests
{
    [Fact]
    public async Task A_new_model_and_system_prompt_continue_the_same_conversation()
    {
        var first = new ScriptedModel().Text("one");
        var second = new ScriptedModel().Text("two");
        var agent = new CoreAgent(first, new AgentOptions { SystemPrompt = new ContentBlock[] { new TextBlock("old") } });
        await agent.InvokeAsync("q1");

        agent.UseModel(second);
        agent.UseSystemPrompt(new ContentBlock[] { new TextBlock("new") });
        var result = await agent.InvokeAsync("q2");

        Assert.Equal("two", result.Text);
        Assert.Same(second, agent.Model);
        var request = Assert.Single(second.Requests);
        Assert.Equal(3, request.Messages.Count);
        Assert.Equal("new", Assert.IsType<TextBlock>(Assert.Single(request.SystemPrompt)).Text);
        Assert.Equal(2, agent.AccumulatedMetrics.Invocations);
    }

    [Fact]
    public async Task Reset_empties_the_conversation_and_keeps_the_usage()
    {
        var model = new ScriptedModel().Text("one").Text("two");
        var agent = new CoreAgent(model);
        await agent.InvokeAsync("q1");

        agent.ResetConversation();

        Assert.Empty(agent.Messages);
        Assert.Equal(0, agent.ConversationManager.RemovedMessageCount);
        Assert.Equal(1, agent.AccumulatedMetrics.Invocations);
        await agent.InvokeAsync("q2");
        Assert.Single(model.Requests[1].Messages);
    }
}
