using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Examples;

/// <summary>
/// The README's main-job command on a machine without keys: the console host runs
/// examples/quickstart.ps1 against its recording.
/// </summary>
public sealed class StrandsHostTests
{
    private static readonly string[] LiveVariables =
    {
        "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "LITELLM_PROXY_API_KEY", "LITELLM_PROXY_API_BASE",
        "AWS_BEARER_TOKEN_BEDROCK", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "USE_LITELLM_PROXY",
    };

    private static (int ExitCode, string Out, string Err) RunHost(params string[] arguments) => StrandsHostProcess.Run(arguments, LiveVariables);

    [Fact]
    public void Quickstart_prints_the_answer_and_its_usage_and_exits_0()
    {
        Assert.True(File.Exists(StrandsHostProcess.HostDll), "The host is built with the tests: " + StrandsHostProcess.HostDll);
        var (exitCode, output, error) = RunHost("examples/quickstart.ps1");

        Assert.True(exitCode == 0, $"exit code {exitCode}; stderr: {error}; stdout: {output}");
        Assert.Contains("Model: recording examples/recordings/quickstart.json", output);
        Assert.Contains("Answer: 2 + 2 = 4", output);
        Assert.Matches(@"Usage: 906 input \+ 81 output = 987 tokens; 2 model calls, 1 tool call\(s\)", output);
        Assert.DoesNotContain("\u001b[", output);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void An_error_goes_to_stderr_with_its_ErrorId_and_exit_code_1()
    {
        var script = Path.Combine(Directory.CreateTempSubdirectory("strands-host-").FullName, "diverges.ps1");
        try
        {
            File.WriteAllText(script, """
                param([string] $Prompt)
                $recording = [System.IO.Path]::Combine($PWD.Path, 'examples', 'recordings', 'proxy-option2.json')
                $agent = New-StrandsAgent -Model "replay/$recording"
                "before"
                Invoke-StrandsAgent $agent $Prompt
                """);
            var (exitCode, output, error) = RunHost(script, "-Prompt", "Tell me a joke");

            Assert.Equal(1, exitCode);
            Assert.Contains("before", output);
            Assert.Contains("ReplayMismatch", error);
            Assert.Contains("expected \"Tell me a story\", got \"Tell me a joke\"", error);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(script)!, recursive: true);
        }
    }

    [Fact]
    public void A_missing_script_is_a_usage_error()
    {
        var (exitCode, _, error) = RunHost("no-such-script.ps1");
        Assert.Equal(2, exitCode);
        Assert.Contains("no-such-script.ps1", error);
    }
}
