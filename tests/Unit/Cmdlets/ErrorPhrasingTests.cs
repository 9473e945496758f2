using System.Management.Automation;
using Strands.Models.Routing;
using Strands.Tests.Hosting;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Cmdlets;

/// <summary>The core states errors in its own words; the cmdlets phrase them with their parameter names and categories.</summary>
public sealed class ErrorPhrasingTests : IDisposable
{
    private readonly PowerShellSession _ps;

    public ErrorPhrasingTests()
    {
        _ps = PowerShellSession.Open();
    }

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void A_missing_key_reads_as_api_key_in_the_core_and_as_the_ApiKey_parameter_from_the_cmdlet()
    {
        var core = Assert.Throws<StrandsException>(() => ModelRouter.Resolve("groq/llama-3.3-70b-versatile", null, _ => null));
        Assert.Equal("No API key for the provider 'groq': GROQ_API_KEY is not set and no api_key was given.", core.Message);

        var result = _ps.Invoke("""
            Remove-Item Env:GROQ_API_KEY -ErrorAction Ignore
            New-LiteLlmModel -ModelId 'groq/llama-3.3-70b-versatile' -ErrorAction Continue
            """);

        var error = Assert.Single(result.Errors, e => e.Exception is StrandsException);
        Assert.Equal("No API key for the provider 'groq': GROQ_API_KEY is not set and no -ApiKey was given.", error.ErrorDetails.Message);
        Assert.Equal("Set GROQ_API_KEY, or pass -ApiKey.", error.ErrorDetails.RecommendedAction);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.StartsWith(ErrorIds.MissingApiKey + ",", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void A_provider_without_an_endpoint_names_the_ApiBase_parameter()
    {
        var result = _ps.Invoke("""
            Remove-Item Env:HOSTED_VLLM_API_BASE -ErrorAction Ignore
            New-LiteLlmModel -ModelId 'hosted_vllm/some-model' -ErrorAction Continue
            """);

        var error = Assert.Single(result.Errors, e => e.Exception is StrandsException);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.EndsWith("HOSTED_VLLM_API_BASE is not set and no -ApiBase was given.", error.ErrorDetails.Message);
        Assert.Equal("Set HOSTED_VLLM_API_BASE to the server's base URL, or pass -ApiBase.", error.ErrorDetails.RecommendedAction);
        Assert.StartsWith(ErrorIds.MissingApiBase + ",", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void Facts_keep_their_values_and_a_host_names_the_settings()
    {
        var text = ErrorText.Of($"The agent ran {50} cycles ({Setting.MaxCycles}).");

        Assert.Equal("The agent ran 50 cycles (max_cycles).", text.ToString());
        Assert.Equal("The agent ran 50 cycles (--max-cycles).", text.Render(s => "--max-cycles"));
        Assert.Equal(new object?[] { 50, Setting.MaxCycles }, text.Facts);
    }
}
