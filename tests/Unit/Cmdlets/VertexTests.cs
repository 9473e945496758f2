using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Strands.FakeProvider;
using Strands.FakeProvider.Tokens;
using Strands.Telemetry;
using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Cmdlets;

/// <summary>
/// vertex_ai/ through the cmdlets against the fake: Gemini and Claude on Vertex AI with a generated
/// service-account key. Google.Apis.Auth signs a JWT for the key's token_uri (the fake), which
/// verifies the signature with the key's public half before it issues a token.
/// </summary>
[Collection(nameof(Strands.Tests.Models.Bedrock.AwsEnvironmentCollection))]
public sealed class VertexTests : IAsyncLifetime
{
    private static readonly string[] GoogleVariables = { "VERTEXAI_PROJECT", "VERTEXAI_LOCATION", "GOOGLE_CLOUD_PROJECT", "GOOGLE_APPLICATION_CREDENTIALS" };

    private readonly Dictionary<string, string?> _saved = new();
    private readonly RSA _key = RSA.Create(2048);
    private FakeProviderServer _fake = null!;
    private PowerShellSession _ps = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        foreach (var name in GoogleVariables)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }

        _dir = Directory.CreateTempSubdirectory("strands-vertex-").FullName;
        _fake = await FakeProviderServer.StartAsync();
        _fake.DefaultReply = FakeReply.Text("from vertex");
        _fake.Tokens.GoogleServiceAccountKey = _key;
        _ps = PowerShellSession.Open();
        _ps.SetVariable("base", _fake.BaseUrl.ToString());
        _ps.SetVariable("serviceAccount", ServiceAccountJson(_key));
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        await _fake.DisposeAsync();
        _key.Dispose();
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Gemini_on_Vertex_uses_the_project_location_path_and_a_token_from_the_service_account()
    {
        var result = _ps.Invoke("""
            $m = New-LiteLlmModel 'vertex_ai/gemini-2.5-flash' -ApiBase $base -MaxRetries 0 -ClientArgs @{ vertex_credentials = $serviceAccount; vertex_location = 'europe-west4' }
            $a = New-StrandsAgent -Model $m
            Invoke-StrandsAgent $a 'hello'
            Invoke-StrandsAgent $a 'again'
            """);

        Assert.True(result.TerminatingError == null && result.Errors.Count == 0, result.ErrorSummary);
        Assert.Equal("from vertex", result.Output[0].ToString());
        Assert.Equal(2, _fake.Requests.Count);
        Assert.All(_fake.Requests, request =>
        {
            Assert.Null(request.Rejection);
            Assert.Equal(FakeDialect.Gemini, request.Dialect);
            Assert.Equal("/v1/projects/fake-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse", request.Path);
            Assert.Equal("Bearer fake-access-token-1", request.Headers["Authorization"]);
            Assert.False(request.Headers.ContainsKey("x-goog-api-key"));
        });
        AssertOneSignedJwt();
    }

    [Fact]
    public void Claude_on_Vertex_uses_streamRawPredict_with_the_version_in_the_body_and_the_model_in_the_url()
    {
        var keyFile = Path.Combine(_dir, "service-account.json");
        File.WriteAllText(keyFile, ServiceAccountJson(_key));
        _ps.SetVariable("keyFile", keyFile);
        Environment.SetEnvironmentVariable("VERTEXAI_LOCATION", "us-east5");
        var result = _ps.Invoke("""
            $m = New-LiteLlmModel 'vertex_ai/claude-sonnet-4-5@20250929' -ApiBase $base -MaxRetries 0 -Params @{ vertex_credentials = $keyFile; vertex_project = 'other-project'; max_tokens = 300 }
            Invoke-StrandsAgent (New-StrandsAgent -Model $m) 'hello'
            """);

        Assert.True(result.TerminatingError == null && result.Errors.Count == 0, result.ErrorSummary);
        var request = Assert.Single(_fake.Requests);
        Assert.Null(request.Rejection);
        Assert.Equal(FakeDialect.Anthropic, request.Dialect);
        Assert.Equal("/v1/projects/other-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict", request.Path);
        Assert.Equal("Bearer fake-access-token-1", request.Headers["Authorization"]);
        var body = JsonNode.Parse(request.Body)!.AsObject();
        Assert.Equal("vertex-2023-10-16", (string?)body["anthropic_version"]);
        Assert.False(body.ContainsKey("model"));
        Assert.DoesNotContain("vertex_", request.Body);
        Assert.Equal(300, (int)body["max_tokens"]!);
        AssertOneSignedJwt();
    }

    [Fact]
    public void A_key_the_token_endpoint_does_not_trust_is_AuthenticationFailed()
    {
        using var other = RSA.Create(2048);
        _ps.SetVariable("otherAccount", ServiceAccountJson(other));
        var result = _ps.Invoke("Invoke-StrandsAgent (New-StrandsAgent -Model (New-LiteLlmModel 'vertex_ai/gemini-2.5-flash' -ApiBase $base -MaxRetries 0 -ClientArgs @{ vertex_credentials = $otherAccount })) 'hello'");

        var error = result.TerminatingError ?? Assert.Single(result.Errors);
        Assert.StartsWith("AuthenticationFailed", error.FullyQualifiedErrorId);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public void Without_a_project_it_is_InvalidArgument()
    {
        var result = _ps.Invoke("New-LiteLlmModel 'vertex_ai/gemini-2.5-flash' -ApiBase $base");

        var error = result.TerminatingError ?? Assert.Single(result.Errors);
        Assert.StartsWith("InvalidArgument", error.FullyQualifiedErrorId);
        Assert.Contains("vertex_project", error.ToString());
    }

    [Fact]
    public void The_price_table_and_completion_know_vertex_ai_ids()
    {
        Assert.NotNull(PriceTable.Find("vertex_ai", "gemini-2.5-flash"));
        Assert.NotNull(PriceTable.Find("vertex_ai", "claude-sonnet-4-5@20250929"));
        var names = PriceTable.ModelNamesFor("vertex_ai").ToList();
        Assert.Contains("gemini-2.5-pro", names);
        Assert.Contains("claude-sonnet-4-5@20250929", names);

        var completions = _ps.Invoke("(TabExpansion2 -inputScript 'New-LiteLlmModel vertex_ai/claude-sonnet-4-5' -cursorColumn 43).CompletionMatches.CompletionText");
        Assert.Contains(completions.Output, o => o.ToString().Contains("vertex_ai/claude-sonnet-4-5@20250929", StringComparison.Ordinal));
    }

    private void AssertOneSignedJwt()
    {
        var token = Assert.Single(_fake.Tokens.Requests);
        Assert.Equal("/token", token.Path);
        var assertion = System.Net.WebUtility.UrlDecode(token.Body.Split('&').Single(p => p.StartsWith("assertion=", StringComparison.Ordinal)).Substring("assertion=".Length));
        Assert.True(FakeJwt.VerifyRs256(assertion, _key));
        using var payload = FakeJwt.Payload(assertion);
        Assert.Equal("vertex@fake-project.iam.gserviceaccount.com", payload.RootElement.GetProperty("iss").GetString());
        Assert.Equal("https://www.googleapis.com/auth/cloud-platform", payload.RootElement.GetProperty("scope").GetString());
    }

    private string ServiceAccountJson(RSA key) => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = "fake-project",
        ["private_key_id"] = "fake-key-id",
        ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = "vertex@fake-project.iam.gserviceaccount.com",
        ["client_id"] = "1234567890",
        ["token_uri"] = _fake.BaseUrl.ToString().TrimEnd('/') + "/token",
    }.ToJsonString();
}
