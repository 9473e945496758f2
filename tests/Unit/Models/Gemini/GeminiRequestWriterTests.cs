using System.Text;
using System.Text.Json;
using Strands.Models;
using Strands.Models.Gemini;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Gemini;

/// <summary>The exact generateContent bodies the adapter sends.</summary>
public sealed class GeminiRequestWriterTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Write(ModelRequest request, string? parameters = null, string model = "gemini-2.5-flash", List<string>? ignored = null) =>
        Encoding.UTF8.GetString(GeminiRequestWriter.Write(model, request, parameters is null ? null : Json(parameters), ignored));

    // JSON written with single quotes, for expected strings whose pieces begin with a quote.
    private static string Q(string json) => json.Replace('\'', '"');

    private static ModelRequest Request(params Message[] messages) =>
        new(messages, Array.Empty<ContentBlock>(), Array.Empty<ToolSpec>());

    [Fact]
    public void Same_role_messages_merge_and_a_function_response_takes_its_name_from_the_call()
    {
        var request = Request(
            Message.UserText("What's the weather?"),
            Message.UserText("In Paris."),
            new Message(Role.Assistant, new ContentBlock[]
            {
                new TextBlock("Checking."),
                new ToolUseBlock("call_1_x", "get_weather", Json("""{"city":"Paris"}"""), ReasoningSignature: "c2ln+/=="),
            }),
            new Message(Role.User, new ContentBlock[] { ToolResultBlock.FromText("call_1_x", ToolResultStatus.Success, "18°C") }),
            Message.UserText("And tomorrow?"));

        Assert.Equal(
            """{"contents":[{"role":"user","parts":[{"text":"What's the weather?"},{"text":"In Paris."}]},"""
            + """{"role":"model","parts":[{"text":"Checking."},{"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"c2ln+/=="}]},"""
            + """{"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"output":"18°C"}}},{"text":"And tomorrow?"}]}]}""",
            Write(request));
    }

    [Fact]
    public void Json_and_error_results_use_output_and_error_keys()
    {
        var request = Request(
            new Message(Role.Assistant, new ContentBlock[]
            {
                new ToolUseBlock("a", "lookup", Json("{}")),
                new ToolUseBlock("b", "fail", Json("{}")),
            }),
            new Message(Role.User, new ContentBlock[]
            {
                new ToolResultBlock("a", ToolResultStatus.Success, new[] { ToolResultContent.FromJson(Json("""{"rows":[1,2]}""")) }),
                ToolResultBlock.FromText("b", ToolResultStatus.Error, "boom"),
                ToolResultBlock.FromText("gone", ToolResultStatus.Success, "orphan"),
            }));

        Assert.Equal(
            """{"contents":[{"role":"model","parts":[{"functionCall":{"name":"lookup","args":{}}},{"functionCall":{"name":"fail","args":{}}}]},"""
            + """{"role":"user","parts":[{"functionResponse":{"name":"lookup","response":{"output":{"rows":[1,2]}}}},"""
            + """{"functionResponse":{"name":"fail","response":{"error":"boom"}}},"""
            + """{"functionResponse":{"name":"gone","response":{"output":"orphan"}}}]}]}""",
            Write(request));
    }

    [Fact]
    public void Signed_reasoning_goes_back_as_a_thought_and_unsigned_reasoning_is_dropped()
    {
        var request = Request(
            Message.UserText("hi"),
            new Message(Role.Assistant, new ContentBlock[]
            {
                new ReasoningBlock("plan", Signature: "sig1"),
                new ReasoningBlock("summary only"),
                new TextBlock(""),
                new TextBlock("Hello"),
                new CachePointBlock(),
            }));

        Assert.Equal(
            """{"contents":[{"role":"user","parts":[{"text":"hi"}]},"""
            + """{"role":"model","parts":[{"text":"plan","thought":true,"thoughtSignature":"sig1"},{"text":"Hello"}]}]}""",
            Write(request));
    }

    [Fact]
    public void Gemini_3_gets_the_documented_placeholder_when_a_call_turn_has_no_signature()
    {
        var request = Request(
            Message.UserText("hi"),
            new Message(Role.Assistant, new ContentBlock[]
            {
                new ToolUseBlock("a", "one", Json("{}")),
                new ToolUseBlock("b", "two", Json("{}")),
            }));

        Assert.Equal(
            """{"contents":[{"role":"user","parts":[{"text":"hi"}]},{"role":"model","parts":["""
            + """{"functionCall":{"name":"one","args":{}},"thoughtSignature":"skip_thought_signature_validator"},"""
            + """{"functionCall":{"name":"two","args":{}}}]}]}""",
            Write(request, model: "gemini-3-pro-preview"));
        Assert.DoesNotContain("skip_thought", Write(request, model: "gemini-2.5-flash"));
    }

    [Fact]
    public void Images_go_inline_and_system_text_skips_cache_points()
    {
        var request = new ModelRequest(
            new[] { new Message(Role.User, new ContentBlock[] { new TextBlock("What is this?"), new ImageBlock("jpg", new byte[] { 1, 2, 3 }) }) },
            new ContentBlock[] { new TextBlock("Be brief."), new CachePointBlock(), new TextBlock("Answer in French.") },
            Array.Empty<ToolSpec>());

        Assert.Equal(
            """{"contents":[{"role":"user","parts":[{"text":"What is this?"},{"inlineData":{"mimeType":"image/jpeg","data":"AQID"}}]}],"""
            + Q("'systemInstruction':{'parts':[{'text':'Be brief.'},{'text':'Answer in French.'}]}}"),
            Write(request));
    }

    [Fact]
    public void Tool_schemas_lose_the_keywords_gemini_rejects()
    {
        var schema = Json("""
            {"$schema":"http://json-schema.org/draft-07/schema#","title":"Args","type":"object","additionalProperties":false,
             "properties":{
               "city":{"type":"string","title":"City","description":"City name","format":"uri"},
               "days":{"type":["integer","null"],"minimum":1,"exclusiveMaximum":15},
               "when":{"type":"string","format":"date-time"},
               "unit":{"enum":["C","F"],"default":"C"},
               "level":{"enum":[1,2]},
               "tags":{"type":"array","items":{"type":"string","additionalProperties":false},"uniqueItems":true},
               "opts":{"oneOf":[{"type":"string"},{"type":"object","properties":{"deep":{"type":"boolean","$ref":"#/x"}}}]},
               "kind":{"const":"weather"},
               "empty":{"type":"object","properties":{}}},
             "required":["city"],"$defs":{"x":{"type":"string"}}}
            """);
        var request = new ModelRequest(new[] { Message.UserText("hi") }, Array.Empty<ContentBlock>(), new[]
        {
            new ToolSpec("get_weather", "Weather for a city.", schema),
            new ToolSpec("now", "The time.", Json("""{"type":"object","properties":{},"additionalProperties":false}""")),
        });

        var body = JsonDocument.Parse(Write(request)).RootElement;
        var declarations = body.GetProperty("tools")[0].GetProperty("functionDeclarations");
        Assert.Equal(
            """{"name":"get_weather","description":"Weather for a city.","parameters":{"type":"OBJECT","properties":{"""
            + Q("'city':{'type':'STRING','description':'City name'},")
            + Q("'days':{'type':'INTEGER','minimum':1,'nullable':true},")
            + Q("'when':{'type':'STRING','format':'date-time'},")
            + Q("'unit':{'enum':['C','F'],'default':'C','type':'STRING'},")
            + Q("'level':{'type':'INTEGER'},")
            + Q("'tags':{'type':'ARRAY','items':{'type':'STRING'}},")
            + Q("'opts':{'anyOf':[{'type':'STRING'},{'type':'OBJECT','properties':{'deep':{'type':'BOOLEAN'}}}]},")
            + Q("'kind':{'enum':['weather'],'type':'STRING'},")
            + Q("'empty':{'type':'OBJECT'}},'required':['city']}}"),
            declarations[0].GetRawText());
        // A tool without parameters is declared without a schema: Gemini rejects empty OBJECT properties.
        Assert.Equal("""{"name":"now","description":"The time."}""", declarations[1].GetRawText());
        Assert.False(body.TryGetProperty("toolConfig", out _));
    }

    [Fact]
    public void Local_refs_are_inlined_and_recursion_is_cut()
    {
        var schema = Json("""
            {"type":"object","properties":{"home":{"$ref":"#/$defs/Address"},"node":{"$ref":"#/definitions/Node"}},
             "$defs":{"Address":{"type":"object","title":"Address","properties":{"city":{"type":"string"}}}},
             "definitions":{"Node":{"type":"object","properties":{"next":{"$ref":"#/definitions/Node"}}}}}
            """);
        var request = new ModelRequest(new[] { Message.UserText("hi") }, Array.Empty<ContentBlock>(), new[] { new ToolSpec("t", "d", schema) });

        var parameters = JsonDocument.Parse(Write(request)).RootElement.GetProperty("tools")[0].GetProperty("functionDeclarations")[0].GetProperty("parameters");

        Assert.Equal("""{"type":"OBJECT","properties":{"city":{"type":"STRING"}}}""", parameters.GetProperty("properties").GetProperty("home").GetRawText());
        var depth = 0;
        for (var node = parameters.GetProperty("properties").GetProperty("node"); node.TryGetProperty("properties", out var p); node = p.GetProperty("next")) depth++;
        Assert.Equal(8, depth);
    }

    [Theory]
    [InlineData("auto", """{"functionCallingConfig":{"mode":"AUTO"}}""")]
    [InlineData("any", """{"functionCallingConfig":{"mode":"ANY"}}""")]
    [InlineData("get_weather", """{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}}""")]
    public void Tool_choice_becomes_function_calling_config(string choice, string expected)
    {
        var toolChoice = choice switch { "auto" => ToolChoice.Auto, "any" => ToolChoice.Any, _ => ToolChoice.Tool(choice) };
        var request = new ModelRequest(new[] { Message.UserText("hi") }, Array.Empty<ContentBlock>(),
            new[] { new ToolSpec("get_weather", "Weather.", Json("""{"type":"object","properties":{"city":{"type":"string"}}}""")) }, toolChoice);

        var body = JsonDocument.Parse(Write(request)).RootElement;
        Assert.Equal(expected, body.GetProperty("toolConfig").GetRawText());
    }

    [Fact]
    public void OpenAI_style_params_map_to_generation_config_and_native_fields_pass_through()
    {
        var ignored = new List<string>();
        var body = Write(Request(Message.UserText("hi")), """
            {"max_tokens":256,"temperature":0.2,"top_p":0.9,"top_k":40,"stop":"END","seed":7,"stream":false,
             "thinkingConfig":{"thinkingBudget":0},"safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}],
             "cachedContent":"cachedContents/abc","parallel_tool_calls":false,"maxOutputTokens":512}
            """, ignored: ignored);

        Assert.Equal(
            """{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"""
            + Q("'generationConfig':{'maxOutputTokens':512,'temperature':0.2,'topP':0.9,'topK':40,'stopSequences':['END'],'seed':7,'thinkingConfig':{'thinkingBudget':0}},")
            + Q("'safetySettings':[{'category':'HARM_CATEGORY_HARASSMENT','threshold':'BLOCK_NONE'}],'cachedContent':'cachedContents/abc'}"),
            body);
        Assert.Equal(new[] { "parallel_tool_calls" }, ignored);
    }

    [Fact]
    public void Stop_lists_stay_lists()
    {
        var body = JsonDocument.Parse(Write(Request(Message.UserText("hi")), """{"stop":["a","b"],"max_completion_tokens":9}""")).RootElement;
        Assert.Equal("""{"stopSequences":["a","b"],"maxOutputTokens":9}""", body.GetProperty("generationConfig").GetRawText());
    }
}
