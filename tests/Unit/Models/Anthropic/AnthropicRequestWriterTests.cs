using System.Text;
using System.Text.Json;
using Strands.Models;
using Strands.Models.Anthropic;
using Strands.Models.Http;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Anthropic;

/// <summary>The exact bodies sent to the Messages API.</summary>
public class AnthropicRequestWriterTests
{
    private static readonly ContentBlock[] NoSystem = Array.Empty<ContentBlock>();
    private static readonly ToolSpec[] NoTools = Array.Empty<ToolSpec>();

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Write(ModelRequest request, string? parameters = null, bool stream = true, int defaultMaxTokens = 4096) =>
        Encoding.UTF8.GetString(AnthropicRequestWriter.Write("claude-sonnet-4-5", request, parameters is null ? null : Json(parameters), stream, defaultMaxTokens));

    private static ModelRequest Request(params Message[] messages) => new(messages, NoSystem, NoTools);

    private static Message User(params ContentBlock[] blocks) => new(Role.User, blocks);

    private static Message Assistant(params ContentBlock[] blocks) => new(Role.Assistant, blocks);

    [Fact]
    public void System_prompt_is_text_blocks_with_cache_control_before_the_cache_point()
    {
        var request = new ModelRequest(
            new[] { Message.UserText("Hi") },
            new ContentBlock[] { new TextBlock("You are terse."), new CachePointBlock(), new TextBlock("Answer in French."), new CachePointBlock(Ttl: "1h") },
            NoTools);

        Assert.Equal(
            """{"model":"claude-sonnet-4-5","max_tokens":4096,"system":[{"type":"text","text":"You are terse.","cache_control":{"type":"ephemeral"}},{"type":"text","text":"Answer in French.","cache_control":{"type":"ephemeral","ttl":"1h"}}],"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],"stream":true}""",
            Write(request));
    }

    [Fact]
    public void Empty_system_prompt_is_left_out()
    {
        var request = new ModelRequest(new[] { Message.UserText("Hi") }, new ContentBlock[] { new TextBlock(" "), new CachePointBlock() }, NoTools);

        Assert.Equal(
            """{"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],"stream":false}""",
            Write(request, stream: false));
    }

    [Fact]
    public void Consecutive_user_messages_merge_into_one_turn()
    {
        var request = Request(
            Message.UserText("First."),
            User(new TextBlock("Second."), new ImageBlock("png", new byte[] { 1, 2, 3 })),
            User(new TextBlock("")));

        Assert.Equal(
            """{"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":[{"type":"text","text":"First."},{"type":"text","text":"Second."},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AQID"}}]}],"stream":true}""",
            Write(request));
    }

    [Fact]
    public void Tool_use_and_tool_result_round_trip()
    {
        var request = new ModelRequest(
            new[]
            {
                Message.UserText("Weather in Paris and Rome?"),
                Assistant(
                    new TextBlock("Checking."),
                    new ToolUseBlock("toolu_1", "get_weather", Json("""{"city":"Paris"}""")),
                    new ToolUseBlock("call:2", "get_weather", Json("""{"city":"Rome"}"""))),
                User(ToolResultBlock.FromText("toolu_1", ToolResultStatus.Success, "18C")),
                User(new ToolResultBlock("call:2", ToolResultStatus.Error, new[] { ToolResultContent.FromText("timeout"), ToolResultContent.FromJson(Json("""{"retry":true}""")) })),
                Message.UserText("Thanks."),
            },
            NoSystem,
            new[] { new ToolSpec("get_weather", "Current weather.", Json("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")) });

        Assert.Equal(
            """{"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[""" +
            """{"role":"user","content":[{"type":"text","text":"Weather in Paris and Rome?"}]},""" +
            """{"role":"assistant","content":[{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}},{"type":"tool_use","id":"call_2","name":"get_weather","input":{"city":"Rome"}}]},""" +
            """{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"18C"},{"type":"tool_result","tool_use_id":"call_2","content":[{"type":"text","text":"timeout"},{"type":"text","text":"{\u0022retry\u0022:true}"}],"is_error":true},{"type":"text","text":"Thanks."}]}]""" +
            ""","tools":[{"name":"get_weather","description":"Current weather.","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],"stream":true}""",
            Write(request));
    }

