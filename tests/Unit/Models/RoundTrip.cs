using System.Text.Json;
using Strands.EventLoop;
using Strands.Models;
using Strands.Types;

namespace Strands.Tests.Models;

/// <summary>Drives model turns by hand (no agent loop), so tests can inspect each request.</summary>
internal static class RoundTrip
{
    public static readonly ToolSpec Weather = new("get_weather", "Weather for a city.",
        JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}""").RootElement.Clone());

    public static async Task<Message> Turn(IModel model, List<Message> conversation)
    {
        var reply = new MessageAssembler();
        var request = new ModelRequest(conversation.ToArray(), new ContentBlock[] { new TextBlock("Be brief.") }, new[] { Weather });
        await foreach (var e in model.StreamAsync(request, CancellationToken.None)) reply.Add(e);
        var message = reply.Build();
        conversation.Add(message);
        return message;
    }

    public static Message Answer(Message assistant) => new(Role.User,
        assistant.ToolUses.Select(u => (ContentBlock)ToolResultBlock.FromText(u.ToolUseId, ToolResultStatus.Success, "18C")).ToArray());
}
