using System.Net;
using System.Net.Http;
using System.Text;
using Strands.EventLoop;
using Strands.Models.Bedrock;
using Strands.Streaming;
using Strands.Tests.Streaming;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Bedrock;

/// <summary>Every recorded Bedrock reply in tests/fixtures/bedrock parses into the right message, stop reason and usage.</summary>
public class BedrockFixtureTests
{
    private static readonly string[] Covered =
    {
        "bedrock/converse-cache-read-write.response.json",
        "bedrock/converse-error-validation.response.json",
        "bedrock/converse-stream-exception.synthetic.response.eventstream",
        "bedrock/converse-stream-reasoning.response.eventstream",
        "bedrock/converse-stream-text.response.eventstream",
        "bedrock/converse-stream-tooluse.response.eventstream",
        "bedrock/converse-tooluse-cacheread.response.json",
    };

    internal static async Task<MessageAssembler> AssembleStreamAsync(byte[] body)
    {
        var assembler = new MessageAssembler();
        var parser = new BedrockResponseParser();
        using var decoder = new EventStreamDecoder(new MemoryStream(body));
        while (await decoder.MoveNextAsync())
            foreach (var e in parser.Accept(decoder.Current)) assembler.Add(e);
        Assert.True(parser.Stopped);
        return assembler;
    }

    private static MessageAssembler AssembleConverse(byte[] body)
    {
        var assembler = new MessageAssembler();
        foreach (var e in new BedrockResponseParser().AcceptConverse(body)) assembler.Add(e);
        return assembler;
    }

