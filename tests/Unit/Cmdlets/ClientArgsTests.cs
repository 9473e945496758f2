using System.Collections;
using System.Management.Automation;
using Strands.FakeProvider;
using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Cmdlets;

/// <summary>
/// -ClientArgs is read strictly: an unknown key, a value of the wrong type or a retry count out of
/// -MaxRetries' range is an InvalidArgument error, never ignored and never a cast exception; the
/// provider settings are taken from -Params too and never sent as body fields.
/// </summary>
public sealed class ClientArgsTests : IAsyncLifetime
{
    private FakeProviderServer _fake = null!;
    private PowerShellSession _ps = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync();
        _ps = PowerShellSession.Open();
        _ps.SetVariable("base", _fake.BaseUrl.ToString());
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public void An_unknown_key_is_InvalidArgument_listing_every_known_key()
    {
        var error = Refused("New-LiteLlmModel 'openai/gpt-4o' -ApiKey k -ApiBase $base -ClientArgs @{ api_kye = 'x' }");

        Assert.Contains("'api_kye'", error.ToString());
        foreach (var key in new[] { "api_key", "api_base", "base_url", "use_litellm_proxy", "timeout", "num_retries", "max_retries", "api_version", "aws_region_name", "extra_headers", "headers", "max_response_bytes" })
            Assert.Contains(key, error.ToString());
        foreach (var option in Strands.Models.Routing.ProviderTable.Options)
            Assert.Contains(option.Name, error.ToString());
    }

    [Theory]
    [InlineData("timeout = @{ a = 1 }", "timeout", "a number")]
    [InlineData("timeout = 'soon'", "timeout", "a number")]
    [InlineData("num_retries = 'many'", "num_retries", "a whole number")]
    [InlineData("use_litellm_proxy = 'yes'", "use_litellm_proxy", "a boolean")]
    [InlineData("extra_headers = 'x-a: b'", "extra_headers", "a hashtable")]
    [InlineData("api_base = @('a', 'b')", "api_base", "a string")]
    [InlineData("api_key = 42", "api_key", "a SecureString or a string")]
    [InlineData("max_response_bytes = $true", "max_response_bytes", "a number")]
    public void A_value_of_the_wrong_type_is_InvalidArgument_naming_the_key_and_the_type(string entry, string key, string expected)
    {
        var error = Refused("New-LiteLlmModel 'openai/gpt-4o' -ApiKey k -ApiBase $base -ClientArgs @{ " + entry + " }");

        Assert.Contains(key, error.ToString());
        Assert.Contains(expected, error.ToString());
        Assert.IsNotType<PSInvalidCastException>(error.Exception);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("21")]
    [InlineData("2.5")]
    public void num_retries_obeys_the_range_of_MaxRetries(string value)
    {
        var error = Refused($"New-LiteLlmModel 'openai/gpt-4o' -ApiKey k -ApiBase $base -ClientArgs @{{ num_retries = {value} }}");
        Assert.Contains("from 0 to 20", error.ToString());
    }

    [Fact]
    public void Valid_client_args_are_taken_whatever_their_case()
    {
        var result = _ps.Invoke("New-LiteLlmModel 'openai/gpt-4o' -ApiKey k -ClientArgs @{ API_BASE = $base; Num_Retries = 20; timeout = '30'; extra_headers = @{ 'x-a' = 'b' } }");

        Assert.True(result.TerminatingError == null, result.ErrorSummary);
        var model = Assert.Single(result.Output);
        Assert.Equal(20, model.Properties["MaxRetries"].Value);
        Assert.Equal(30.0, model.Properties["TimeoutSec"].Value);
    }

    [Fact]
    public void Provider_settings_in_Params_are_taken_out_of_the_body_and_the_model_object()
    {
        _fake.DefaultReply = FakeReply.Text("hi");
        var result = _ps.Invoke("""
            $p = @{ temperature = 0.5; aws_region_name = 'eu-west-1' }
            $m = New-LiteLlmModel 'openai/gpt-4o' -ApiKey k -ApiBase $base -Params $p
            Invoke-StrandsAgent (New-StrandsAgent -Model $m) 'hello' | Out-Null
            $m.Params.Keys -join ','
            $p.Keys.Count
            """);

        Assert.True(result.TerminatingError == null, result.ErrorSummary);
        Assert.Equal("temperature", result.Output[0].ToString());
        Assert.Equal("2", result.Output[1].ToString());
        var request = Assert.Single(_fake.Requests);
        Assert.Contains("temperature", request.Body);
        Assert.DoesNotContain("aws_region_name", request.Body);
    }

    private ErrorRecord Refused(string script)
    {
        var result = _ps.Invoke(script);
        Assert.Empty(result.Output);
        var error = result.TerminatingError ?? Assert.Single(result.Errors);
        Assert.StartsWith("InvalidArgument,", error.FullyQualifiedErrorId);
        return error;
    }
}
