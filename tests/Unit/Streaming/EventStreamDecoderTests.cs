using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Strands.FakeProvider.Wire;
using Strands.Streaming;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Streaming;

public class EventStreamDecoderTests
{
    internal sealed record Frame(string? MessageType, string? EventType, string? ExceptionType, string? ErrorCode, string? ErrorMessage, string? ContentType, string Payload);

    internal static async Task<List<Frame>> ReadAllAsync(Stream stream, int maxFrameBytes = 16 * 1024 * 1024)
    {
        var frames = new List<Frame>();
        using var decoder = new EventStreamDecoder(stream, maxFrameBytes);
        while (await decoder.MoveNextAsync(CancellationToken.None))
        {
            EventStreamMessage m = decoder.Current;
            frames.Add(new Frame(m.MessageType, m.EventType, m.ExceptionType, m.ErrorCode, m.ErrorMessage, m.ContentType, Encoding.UTF8.GetString(m.Payload.Span)));
        }

        return frames;
    }

    private static Task<List<Frame>> DecodeAsync(byte[] body, int maxFrameBytes = 16 * 1024 * 1024) =>
        ReadAllAsync(new MemoryStream(body), maxFrameBytes);

    private static readonly string[] Deltas = Enumerable.Repeat("contentBlockDelta", 29).ToArray();

