using System.Text;
using System.Text.Json;
using Strands.Models.Replay;
using Xunit;

namespace Strands.Tests.Replay;

/// <summary>Semantic request matching: what must match, and the two things allowed to vary.</summary>
public sealed class RequestComparerTests
{
    private static RequestDifference? Diff(string expected, string actual) =>
        RequestComparer.CompareJson(JsonDocument.Parse(expected).RootElement, JsonDocument.Parse(actual).RootElement);

    [Fact]
    public void Member_order_and_number_spelling_do_not_matter()
    {
        Assert.Null(Diff("""{"a":1,"b":{"c":[1,2.50]}}""", """{"b":{"c":[1.0,2.5]},"a":1}"""));
    }

    [Fact]
    public void A_changed_prompt_is_reported_with_its_json_path_and_both_values()
    {
        var d = Diff("""{"messages":[{"role":"user","content":[{"type":"text","text":"What is 2+2"}]}]}""",
                     """{"messages":[{"role":"user","content":[{"type":"text","text":"What is 3+3"}]}]}""");
        Assert.Equal(new RequestDifference("$.messages[0].content[0].text", "\"What is 2+2\"", "\"What is 3+3\""), d);
    }

    [Fact]
    public void The_first_difference_in_document_order_wins()
    {
        var d = Diff("""{"model":"a","tools":[{"name":"x"}]}""", """{"model":"b","tools":[{"name":"y"}]}""");
        Assert.Equal("$.model", d!.Location);
    }

    [Fact]
    public void Missing_and_extra_members_and_elements_are_differences()
    {
        Assert.Equal(new RequestDifference("$.temperature", "0.7", "(missing)"), Diff("""{"temperature":0.7}""", "{}"));
        Assert.Equal(new RequestDifference("$.stop", "(missing)", "[\"x\"]"), Diff("{}", """{"stop":["x"]}"""));
        Assert.Equal(new RequestDifference("$.tools[1]", "(missing)", """{"name":"extra"}"""), Diff("""{"tools":[{"name":"a"}]}""", """{"tools":[{"name":"a"},{"name":"extra"}]}"""));
        Assert.Equal("$['x-y']", Diff("""{"x-y":true}""", """{"x-y":false}""")!.Location);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"tool","tool_call_id":"c1","content":"%"}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"%"}]}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":[{"toolResult":{"toolUseId":"t1","status":"success","content":[{"text":"%"}]}}]}]}""")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"functionResponse":{"name":"ls","response":{"result":"%"}}}]}]}""")]
    public void Tool_results_may_differ_because_they_come_from_the_local_machine(string template)
    {
        Assert.Null(Diff(template.Replace("%", "C:\\big.iso 4 GB"), template.Replace("%", "/var/big.iso 5 GB")));
    }

    [Fact]
    public void The_tool_call_a_result_answers_must_still_match()
    {
        var d = Diff("""{"messages":[{"role":"tool","tool_call_id":"c1","content":"4"}]}""", """{"messages":[{"role":"tool","tool_call_id":"c2","content":"4"}]}""");
        Assert.Equal("$.messages[0].tool_call_id", d!.Location);
    }

    [Fact]
    public void Ids_generated_by_adapters_match_each_other_but_not_provider_ids()
    {
        Assert.Null(Diff("""{"id":"call_0123456789abcdef0123456789abcdef"}""", """{"id":"call_fedcba9876543210fedcba9876543210"}"""));
        Assert.Null(Diff("""{"id":"call_1_0123456789abcdef0123456789abcdef"}""", """{"id":"call_1_fedcba9876543210fedcba9876543210"}"""));
        Assert.NotNull(Diff("""{"id":"toolu_01A"}""", """{"id":"toolu_01B"}"""));
    }

    [Fact]
    public void A_different_tool_is_reported()
    {
        var d = Diff("""{"tools":[{"type":"function","function":{"name":"calculator"}}]}""", """{"tools":[{"type":"function","function":{"name":"Get-LargestFiles"}}]}""");
        Assert.Equal(new RequestDifference("$.tools[0].function.name", "\"calculator\"", "\"Get-LargestFiles\""), d);
    }

    [Theory]
    [InlineData("""{"tools":[{"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"b"}}]}""", """{"tools":[{"type":"function","function":{"name":"b"}},{"type":"function","function":{"name":"a"}}]}""")]
    [InlineData("""{"toolConfig":{"tools":[{"toolSpec":{"name":"a"}},{"toolSpec":{"name":"b"}}]}}""", """{"toolConfig":{"tools":[{"toolSpec":{"name":"b"}},{"toolSpec":{"name":"a"}}]}}""")]
    [InlineData("""{"tools":[{"functionDeclarations":[{"name":"a"},{"name":"b"}]}]}""", """{"tools":[{"functionDeclarations":[{"name":"b"},{"name":"a"}]}]}""")]
    public void Tools_are_a_set_because_hashtables_enumerate_in_random_order(string expected, string actual)
    {
        Assert.Null(Diff(expected, actual));
    }

    [Fact]
    public void Message_order_still_matters()
    {
        Assert.Equal("$.messages[0].content", Diff("""{"messages":[{"content":"a"},{"content":"b"}]}""", """{"messages":[{"content":"b"},{"content":"a"}]}""")!.Location);
    }

    [Fact]
    public void Method_and_path_are_compared_before_the_body()
    {
        var exchange = new RecordedExchange { Method = "POST", Path = "/v1/messages", Body = JsonDocument.Parse("{}").RootElement };
        Assert.Equal("path", RequestComparer.Compare(exchange, "POST", "/chat/completions", Encoding.UTF8.GetBytes("{}"))!.Location);
        Assert.Equal("method", RequestComparer.Compare(exchange, "GET", "/v1/messages", Array.Empty<byte>())!.Location);
        Assert.Null(RequestComparer.Compare(exchange, "POST", "/v1/messages", Encoding.UTF8.GetBytes(" { } ")));
        Assert.Equal("$", RequestComparer.Compare(exchange, "POST", "/v1/messages", Encoding.UTF8.GetBytes("not json"))!.Location);
    }

    [Fact]
    public void Long_values_are_shortened_in_the_report()
    {
        var d = Diff($$"""{"system":"{{new string('a', 1000)}}"}""", """{"system":"b"}""");
        Assert.True(d!.Expected.Length < 200);
        Assert.Contains("1002 chars", d.Expected);
    }
}
