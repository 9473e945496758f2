using System.Text;
using System.Text.Json;
using Strands.Models;
using Strands.Models.Ollama;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models.Ollama;

/// <summary>The exact /api/chat bodies the adapter sends.</summary>
public sealed class OllamaRequestWriterTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    // JSON written with single quotes, so the expected bodies stay readable.
    private static string Q(string json) => json.Replace('\'', '"');

    [Fact]
    public void Conversation_with_image_tool_round_trip_and_thinking()
    {
        var request = new ModelRequest(
            new[]
            {
                new Message(Role.User, new ContentBlock[] { new TextBlock("What is in the picture?"), new ImageBlock("png", new byte[] { 1, 2, 3 }) }),
                new Message(Role.Assistant, new ContentBlock[]
                {
                    new ReasoningBlock("Need to look it up."),
                    new TextBlock("Looking."),
                    new ToolUseBlock("call_1_x", "lookup", Json("""{"q":"cat","n":2}""")),
                }),
                new Message(Role.User, new ContentBlock[]
                {
                    ToolResultBlock.FromText("call_1_x", ToolResultStatus.Success, "a cat"),
                    new TextBlock("Thanks"),
                }),
            },
            new ContentBlock[] { new TextBlock("Be brief."), new CachePointBlock(), new TextBlock("Use tools.") },
            new[] { new ToolSpec("lookup", "Search.", Json("""{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}""")) });

        var body = Encoding.UTF8.GetString(OllamaRequestWriter.Write("llama3.1", request, null, stream: true));

        Assert.Equal(Q("{'model':'llama3.1','messages':["
            + "{'role':'system','content':'Be brief.\\nUse tools.'},"
            + "{'role':'user','content':'What is in the picture?','images':['AQID']},"
            + "{'role':'assistant','content':'Looking.','thinking':'Need to look it up.','tool_calls':[{'function':{'name':'lookup','arguments':{'q':'cat','n':2}}}]},"
            + "{'role':'tool','content':'a cat','tool_name':'lookup'},"
            + "{'role':'user','content':'Thanks'}],"
            + "'tools':[{'type':'function','function':{'name':'lookup','description':'Search.','parameters':{'type':'object','properties':{'q':{'type':'string'}},'required':['q']}}}],"
            + "'stream':true}"), body);
    }

    [Fact]
    public void Params_become_options_except_request_fields()
    {
        var request = new ModelRequest(new[] { Message.UserText("hi") }, Array.Empty<ContentBlock>(), Array.Empty<ToolSpec>(), ToolChoice.Any);
        var parameters = Json("""
            {"max_tokens":64,"temperature":0.1,"top_p":0.8,"top_k":20,"stop":"END","seed":3,"num_ctx":8192,
             "think":true,"keep_alive":"5m","format":"json","stream":false,"tool_choice":"required","options":{"repeat_penalty":1.1}}
            """);

        var body = Encoding.UTF8.GetString(OllamaRequestWriter.Write("qwen3", request, parameters, stream: false));

        Assert.Equal(Q("{'model':'qwen3','messages':[{'role':'user','content':'hi'}],'stream':false,"
            + "'options':{'num_predict':64,'temperature':0.1,'top_p':0.8,'top_k':20,'stop':['END'],'seed':3,'num_ctx':8192,'repeat_penalty':1.1},"
            + "'think':true,'keep_alive':'5m','format':'json'}"), body);
    }
}