    public static TheoryData<string, string[]> EventStreamFixtures => new()
    {
        { "bedrock/converse-stream-exception.synthetic.response.eventstream", new[] { "modelStreamErrorException" } },
        {
            "bedrock/converse-stream-reasoning.response.eventstream",
            new[] { "messageStart" }.Concat(Deltas.Take(15)).Append("contentBlockStop").Concat(Deltas.Take(5))
                .Concat(new[] { "contentBlockStop", "messageStop", "metadata" }).ToArray()
        },
        {
            "bedrock/converse-stream-text.response.eventstream",
            new[] { "messageStart" }.Concat(Deltas).Concat(new[] { "contentBlockStop", "messageStop", "metadata" }).ToArray()
        },
        {
            "bedrock/converse-stream-tooluse.response.eventstream",
            new[] { "messageStart" }.Concat(Deltas.Take(19))
                .Concat(new[] { "contentBlockStop", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata" }).ToArray()
        },
    };

    [Fact]
    public void Every_fixture_is_covered()
    {
        var covered = EventStreamFixtures.Select(row => (string)row[0]).OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(Fixtures.All(".eventstream"), covered);
    }

    [Theory]
    [MemberData(nameof(EventStreamFixtures))]
    public async Task Fixture_decodes_with_valid_crcs_into_the_expected_events(string fixture, string[] expectedTypes)
    {
        var frames = await DecodeAsync(Fixtures.Bytes(fixture));

        Assert.Equal(expectedTypes, frames.Select(f => f.EventType ?? f.ExceptionType));
        Assert.All(frames, f => Assert.Equal("application/json", f.ContentType));
        Assert.All(frames, f => JsonDocument.Parse(f.Payload).Dispose());
    }

    [Theory]
    [MemberData(nameof(EventStreamFixtures))]
    public async Task Fixture_split_one_byte_or_randomly_gives_the_same_frames(string fixture, string[] expectedTypes)
    {
        byte[] body = Fixtures.Bytes(fixture);
        var whole = await DecodeAsync(body);

        Assert.Equal(expectedTypes.Length, whole.Count);
        Assert.Equal(whole, await ReadAllAsync(ChunkedStream.OneByte(body)));
        var random = new Random(42);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(whole, await ReadAllAsync(ChunkedStream.Random(body, random, maxChunk: 300)));
        }
    }

    [Fact]
    public async Task Text_fixture_events_are_bedrock_events_with_interned_names()
    {
        var frames = await DecodeAsync(Fixtures.Bytes("bedrock/converse-stream-text.response.eventstream"));

        Assert.All(frames, f => Assert.Same("event", f.MessageType));
        Assert.Same("contentBlockDelta", frames[1].EventType);
        Assert.Contains("\"usage\"", frames[^1].Payload);
    }

    [Fact]
    public async Task Synthetic_exception_fixture_is_an_exception_message()
    {
        var frame = Assert.Single(await DecodeAsync(Fixtures.Bytes("bedrock/converse-stream-exception.synthetic.response.eventstream")));

        Assert.Equal("exception", frame.MessageType);
        Assert.Equal("modelStreamErrorException", frame.ExceptionType);
        Assert.Null(frame.EventType);
        Assert.Contains("The model stream failed.", frame.Payload);
    }

    [Fact]
    public async Task Encoder_round_trips_and_error_headers_are_read()
    {
        byte[] body = EventStreamEncoder.EncodeEvent("messageStart", "{\"role\":\"assistant\"}")
            .Concat(EventStreamEncoder.EncodeException("throttlingException", "{\"message\":\"slow down\"}"))
            .Concat(EventStreamEncoder.Encode(
                new[]
                {
                    new KeyValuePair<string, string>(":message-type", "error"),
                    new KeyValuePair<string, string>(":error-code", "InternalFailure"),
                    new KeyValuePair<string, string>(":error-message", "Ünexpected"),
                },
                Array.Empty<byte>()))
            .ToArray();

        var frames = await DecodeAsync(body);

        Assert.Equal(
            new[]
            {
                new Frame("event", "messageStart", null, null, null, "application/json", "{\"role\":\"assistant\"}"),
                new Frame("exception", null, "throttlingException", null, null, "application/json", "{\"message\":\"slow down\"}"),
                new Frame("error", null, null, "InternalFailure", "Ünexpected", null, ""),
            },
            frames);
    }

    [Fact]
    public async Task Every_header_value_type_is_skipped_correctly()
    {
        var headers = new List<byte>();
        void Header(string name, byte type, params byte[] value)
        {
            headers.Add((byte)name.Length);
            headers.AddRange(Encoding.ASCII.GetBytes(name));
            headers.Add(type);
            headers.AddRange(value);
        }

        Header("t", 0);
        Header("f", 1);
        Header("b", 2, 0x7F);
        Header("s", 3, 1, 2);
        Header("i", 4, 1, 2, 3, 4);
        Header("l", 5, new byte[8]);
        Header("y", 6, 0, 3, 9, 9, 9);
        Header(":event-type", 6, 0, 2, 0x41, 0x42);
        Header("ts", 8, new byte[8]);
        Header("u", 9, new byte[16]);
        Header(":event-type", 7, 0, 5, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o');

        var frame = Assert.Single(await DecodeAsync(RawFrame(headers.ToArray(), "{}"u8.ToArray())));

        Assert.Equal("hello", frame.EventType);
        Assert.Equal("{}", frame.Payload);
    }

    [Theory]
    [InlineData(2, "prelude")]
    [InlineData(9, "prelude")]
    [InlineData(20, "message")]
    [InlineData(-3, "message")]
    public async Task Flipped_byte_is_a_crc_error_naming_the_crc(int index, string which)
    {
        byte[] body = EventStreamEncoder.EncodeEvent("contentBlockDelta", "{\"delta\":{\"text\":\"hi\"}}");
        body[index < 0 ? body.Length + index : index] ^= 0x10;

        var ex = await Assert.ThrowsAsync<StreamFormatException>(() => DecodeAsync(body));

        Assert.Contains(which + " CRC mismatch", ex.Message);
        Assert.Matches("expected 0x[0-9a-f]{8} .*actual 0x[0-9a-f]{8}", ex.Message);
    }

    [Fact]
    public async Task Crc_error_in_a_later_fixture_frame_comes_after_the_good_frames()
    {
        byte[] body = Fixtures.Bytes("bedrock/converse-stream-text.response.eventstream");
        int second = (int)BinaryPrimitives.ReadUInt32BigEndian(body);
        body[second + 40] ^= 0xFF;
        var seen = new List<string?>();

        var ex = await Assert.ThrowsAsync<StreamFormatException>(async () =>
        {
            using var decoder = new EventStreamDecoder(new MemoryStream(body));
            while (await decoder.MoveNextAsync(CancellationToken.None))
            {
                seen.Add(decoder.Current.EventType);
            }
        });

        Assert.Equal(new[] { "messageStart" }, seen);
        Assert.Contains("message CRC mismatch", ex.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(50)]
    public async Task Truncated_frame_is_a_format_error(int keep)
    {
        byte[] frame = EventStreamEncoder.EncodeEvent("messageStop", "{\"stopReason\":\"end_turn\"}");
        byte[] body = frame.Concat(frame.Take(keep)).ToArray();

        var ex = await Assert.ThrowsAsync<StreamFormatException>(() => DecodeAsync(body));
        Assert.Contains("truncated event-stream frame", ex.Message);
    }

    [Fact]
    public async Task Empty_stream_has_no_frames()
    {
        Assert.Empty(await DecodeAsync(Array.Empty<byte>()));
    }

    [Fact]
    public async Task Frame_shorter_than_minimum_is_a_format_error()
    {
        var ex = await Assert.ThrowsAsync<StreamFormatException>(() => DecodeAsync(Prelude(total: 15, headers: 0)));
        Assert.Contains("below the minimum", ex.Message);
    }

    [Fact]
    public async Task Headers_longer_than_the_frame_is_a_format_error()
    {
        await Assert.ThrowsAsync<StreamFormatException>(() => DecodeAsync(Prelude(total: 20, headers: 5)));
    }

    [Theory]
    [InlineData(new byte[] { 3, (byte)'a' })]
    [InlineData(new byte[] { 1, (byte)'a', 7, 0, 9, 1 })]
    [InlineData(new byte[] { 1, (byte)'a', 42 })]
    [InlineData(new byte[] { 0 })]
    public async Task Malformed_headers_are_a_format_error(byte[] headers)
    {
        await Assert.ThrowsAsync<StreamFormatException>(() => DecodeAsync(RawFrame(headers, Array.Empty<byte>())));
    }

    [Fact]
    public async Task Frame_larger_than_bound_is_too_large_before_it_is_read()
    {
        byte[] body = EventStreamEncoder.EncodeEvent("contentBlockDelta", new string('x', 5000));

        var ex = await Assert.ThrowsAsync<ResponseTooLargeException>(() => DecodeAsync(body.Take(12).ToArray(), maxFrameBytes: 4096));
        Assert.Equal(4096, ex.LimitBytes);
        Assert.Single(await DecodeAsync(body, maxFrameBytes: body.Length));
    }

    [Fact]
    public async Task Large_frames_grow_the_buffer()
    {
        string big = new('z', 200_000);
        byte[] body = EventStreamEncoder.EncodeEvent("a", big).Concat(EventStreamEncoder.EncodeEvent("b", "{}")).ToArray();

        var frames = await ReadAllAsync(new ChunkedStream(body, () => 9000));

        Assert.Equal(new[] { big, "{}" }, frames.Select(f => f.Payload));
    }

    internal static byte[] RawFrame(byte[] headers, byte[] payload)
    {
        int total = 16 + headers.Length + payload.Length;
        byte[] frame = new byte[total];
        Prelude(total, headers.Length).CopyTo(frame, 0);
        headers.CopyTo(frame, 12);
        payload.CopyTo(frame, 12 + headers.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - 4), Crc32.Compute(frame.AsSpan(0, total - 4)));
        return frame;
    }

    private static byte[] Prelude(int total, int headers)
    {
        byte[] prelude = new byte[Math.Max(total, 12)];
        BinaryPrimitives.WriteUInt32BigEndian(prelude, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(prelude.AsSpan(4), (uint)headers);
        BinaryPrimitives.WriteUInt32BigEndian(prelude.AsSpan(8), Crc32.Compute(prelude.AsSpan(0, 8)));
        return prelude;
    }
}
