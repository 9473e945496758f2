using Strands.FakeProvider;
using Strands.Models.Http;
using Strands.Models.Ollama;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Ollama;

/// <summary>A tool round trip against the shared fake provider in strict mode.</summary>
public sealed class OllamaFakeProviderTests
{
    [Fact]
    public async Task Ollama_tool_round_trip()
    {
        await using var server = await FakeProviderServer.StartAsync();
        server.Enqueue(FakeReply.ToolCalls(new FakeToolCall("get_weather", """{"city":"Paris"}""")), FakeReply.Text("18C."));
        var model = new OllamaModel("ollama_chat", "llama3.1", server.BaseUrl.ToString(), null, null, new HttpSettings { MaxRetries = 0 });
        var conversation = new List<Message> { Message.UserText("Weather in Paris?") };

        var first = await RoundTrip.Turn(model, conversation);
        conversation.Add(RoundTrip.Answer(first));
        var second = await RoundTrip.Turn(model, conversation);

        Assert.Equal("18C.", second.Text);
        Assert.All(server.Requests, r => Assert.Null(r.Rejection));
        var tool = server.Requests[1].Json.RootElement.GetProperty("messages")[3];
        Assert.Equal("tool", tool.GetProperty("role").GetString());
        Assert.Equal("get_weather", tool.GetProperty("tool_name").GetString());
    }
}