    [Fact]
    public void Every_bedrock_fixture_is_covered()
    {
        var all = Fixtures.All(".json").Concat(Fixtures.All(".eventstream"))
            .Where(f => f.StartsWith("bedrock/", StringComparison.Ordinal) && f.Contains(".response.", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(all, Covered);
    }

    [Fact]
    public async Task Stream_text_assembles_the_answer_and_usage()
    {
        var a = await AssembleStreamAsync(Fixtures.Bytes("bedrock/converse-stream-text.response.eventstream"));
        var message = a.Build();

        var block = Assert.IsType<TextBlock>(Assert.Single(message.Content));
        Assert.StartsWith("The capital of France is Paris. Paris is not only the capital city but also the most populous city in France", block.Text);
        Assert.EndsWith("is often referred to as \"The City of Light\" or \"The City of Love.\"", block.Text);
        Assert.Equal(StopReason.EndTurn, a.StopReason);
        Assert.Equal("end_turn", a.ProviderStopReason);
        // inputTokens 13, outputTokens 82, no cache fields.
        Assert.Equal(new Usage(13, 82), a.Usage);
    }

    [Fact]
    public async Task Stream_tool_use_assembles_text_then_the_tool_call()
    {
        var a = await AssembleStreamAsync(Fixtures.Bytes("bedrock/converse-stream-tooluse.response.eventstream"));
        var message = a.Build();

        Assert.Equal(2, message.Content.Count);
        var text = Assert.IsType<TextBlock>(message.Content[0]);
        Assert.StartsWith("<thinking> To find the temperature of the capital of France,", text.Text);
        Assert.EndsWith("in Paris.</thinking>\n", text.Text);
        var tool = Assert.IsType<ToolUseBlock>(message.Content[1]);
        Assert.Equal("tooluse_lAG_zP8QRHmSYOwZzzaCqA", tool.ToolUseId);
        Assert.Equal("get_temperature", tool.Name);
        Assert.Equal("Paris", tool.Input.GetProperty("city").GetString());
        Assert.Equal("{\"city\":\"Paris\"}", tool.RawInput);
        Assert.Equal(StopReason.ToolUse, a.StopReason);
        // inputTokens 471, outputTokens 91 (totalTokens 562).
        Assert.Equal(new Usage(471, 91), a.Usage);
    }

    [Fact]
    public async Task Stream_reasoning_keeps_text_and_signature_then_the_answer()
    {
        var a = await AssembleStreamAsync(Fixtures.Bytes("bedrock/converse-stream-reasoning.response.eventstream"));
        var message = a.Build();

        Assert.Equal(2, message.Content.Count);
        var reasoning = Assert.IsType<ReasoningBlock>(message.Content[0]);
        Assert.Equal("The user has greeted me with a simple \"Hello\". I should respond in a friendly and welcoming manner. This is a straightforward greeting, so I'll respond warmly and ask how I can help them today.", reasoning.Text);
        Assert.StartsWith("Eu0CCkgIBxABGAIqQJDccbDQkr81n7QjZ0Fi43umSvw0YvnGkMPEpaGAa2btYHyWw06KhwckvsnKzpKcxiRJT35meoG4", reasoning.Signature);
        Assert.Null(reasoning.RedactedContent);
        Assert.Equal("Hello! It's nice to meet you. How can I help you today?", Assert.IsType<TextBlock>(message.Content[1]).Text);
        Assert.Equal(StopReason.EndTurn, a.StopReason);
        // inputTokens 36, outputTokens 73.
        Assert.Equal(new Usage(36, 73), a.Usage);
    }

    [Fact]
    public async Task Stream_exception_frame_is_a_retryable_provider_error()
    {
        var ex = await Assert.ThrowsAsync<ModelException>(() =>
            AssembleStreamAsync(Fixtures.Bytes("bedrock/converse-stream-exception.synthetic.response.eventstream")));
        Assert.Equal(ErrorIds.ProviderError, ex.ErrorId);
        Assert.True(ex.IsRetryable);
        Assert.Contains("modelStreamErrorException", ex.Message);
        Assert.Contains("Model Stream Error", ex.Message);
        Assert.Contains("The model stream failed.", ex.Message);
    }

    [Fact]
    public void Converse_cache_read_write_counts_cache_tokens_as_input()
    {
        var a = AssembleConverse(Fixtures.Bytes("bedrock/converse-cache-read-write.response.json"));
        var message = a.Build();

        Assert.StartsWith("Based on the documents provided:", Assert.IsType<TextBlock>(Assert.Single(message.Content)).Text);
        Assert.Equal(StopReason.EndTurn, a.StopReason);
        // inputTokens 3 + cacheReadInputTokens 1712 + cacheWriteInputTokens 236 = 1951; outputTokens 121.
        Assert.Equal(new Usage(1951, 121, 1712, 236), a.Usage);
        Assert.Equal(3, a.Usage!.UncachedInputTokens);
    }

    [Fact]
    public void Converse_tool_use_with_cache_read()
    {
        var a = AssembleConverse(Fixtures.Bytes("bedrock/converse-tooluse-cacheread.response.json"));
        var message = a.Build();

        var tool = Assert.IsType<ToolUseBlock>(Assert.Single(message.Content));
        Assert.Equal("tooluse_fiDf7dcHRcLMA5qJHOZR2U", tool.ToolUseId);
        Assert.Equal("catalog_lookup", tool.Name);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, tool.Input.ValueKind);
        Assert.Empty(tool.Input.EnumerateObject());
        Assert.Equal(StopReason.ToolUse, a.StopReason);
        // inputTokens 433 + cacheReadInputTokens 2752 = 3185 (Bedrock's totalTokens 3201 = 3185 + 16); outputTokens 16.
        Assert.Equal(new Usage(3185, 16, 2752, 0), a.Usage);
        Assert.Equal(3201, a.Usage!.TotalTokens);
    }

    [Fact]
    public void Validation_error_400_without_error_type_header_is_model_not_found()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        var body = Encoding.UTF8.GetString(Fixtures.Bytes("bedrock/converse-error-validation.response.json"));

        var ex = BedrockErrors.FromResponse(response, body);

        Assert.Equal(ErrorIds.ModelNotFound, ex.ErrorId);
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("The provided model identifier is invalid.", ex.Message);
        Assert.False(ex.IsRetryable);
    }
}