    [Fact]
    public void Tool_results_go_first_in_a_merged_user_turn()
    {
        var request = Request(
            Message.UserText("Go."),
            Assistant(new ToolUseBlock("toolu_1", "run", Json("{}"))),
            Message.UserText("Also this."),
            User(ToolResultBlock.FromText("toolu_1", ToolResultStatus.Success, "done")));

        Assert.Contains(
            """{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"done"},{"type":"text","text":"Also this."}]}""",
            Write(request));
    }

    [Fact]
    public void Signed_thinking_is_kept_first_and_unsigned_reasoning_is_dropped()
    {
        var request = Request(
            Message.UserText("2+2?"),
            Assistant(
                new TextBlock("4"),
                new ReasoningBlock("Add them.", Signature: "sig-1"),
                new ReasoningBlock("", RedactedContent: "opaque"),
                new ReasoningBlock("from another provider")),
            Message.UserText("Sure?"));

        Assert.Equal(
            """{"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[""" +
            """{"role":"user","content":[{"type":"text","text":"2\u002B2?"}]},""" +
            """{"role":"assistant","content":[{"type":"thinking","thinking":"Add them.","signature":"sig-1"},{"type":"redacted_thinking","data":"opaque"},{"type":"text","text":"4"}]},""" +
            """{"role":"user","content":[{"type":"text","text":"Sure?"}]}],"stream":true}""",
            Write(request));
    }

    [Fact]
    public void Cache_point_in_a_message_marks_the_preceding_block()
    {
        var request = Request(
            User(new TextBlock("Long document."), new CachePointBlock(Ttl: "5m"), new TextBlock("Question?")),
            Assistant(new ReasoningBlock("r", Signature: "s"), new CachePointBlock()));

        Assert.Equal(
            """{"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[""" +
            """{"role":"user","content":[{"type":"text","text":"Long document.","cache_control":{"type":"ephemeral","ttl":"5m"}},{"type":"text","text":"Question?"}]},""" +
            """{"role":"assistant","content":[{"type":"thinking","thinking":"r","signature":"s"}]}],"stream":true}""",
            Write(request));
    }

    [Fact]
    public void Conversation_starting_with_the_assistant_gets_a_placeholder_user_turn()
    {
        var request = Request(Assistant(new TextBlock("Earlier answer.")), Message.UserText("Go on."));

        Assert.Equal(
            """{"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":[{"type":"text","text":"."}]},{"role":"assistant","content":[{"type":"text","text":"Earlier answer."}]},{"role":"user","content":[{"type":"text","text":"Go on."}]}],"stream":true}""",
            Write(request));
    }

    [Theory]
    [InlineData("any", """{"type":"any"}""")]
    [InlineData("auto", """{"type":"auto"}""")]
    [InlineData("named", """{"type":"tool","name":"get_weather"}""")]
    public void Tool_choice_maps_to_anthropic_shapes(string kind, string expected)
    {
        var choice = kind switch { "any" => ToolChoice.Any, "auto" => ToolChoice.Auto, _ => ToolChoice.Tool("get_weather") };
        var request = new ModelRequest(new[] { Message.UserText("Hi") }, NoSystem,
            new[] { new ToolSpec("get_weather", "", Json("""{"type":"object","properties":{}}""")) }, choice);

        Assert.Equal(
            """{"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]""" +
            ""","tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{}}}],"tool_choice":""" + expected + ""","stream":true}""",
            Write(request));
    }

    [Theory]
    [InlineData("""{"thinking":{"type":"enabled","budget_tokens":1024}}""", """{"type":"auto"}""")]
    [InlineData("""{"thinking":{"type":"disabled"}}""", """{"type":"tool","name":"answer"}""")]
    public void Forced_tool_choice_is_relaxed_while_thinking(string parameters, string expected)
    {
        var request = new ModelRequest(new[] { Message.UserText("Hi") }, NoSystem,
            new[] { new ToolSpec("answer", "d", Json("""{"type":"object"}""")) }, ToolChoice.Tool("answer"));

        Assert.Contains("\"tool_choice\":" + expected + ",", Write(request, parameters));
    }

