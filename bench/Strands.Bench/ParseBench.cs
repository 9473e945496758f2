using System;
using System.Buffers.Binary;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAI;
using OpenAI.Chat;
using Strands.Models;
using Strands.Models.Http;
using Strands.Models.OpenAi;
using Strands.Streaming;
using Strands.Types;

namespace Strands.Bench;

/// <summary>
/// Section 2: stream parsing throughput on large in-memory bodies, each variant run once per
/// round with the order rotating. Every variant ends with the same output: one string per text
/// delta (what a caller needs), so the JSON step is part of the figure wherever the format has one.
/// </summary>
internal static class ParseBench
{
    private sealed record Variant(string Name, byte[] Body, int Events, Func<byte[], Task<int>> Parse);

    public static async Task RunAsync(Options options, Report report)
    {
        var openAi = Wire.OpenAiSse(options.ParseBytes, out var openAiEvents);
        var anthropic = Wire.AnthropicSse(options.ParseBytes, out var anthropicEvents);
        var ndjson = Wire.OllamaNdjson(options.ParseBytes, out var ndjsonEvents);
        var eventStream = Wire.BedrockEventStream(options.ParseBytes, out var frames);

        var variants = new List<Variant>
        {
            new("openai.floor", openAi, openAiEvents, b => Task.FromResult(FloorLines(b, SseText(4, "content"u8.ToArray())))),
            new("openai.core", openAi, openAiEvents, CoreOpenAiAsync),
            new("openai.sdk", openAi, openAiEvents, SdkOpenAiAsync),
            new("sse-framing.floor", openAi, openAiEvents, b => Task.FromResult(FloorLines(b, line => line.StartsWith("data: "u8) ? 1 : 0))),
            new("sse-framing.core", openAi, openAiEvents, SseFramingAsync),
            new("anthropic.floor", anthropic, anthropicEvents, b => Task.FromResult(FloorLines(b, SseText(2, "text"u8.ToArray())))),
            new("anthropic.core", anthropic, anthropicEvents, AnthropicCoreAsync),
            new("ndjson.floor", ndjson, ndjsonEvents, b => Task.FromResult(FloorLines(b, NdjsonText))),
            new("ndjson.core", ndjson, ndjsonEvents, NdjsonCoreAsync),
            new("eventstream.floor", eventStream, frames, b => Task.FromResult(FloorEventStream(b))),
            new("eventstream.core", eventStream, frames, EventStreamCoreAsync),
        };

        var mbps = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var perEvent = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var processTimed = new HashSet<string>();
        foreach (var v in variants)
        {
            var seen = await v.Parse(v.Body);
            if (seen < v.Events) throw new InvalidOperationException($"{v.Name} saw {seen} of {v.Events} events.");
        }
        for (var round = 0; round < options.ParseRounds; round++)
        {
            foreach (var v in Stats.Rotated(variants, round))
            {
                GC.Collect();
                var bytes = Stats.Allocated();
                // The parsing thread's own CPU when the whole parse stayed on it (in-memory reads
                // complete synchronously): background tier-1 JIT then does not count against
                // whichever variant happens to be running. Otherwise the whole process's.
                var thread = Environment.CurrentManagedThreadId;
                var threadCpu = Stats.ThreadCpu();
                var cpu = Stats.Cpu();
                await v.Parse(v.Body);
                var threadCpuAfter = Environment.CurrentManagedThreadId == thread ? Stats.ThreadCpu() : null;
                var seconds = threadCpu is TimeSpan t0 && threadCpuAfter is TimeSpan t1 ? (t1 - t0).TotalSeconds : (Stats.Cpu() - cpu).TotalSeconds;
                if (threadCpuAfter == null) processTimed.Add(v.Name);
                perEvent[v.Name].Add((double)(Stats.Allocated() - bytes) / v.Events);
                mbps[v.Name].Add(v.Body.Length / 1e6 / seconds);
            }
        }

        double M(string n) => Stats.Median(mbps[n]);
        string B(string n) => Report.F(Stats.Median(perEvent[n]), "B/chunk", 1);
        string Both(string n) => $"{Report.F(M(n), "MB/s", 0)}, {B(n)}";
        const string section = "2. Stream parsing (large in-memory body; one string per text delta)";
        var vsFloor = M("openai.core") / M("openai.floor");
        var vsSdk = M("openai.core") / M("openai.sdk");
        report.Add(new Row(section, "SSE, OpenAI chat chunks (adapter: SseReader + chunk JSON + events)", Both("openai.core"), Both("openai.floor"), Both("openai.sdk"),
            "≥ 0.7× floor, ≥ 3× peer", vsFloor >= 0.7 && vsSdk >= 3, $"{Report.X(vsFloor)} floor, {Report.X(vsSdk)} peer"));
        var framing = M("sse-framing.core") / M("sse-framing.floor");
        report.Add(new Row(section, "SSE framing only (SseReader vs line split)", Both("sse-framing.core"), Both("sse-framing.floor"), "", "≥ 0.7× floor", framing >= 0.7, Report.X(framing) + " floor"));
        var anth = M("anthropic.core") / M("anthropic.floor");
        report.Add(new Row(section, "SSE, Anthropic text deltas (SseReader + same JSON step)", Both("anthropic.core"), Both("anthropic.floor"), "", "≥ 0.7× floor", anth >= 0.7, Report.X(anth) + " floor"));
        var nd = M("ndjson.core") / M("ndjson.floor");
        report.Add(new Row(section, "NDJSON, Ollama chunks (NdjsonReader + same JSON step)", Both("ndjson.core"), Both("ndjson.floor"), "", "", null, Report.X(nd) + " floor"));
        report.Add(new Row(section, "Bedrock event-stream frames (decode + both CRCs)", Both("eventstream.core"), Both("eventstream.floor"), "", "≥ 300 MB/s",
            M("eventstream.core") >= 300, Report.X(M("eventstream.core") / M("eventstream.floor")) + " floor"));
        report.Note("Section 2: throughput is per CPU-second of the parsing thread" + (processTimed.Count == 0
            ? "; every variant ran on one thread."
            : $", except {string.Join(", ", processTimed.OrderBy(n => n))}, which moved threads and are per CPU-second of the whole process."));
        report.Note($"Section 2: bodies of {options.ParseBytes >> 20} MiB ({openAiEvents} OpenAI chunks of ~{openAi.Length / openAiEvents} B), median of {options.ParseRounds} rounds. " +
                    "The OpenAI rows run the adapter and the SDK end to end over an in-memory HttpMessageHandler; the Anthropic, NDJSON and event-stream rows time the shared readers (plus the floor's own JSON step where the format has one), not the provider adapters built on them.");
    }

