using System.Text;
using Strands.EventLoop;
using Strands.Models.Anthropic;
using Strands.Streaming;
using Strands.Types;

namespace Strands.Tests.Models.Anthropic;

/// <summary>Runs SSE bodies and JSON responses through the Anthropic parsers and assembles the result.</summary>
internal static class AnthropicEvents
{
    public static async Task<List<ModelStreamEvent>> FromSseAsync(Stream body)
    {
        var parser = new AnthropicStreamParser("anthropic");
        var events = new List<ModelStreamEvent>();
        using var sse = new SseReader(body);
        while (await sse.MoveNextAsync())
        {
            events.AddRange(parser.Accept(sse.Data.Span));
        }
        events.AddRange(parser.Finish());
        return events;
    }

    public static Task<List<ModelStreamEvent>> FromSseAsync(string sse) => FromSseAsync(new MemoryStream(Encoding.UTF8.GetBytes(sse)));

    public static List<ModelStreamEvent> FromResponse(byte[] json) => AnthropicResponseParser.Parse("anthropic", json);

    public static (Message Message, MessageAssembler Assembler) Assemble(IEnumerable<ModelStreamEvent> events)
    {
        var assembler = new MessageAssembler();
        foreach (var e in events) assembler.Add(e);
        return (assembler.Build(), assembler);
    }
}