    [Fact]
    public void Tool_choice_is_not_sent_without_tools()
    {
        var request = new ModelRequest(new[] { Message.UserText("Hi") }, NoSystem, NoTools, ToolChoice.Any);

        Assert.DoesNotContain("tool_choice", Write(request));
    }

    [Fact]
    public void OpenAI_style_params_are_mapped_and_others_pass_through()
    {
        var request = new ModelRequest(new[] { Message.UserText("Hi") }, NoSystem,
            new[] { new ToolSpec("t", "d", Json("""{"type":"object"}""")) });
        const string parameters = """
            {"max_tokens": 1000.6, "temperature": 0.2, "top_p": 0.9, "top_k": 40, "stop": "END",
             "thinking": {"type": "enabled", "budget_tokens": 2048}, "parallel_tool_calls": false,
             "stream_options": {"include_usage": true}, "user": "u-1", "service_tier": "auto", "seed": null}
            """;

        Assert.Equal(
            """{"model":"claude-sonnet-4-5","max_tokens":1001,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]""" +
            ""","tools":[{"name":"t","description":"d","input_schema":{"type":"object"}}],"tool_choice":{"type":"auto","disable_parallel_tool_use":true},"stream":true""" +
            ""","temperature":0.2,"top_p":0.9,"top_k":40,"stop_sequences":["END"],"thinking":{"type":"enabled","budget_tokens":2048},"metadata":{"user_id":"u-1"},"service_tier":"auto"}""",
            Write(request, parameters));
    }

    [Fact]
    public void Stop_list_and_max_completion_tokens_map()
    {
        var body = Write(Request(Message.UserText("Hi")), """{"max_completion_tokens": 300, "stop": ["a", "b"]}""");

        Assert.Equal(
            """{"model":"claude-sonnet-4-5","max_tokens":300,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],"stream":true,"stop_sequences":["a","b"]}""",
            body);
    }

    [Fact]
    public void Max_tokens_defaults_to_the_price_table_then_to_4096()
    {
        var known = new AnthropicModel("anthropic", "claude-sonnet-4-5", AnthropicModel.MessagesUrl("http://127.0.0.1:1"), null, null, new HttpSettings());
        var unknown = new AnthropicModel("anthropic", "claude-unreleased-9", AnthropicModel.MessagesUrl("http://127.0.0.1:1"), null, null, new HttpSettings());

        // model_prices.json: "claude-sonnet-4-5": max_output_tokens 64000
        Assert.Equal(64000, known.DefaultMaxTokens);
        Assert.Equal(4096, unknown.DefaultMaxTokens);
        Assert.StartsWith("""{"model":"claude-sonnet-4-5","max_tokens":64000,""", Write(Request(Message.UserText("Hi")), defaultMaxTokens: known.DefaultMaxTokens));
    }

    [Theory]
    [InlineData("https://api.anthropic.com/v1/messages", "https://api.anthropic.com/v1/messages")]
    [InlineData("https://api.anthropic.com", "https://api.anthropic.com/v1/messages")]
    [InlineData("http://127.0.0.1:4000/", "http://127.0.0.1:4000/v1/messages")]
    [InlineData("https://gateway.example/anthropic/v1/messages/", "https://gateway.example/anthropic/v1/messages")]
    public void Messages_url_appends_the_path_unless_present(string apiBase, string expected)
    {
        Assert.Equal(expected, AnthropicModel.MessagesUrl(apiBase).ToString());
    }

    [Theory]
    [InlineData("toolu_01A-b", "toolu_01A-b")]
    [InlineData("call.1:x", "call_1_x")]
    public void Tool_ids_are_sanitized(string id, string expected)
    {
        Assert.Equal(expected, AnthropicRequestWriter.SanitizeId(id));
    }
}
