using System.Text;
using System.Text.Json;
using Strands.Models.Replay;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Replay;

/// <summary>The recording file: readable text where possible, byte-exact always, written atomically.</summary>
public sealed class RecordingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("strands-recording-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Recording Sample()
    {
        var recording = new Recording(new RecordedModel("bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0", "bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "https://bedrock-runtime.us-west-2.amazonaws.com")
        {
            Region = "us-west-2",
            Params = JsonDocument.Parse("""{"max_tokens":1000}""").RootElement,
        }) { Synthetic = true, Note = "hand-written" };
        var sse = new RecordedExchange { Path = "/v1/messages", Body = JsonDocument.Parse("""{"model":"m"}""").RootElement };
        sse.Headers.Add(new("content-type", "text/event-stream"));
        sse.Chunks.Add(Encoding.UTF8.GetBytes("event: ping\ndata: {\"type\":\"ping\"}\n\n"));
        sse.Chunks.Add(Encoding.UTF8.GetBytes("data: \"it's é\"\n\n"));
        var binary = new RecordedExchange { Path = "/model/x/converse-stream", BodyText = "raw", Status = 429 };
        binary.Headers.Add(new("content-type", "application/vnd.amazon.eventstream"));
        binary.Chunks.Add(new byte[] { 0, 0, 0, 0x3E, 0xFF, 0x10 });
        var split = new RecordedExchange();
        split.Headers.Add(new("content-type", "application/json"));
        var e = Encoding.UTF8.GetBytes("é");
        split.Chunks.Add(new[] { (byte)'"', e[0] });
        split.Chunks.Add(new[] { e[1], (byte)'"' });
        recording.Exchanges.AddRange(new[] { sse, binary, split });
        return recording;
    }

    [Fact]
    public void Round_trips_every_field_and_chunk_byte_for_byte()
    {
        var original = Sample();
        var copy = Recording.Parse(original.ToJson());
        Assert.Equal(original.Model.ModelId, copy.Model.ModelId);
        Assert.Equal("us-west-2", copy.Model.Region);
        Assert.Equal(1000, copy.Model.Params!.Value.GetProperty("max_tokens").GetInt32());
        Assert.True(copy.Synthetic);
        Assert.Equal("hand-written", copy.Note);
        Assert.Equal(3, copy.Exchanges.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(original.Exchanges[i].Chunks, copy.Exchanges[i].Chunks);
            Assert.Equal(original.Exchanges[i].Status, copy.Exchanges[i].Status);
            Assert.Equal(original.Exchanges[i].Headers, copy.Exchanges[i].Headers);
        }

        Assert.Equal("raw", copy.Exchanges[1].BodyText);
        Assert.Equal("m", copy.Exchanges[0].Body!.Value.GetProperty("model").GetString());
    }

    [Fact]
    public void Text_streams_stay_readable_and_binary_or_split_characters_go_base64()
    {
        using var doc = JsonDocument.Parse(Sample().ToJson());
        var exchanges = doc.RootElement.GetProperty("exchanges");
        Assert.Equal("utf-8", exchanges[0].GetProperty("response").GetProperty("encoding").GetString());
        Assert.Equal("data: \"it's é\"\n\n", exchanges[0].GetProperty("response").GetProperty("chunks")[1].GetString());
        Assert.Equal("base64", exchanges[1].GetProperty("response").GetProperty("encoding").GetString());
        Assert.Equal("base64", exchanges[2].GetProperty("response").GetProperty("encoding").GetString());
    }

    [Fact]
    public void Save_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_dir, "session.json");
        File.WriteAllText(path, "old");
        var recording = Sample();
        recording.Save(path);
        recording.Exchanges.RemoveAt(0);
        recording.Save(path);
        Assert.Equal(2, Recording.Load(path).Exchanges.Count);
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Missing_and_malformed_files_fail_with_clear_ids()
    {
        var missing = Assert.Throws<StrandsException>(() => Recording.Load(Path.Combine(_dir, "nope.json")));
        Assert.Equal(ErrorIds.InvalidArgument, missing.ErrorId);
        var bad = Path.Combine(_dir, "bad.json");
        File.WriteAllText(bad, """{"format":"something-else"}""");
        var invalid = Assert.Throws<StrandsException>(() => Recording.Load(bad));
        Assert.Equal(ErrorIds.RecordingInvalid, invalid.ErrorId);
        Assert.Contains("bad.json", invalid.Message);
    }
}
