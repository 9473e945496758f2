using Strands.FakeProvider;
using Strands.Models;
using Strands.Models.Gemini;
using Strands.Models.Http;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Gemini;

/// <summary>
/// A tool round trip against the shared fake provider in strict mode, whose validators apply the
/// real API's rules (function responses right after, and as many as, the calls).
/// </summary>
public sealed class GeminiFakeProviderTests
{
    [Fact]
    public async Task Gemini_parallel_calls_with_signature_round_trip()
    {
        await using var server = await FakeProviderServer.StartAsync();
        server.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("get_weather", """{"city":"Paris"}""", thoughtSignature: "c2lnLTE="),
                                new FakeToolCall("get_weather", """{"city":"Lyon"}""")),
            FakeReply.Text("Both 18C."));
        var model = new GeminiModel("gemini", "gemini-2.5-flash", server.BaseUrl.ToString(), ApiKey.FromPlainText("AIza-test"), null, new HttpSettings { MaxRetries = 0 });
        var conversation = new List<Message> { Message.UserText("Weather in Paris and Lyon?") };

        var first = await RoundTrip.Turn(model, conversation);
        Assert.Equal(2, first.ToolUses.Count());
        Assert.NotEqual(first.ToolUses.First().ToolUseId, first.ToolUses.Last().ToolUseId);
        conversation.Add(RoundTrip.Answer(first));
        var second = await RoundTrip.Turn(model, conversation);

        Assert.Equal("Both 18C.", second.Text);
        Assert.All(server.Requests, r => Assert.Null(r.Rejection));
        var contents = server.Requests[1].Json.RootElement.GetProperty("contents");
        Assert.Equal("c2lnLTE=", contents[1].GetProperty("parts")[0].GetProperty("thoughtSignature").GetString());
        Assert.Equal("get_weather", contents[2].GetProperty("parts")[1].GetProperty("functionResponse").GetProperty("name").GetString());
    }
}