    private delegate int LineHandler(ReadOnlySpan<byte> line);

    // The floor's framing: split lines out of a reused 16 KiB buffer, as FloorClient does on the wire.
    private static int FloorLines(byte[] body, LineHandler handler)
    {
        using var stream = new MemoryStream(body, writable: false);
        var buffer = new byte[16 * 1024];
        int start = 0, end = 0, count = 0;
        while (true)
        {
            if (end == buffer.Length)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            var read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0) return count;
            end += read;
            int eol;
            while ((eol = buffer.AsSpan(start, end - start).IndexOf((byte)'\n')) >= 0)
            {
                var line = buffer.AsSpan(start, eol);
                start += eol + 1;
                if (!line.IsEmpty) count += handler(line);
            }
            if (start == end) start = end = 0;
        }
    }

    private static LineHandler SseText(int depth, byte[] property) => line =>
    {
        if (!line.StartsWith("data: "u8)) return 0;
        var data = line[6..];
        if (data.SequenceEqual("[DONE]"u8)) return 0;
        _ = Text(data, depth, property);
        return 1;
    };

    private static readonly byte[] Content = "content"u8.ToArray();
    private static readonly byte[] TextProperty = "text"u8.ToArray();
    private static readonly byte[] ContentBlockDelta = """{"type":"content_block_delta"""u8.ToArray();

    private static int NdjsonText(ReadOnlySpan<byte> line)
    {
        _ = Text(line, 2, Content);
        return 1;
    }

    // The JSON step both sides share: the string at a property name and depth, e.g. delta.text.
    private static string? Text(ReadOnlySpan<byte> json, int depth, ReadOnlySpan<byte> property)
    {
        var reader = new Utf8JsonReader(json);
        string? text = null;
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth && reader.ValueTextEquals(property) && reader.Read())
                text = reader.GetString();
        return text;
    }

    internal static async Task<int> CoreOpenAiAsync(byte[] body)
    {
        var model = new OpenAiModel("openai", Wire.Model, new Uri("http://127.0.0.1/v1/chat/completions"), null, OpenAiAuthStyle.Bearer, null,
            new HttpSettings { Handler = new InMemoryHandler(body, "text/event-stream") });
        var request = new ModelRequest(new[] { Message.UserText(Wire.Prompt) }, Array.Empty<ContentBlock>(), Array.Empty<ToolSpec>());
        var count = 0;
        await foreach (var e in model.StreamAsync(request, CancellationToken.None))
            if (e is TextDeltaEvent) count++;
        return count;
    }

    private static async Task<int> SdkOpenAiAsync(byte[] body)
    {
        var client = new ChatClient(Wire.Model, new ApiKeyCredential("sk-bench"), new OpenAIClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1/v1"),
            Transport = new HttpClientPipelineTransport(new HttpClient(new InMemoryHandler(body, "text/event-stream"))),
        });
        var count = 0;
        await foreach (var update in client.CompleteChatStreamingAsync(new ChatMessage[] { new UserChatMessage(Wire.Prompt) }))
            foreach (var part in update.ContentUpdate)
            {
                _ = part.Text;
                count++;
            }
        return count;
    }

    private static async Task<int> SseFramingAsync(byte[] body)
    {
        using var sse = new SseReader(new MemoryStream(body, writable: false));
        var count = 0;
        while (await sse.MoveNextAsync())
            count += sse.Data.Length > 0 ? 1 : 0;
        return count;
    }

    private static async Task<int> AnthropicCoreAsync(byte[] body)
    {
        using var sse = new SseReader(new MemoryStream(body, writable: false));
        var count = 0;
        while (await sse.MoveNextAsync())
        {
            if (!sse.Data.Span.StartsWith(ContentBlockDelta)) continue;
            _ = Text(sse.Data.Span, 2, TextProperty);
            count++;
        }
        return count;
    }

    private static async Task<int> NdjsonCoreAsync(byte[] body)
    {
        using var lines = new NdjsonReader(new MemoryStream(body, writable: false));
        var count = 0;
        while (await lines.MoveNextAsync())
        {
            _ = Text(lines.Current.Span, 2, Content);
            count++;
        }
        return count;
    }

    private static async Task<int> EventStreamCoreAsync(byte[] body)
    {
        using var decoder = new EventStreamDecoder(new MemoryStream(body, writable: false));
        var count = 0;
        while (await decoder.MoveNextAsync())
            count += decoder.Current.Payload.Length > 0 ? 1 : 0;
        return count;
    }

    // The floor's event-stream decoder: prelude, both CRCs (the BCL's vectorized CRC-32), headers
    // skipped by their lengths, payload sliced. Frames are parsed straight from the body, the
    // fastest any decoder could be given a whole body in memory.
    private static int FloorEventStream(byte[] body)
    {
        var count = 0;
        var span = body.AsSpan();
        while (span.Length >= 16)
        {
            var total = (int)BinaryPrimitives.ReadUInt32BigEndian(span);
            var headers = (int)BinaryPrimitives.ReadUInt32BigEndian(span[4..]);
            if (Crc32.HashToUInt32(span[..8]) != BinaryPrimitives.ReadUInt32BigEndian(span[8..])) throw new InvalidDataException("prelude CRC");
            var frame = span[..total];
            if (Crc32.HashToUInt32(frame[..(total - 4)]) != BinaryPrimitives.ReadUInt32BigEndian(frame[(total - 4)..])) throw new InvalidDataException("message CRC");
            var payload = frame.Slice(12 + headers, total - 16 - headers);
            count += payload.Length > 0 ? 1 : 0;
            span = span[total..];
        }
        return count;
    }

    /// <summary>Answers every request with the same in-memory body, so the HTTP stack adds no socket work.</summary>
    internal sealed class InMemoryHandler : HttpMessageHandler
    {
        private readonly byte[] _body;
        private readonly string _contentType;

        public InMemoryHandler(byte[] body, string contentType)
        {
            _body = body;
            _contentType = contentType;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new MemoryStream(_body, writable: false));
            content.Headers.ContentType = new MediaTypeHeaderValue(_contentType);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
