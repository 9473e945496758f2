using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net.Http;
using PS = System.Management.Automation.PowerShell;

namespace Strands.Bench.Host;

/// <summary>
/// The cold-start host: what a console host does before its first answer. Modes: <c>bare</c>
/// (runspace only), <c>floor</c> (runspace, then one turn with the hand-written client),
/// <c>strands</c> (runspace, Import-Module, one Invoke-StrandsAgent turn with a script-block tool).
/// </summary>
internal static class Program
{
    private const string SystemPrompt = "You are a weather assistant. Use the lookup tool, then answer in one paragraph.";
    private const string Prompt = "What is the weather in Paris?";

    private const string StrandsTurn = """
        param($BaseUrl, $ModulePath)
        Import-Module $ModulePath
        $model = New-LiteLlmModel -ModelId 'openai/gpt-4o' -ApiKey 'sk-bench' -ApiBase "$BaseUrl/v1"
        $agent = New-StrandsAgent -Model $model -SystemPrompt 'You are a weather assistant. Use the lookup tool, then answer in one paragraph.' -Tool @{
            lookup = {
                <# .SYNOPSIS Looks up the current weather for a city. #>
                param([Parameter(Mandatory)][string] $city)
                'sunny, 21 C'
            }
        }
        (Invoke-StrandsAgent $agent 'What is the weather in Paris?').Text
        """;

    public static int Main(string[] args)
    {
        var (mode, modulePath, baseUrl) = (args[0], args[1], args[2].TrimEnd('/'));
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var ps = PS.Create(runspace);
        string text;
        switch (mode)
        {
            case "bare":
                text = ps.AddScript("'ready'").Invoke().Single().ToString();
                break;
            case "floor":
                ps.AddScript("'ready'").Invoke();
                var client = new FloorClient(new HttpClient(), new Uri(baseUrl + "/v1/chat/completions"));
                text = client.RunTurnAsync(SystemPrompt, Prompt, "lookup", "Looks up the current weather for a city.",
                    """{"type":"object","properties":{"city":{"type":"string","description":"The city name."}},"required":["city"]}""",
                    _ => "sunny, 21 C").GetAwaiter().GetResult();
                break;
            case "import":
                text = ps.AddScript("param($ModulePath) Import-Module $ModulePath; 'ready'").AddParameter("ModulePath", modulePath).Invoke().Single().ToString();
                break;
            case "strands":
                text = ps.AddScript(StrandsTurn).AddParameter("BaseUrl", baseUrl).AddParameter("ModulePath", modulePath).Invoke().Single().ToString();
                break;
            default:
                Console.Error.WriteLine("usage: Strands.Bench.Host bare|floor|import|strands <module.psd1> <base url>");
                return 2;
        }
        if (ps.HadErrors) Console.Error.WriteLine(string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
        return !ps.HadErrors && text.Length > 0 ? 0 : 1;
    }
}
