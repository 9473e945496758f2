using System.Text;
using System.Text.Json;
using Strands.Models;
using Strands.Models.Bedrock;
using Strands.Models.Http;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Bedrock;

public class BedrockRequestWriterTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Write(ModelRequest request, string? parameters = null, string model = "anthropic.claude-3-7-sonnet-20250219-v1:0") =>
        Encoding.UTF8.GetString(BedrockRequestWriter.Write(model, request, parameters is null ? null : Json(parameters)));

    private static ModelRequest Request(IReadOnlyList<Message> messages, IReadOnlyList<ContentBlock>? system = null,
        IReadOnlyList<ToolSpec>? tools = null, ToolChoice? choice = null) =>
        new(messages, system ?? Array.Empty<ContentBlock>(), tools ?? Array.Empty<ToolSpec>(), choice);

    [Fact]
    public void System_prompt_with_cache_point_and_a_user_turn()
    {
        var body = Write(Request(
            new[] { Message.UserText("Hi") },
            new ContentBlock[] { new TextBlock("You are terse."), new CachePointBlock(), new TextBlock("  ") }));

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"system":[{"text":"You are terse."},{"cachePoint":{"type":"default"}}]}""",
            body);
    }

    [Fact]
    public void Consecutive_user_messages_merge_into_one_turn_and_blank_text_is_dropped()
    {
        var body = Write(Request(new[]
        {
            Message.UserText("first"),
            new Message(Role.User, new ContentBlock[] { new TextBlock(""), new TextBlock("second"), new CachePointBlock("default", "1h") }),
            new Message(Role.Assistant, new ContentBlock[] { new TextBlock("answer") }),
            new Message(Role.Assistant, new ContentBlock[] { new TextBlock(" ") }),
            Message.UserText("third"),
        }));

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"first"},{"text":"second"},{"cachePoint":{"type":"default","ttl":"1h"}}]},"""
            + """{"role":"assistant","content":[{"text":"answer"}]},{"role":"user","content":[{"text":"third"}]}]}""",
            body);
    }

    [Fact]
    public void Tool_use_and_tool_result_round_trip_with_reasoning_and_image()
    {
        var body = Write(Request(new[]
        {
            new Message(Role.User, new ContentBlock[] { new TextBlock("Weather?"), new ImageBlock("jpg", new byte[] { 1, 2, 3 }) }),
            new Message(Role.Assistant, new ContentBlock[]
            {
                new ReasoningBlock("Need the tool.", "sig=="),
                new ReasoningBlock("", RedactedContent: "UkVE"),
                new TextBlock("Checking."),
                new ToolUseBlock("tooluse_1", "get_weather", Json("""{"city":"Paris"}""")),
                new ToolUseBlock("tooluse_2", "now", default),
            }),
            new Message(Role.User, new ContentBlock[]
            {
                ToolResultBlock.FromText("tooluse_1", ToolResultStatus.Success, "18C"),
                new ToolResultBlock("tooluse_2", ToolResultStatus.Error, new[] { ToolResultContent.FromJson(Json("""{"error":"clock down"}""")) }),
            }),
        }));

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Weather?"},{"image":{"format":"jpeg","source":{"bytes":"AQID"}}}]},"""
            + """{"role":"assistant","content":[{"reasoningContent":{"reasoningText":{"text":"Need the tool.","signature":"sig=="}}},"""
            + """{"reasoningContent":{"redactedContent":"UkVE"}},{"text":"Checking."},"""
            + """{"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Paris"}}},"""
            + """{"toolUse":{"toolUseId":"tooluse_2","name":"now","input":{}}}]},"""
            + """{"role":"user","content":[{"toolResult":{"toolUseId":"tooluse_1","content":[{"text":"18C"}],"status":"success"}},"""
            + """{"toolResult":{"toolUseId":"tooluse_2","content":[{"json":{"error":"clock down"}}],"status":"error"}}]}]}""",
            body);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("auto", ""","toolChoice":{"auto":{}}""")]
    [InlineData("any", ""","toolChoice":{"any":{}}""")]
    [InlineData("named", ""","toolChoice":{"tool":{"name":"get_weather"}}""")]
    public void Tool_config_lists_tool_specs_and_the_choice(string? choice, string expectedChoice)
    {
        var tools = new[]
        {
            new ToolSpec("get_weather", "Weather of a city.", Json("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")),
            new ToolSpec("now", "", Json("""{"type":"object","properties":{}}""")),
        };
        ToolChoice? toolChoice = choice switch { "auto" => ToolChoice.Auto, "any" => ToolChoice.Any, "named" => ToolChoice.Tool("get_weather"), _ => null };

        var body = Write(Request(new[] { Message.UserText("x") }, tools: tools, choice: toolChoice));

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"x"}]}],"toolConfig":{"tools":["""
            + """{"toolSpec":{"name":"get_weather","description":"Weather of a city.","inputSchema":{"json":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}},"""
            + """{"toolSpec":{"name":"now","description":"now","inputSchema":{"json":{"type":"object","properties":{}}}}}]"""
            + expectedChoice + "}}",
            body);
    }

    [Fact]
    public void No_tools_means_no_tool_config_even_with_a_choice()
    {
        var body = Write(Request(new[] { Message.UserText("x") }, choice: ToolChoice.Any));
        Assert.DoesNotContain("toolConfig", body);
    }

    [Fact]
    public void OpenAi_style_parameters_map_to_inference_config_and_the_rest_to_additional_fields()
    {
        var body = Write(Request(new[] { Message.UserText("x") }),
            """{"max_tokens":512,"temperature":0.2,"top_p":0.9,"stop":"END","top_k":40,"stream":true,"stream_options":{"include_usage":true},"anthropic_beta":["b1"],"additionalModelRequestFields":{"foo":1}}""");

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"x"}]}],"inferenceConfig":{"maxTokens":512,"temperature":0.2,"topP":0.9,"stopSequences":["END"]}"""
            + ""","additionalModelRequestFields":{"top_k":40,"anthropic_beta":["b1"],"foo":1}}""",
            body);
    }

    [Fact]
    public void Stop_lists_skip_empty_strings_and_thinking_gets_max_tokens_headroom()
    {
        var body = Write(Request(new[] { Message.UserText("x") }),
            """{"stop":["a",""],"thinking":{"type":"enabled","budget_tokens":2048}}""");

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"x"}]}],"inferenceConfig":{"maxTokens":6144,"stopSequences":["a"]}"""
            + ""","additionalModelRequestFields":{"thinking":{"type":"enabled","budget_tokens":2048}}}""",
            body);
    }

    [Fact]
    public void Only_converse_fields_appear_at_the_top_level()
    {
        var body = Write(Request(new[] { Message.UserText("x") }, new ContentBlock[] { new TextBlock("s") },
                new[] { new ToolSpec("t", "d", Json("""{"type":"object"}""")) }, ToolChoice.Auto),
            """{"max_tokens":1,"model":"x","user":"u","n":1,"guardrailConfig":{"guardrailIdentifier":"g","guardrailVersion":"1"},"requestMetadata":{"k":"v"}}""");

        using var doc = JsonDocument.Parse(body);
        var allowed = new HashSet<string>
        {
            "messages", "system", "inferenceConfig", "toolConfig", "guardrailConfig", "additionalModelRequestFields",
            "promptVariables", "additionalModelResponseFieldPaths", "requestMetadata", "performanceConfig", "serviceTier", "outputConfig",
        };
        var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(names, n => Assert.Contains(n, allowed));
        Assert.Equal(new[] { "messages", "system", "inferenceConfig", "toolConfig", "additionalModelRequestFields", "guardrailConfig", "requestMetadata" }, names);
        Assert.Equal("""{"model":"x","user":"u","n":1}""", doc.RootElement.GetProperty("additionalModelRequestFields").GetRawText());
    }

    [Theory]
    [InlineData("us.anthropic.claude-3-7-sonnet-20250219-v1:0", "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse-stream")]
    [InlineData("converse/us.amazon.nova-micro-v1:0", "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.amazon.nova-micro-v1%3A0/converse-stream")]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "https://bedrock-runtime.us-east-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream")]
    public void Model_id_is_percent_encoded_into_one_path_segment(string modelId, string expected)
    {
        var model = new BedrockModel(modelId, "https://bedrock-runtime.us-east-1.amazonaws.com/", "us-east-1", ApiKey.FromPlainText("token"), null, new HttpSettings());
        Assert.Equal(expected, model.Endpoint.AbsoluteUri);
        Assert.False(model.ModelName.StartsWith("converse/", StringComparison.Ordinal));
    }

    [Fact]
    public void Stream_false_uses_the_converse_path()
    {
        var model = new BedrockModel("amazon.nova-pro-v1:0", "https://example.test", "us-west-2", ApiKey.FromPlainText("t"), Json("""{"stream":false}"""), new HttpSettings());
        Assert.EndsWith("/model/amazon.nova-pro-v1%3A0/converse", model.Endpoint.AbsoluteUri);
    }
}
