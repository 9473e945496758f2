using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Strands.FakeProvider;
using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Cmdlets;

/// <summary>
/// azure/ with Microsoft Entra ID through the cmdlets: a token given as it is, and client
/// credentials exchanged by Azure.Identity at a fake Entra authority. MSAL accepts only an https
/// authority, so that test serves the fake over https with a self-signed certificate and runs in
/// a pwsh process of its own that trusts it (SSL_CERT_FILE) and names it (AZURE_AUTHORITY_HOST).
/// The managed identity / Azure CLI chain (enable_azure_ad_token_refresh) runs in pwsh processes of
/// its own too: Azure.Identity reads IDENTITY_ENDPOINT, IDENTITY_HEADER and PATH from the environment.
/// </summary>
[Collection(nameof(Strands.Tests.Models.Bedrock.AwsEnvironmentCollection))]
public sealed class AzureEntraTests : IAsyncLifetime
{
    private static readonly string[] AzureVariables =
    {
        "AZURE_OPENAI_API_KEY", "AZURE_API_KEY", "AZURE_API_BASE", "AZURE_AD_TOKEN", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_AUTHORITY_HOST",
    };

    // What else ManagedIdentityCredential reads to pick its source; none may leak in from the machine.
    private static readonly string[] ManagedIdentityVariables =
    {
        "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IDENTITY_SERVER_THUMBPRINT", "IMDS_ENDPOINT", "MSI_ENDPOINT", "MSI_SECRET", "AZURE_POD_IDENTITY_AUTHORITY_HOST", "AZURE_FEDERATED_TOKEN_FILE",
    };

    private const string ChainScript = """
        $ErrorActionPreference = 'Stop'
        Import-Module $env:STRANDS_TEST_MANIFEST
        $model = New-LiteLlmModel 'azure/gpt-4o-prod' -ApiBase $env:STRANDS_TEST_BASE -MaxRetries 0 -ClientArgs @{ enable_azure_ad_token_refresh = $true }
        "source: " + $model.ApiKeySource
        $agent = New-StrandsAgent -Model $model
        "answer: " + (Invoke-StrandsAgent $agent 'hello')
        "answer: " + (Invoke-StrandsAgent $agent 'again')
        """;

    private readonly Dictionary<string, string?> _saved = new();
    private FakeProviderServer _fake = null!;
    private PowerShellSession _ps = null!;

    public async Task InitializeAsync()
    {
        foreach (var name in AzureVariables)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }

        _fake = await FakeProviderServer.StartAsync();
        _fake.DefaultReply = FakeReply.Text("entra");
        _ps = PowerShellSession.Open();
        _ps.SetVariable("base", _fake.BaseUrl.ToString());
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        await _fake.DisposeAsync();
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
    }

    [Fact]
    public void A_static_Entra_token_is_sent_as_a_bearer_token_instead_of_api_key()
    {
        Environment.SetEnvironmentVariable("AZURE_API_KEY", "env-azure-key-is-beaten");
        var result = _ps.Invoke("""
            $m = New-LiteLlmModel 'azure/gpt-4o-prod' -ApiBase $base -MaxRetries 0 -ClientArgs @{ azure_ad_token = 'explicit-entra-token' }
            Invoke-StrandsAgent (New-StrandsAgent -Model $m) 'hello'
            $m.ApiKeySource
            """);

        Assert.True(result.TerminatingError == null && result.Errors.Count == 0, result.ErrorSummary);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal("Bearer explicit-entra-token", request.Headers["Authorization"]);
        Assert.False(request.Headers.ContainsKey("api-key"));
        Assert.Equal("explicit azure_ad_token", result.Output[^1].ToString());
    }

    [Fact]
    public void AZURE_AD_TOKEN_is_used_when_no_key_is_set()
    {
        Environment.SetEnvironmentVariable("AZURE_AD_TOKEN", "env-entra-token");
        var result = _ps.Invoke("Invoke-StrandsAgent (New-StrandsAgent -Model (New-LiteLlmModel 'azure/gpt-4o-prod' -ApiBase $base -MaxRetries 0)) 'hello'");

        Assert.True(result.TerminatingError == null && result.Errors.Count == 0, result.ErrorSummary);
        Assert.Equal("Bearer env-entra-token", Assert.Single(_fake.Requests).Headers["Authorization"]);
    }

    [Fact]
    public void Without_key_or_Entra_settings_it_is_MissingApiKey()
    {
        var result = _ps.Invoke("New-LiteLlmModel 'azure/gpt-4o-prod' -ApiBase $base");

        var error = result.TerminatingError ?? Assert.Single(result.Errors);
        Assert.StartsWith("MissingApiKey", error.FullyQualifiedErrorId);
        Assert.Contains("AZURE_API_KEY", error.ToString());
    }

    [Fact]
    public void Incomplete_client_credentials_are_InvalidArgument()
    {
        var result = _ps.Invoke("New-LiteLlmModel 'azure/gpt-4o-prod' -ApiBase $base -ClientArgs @{ tenant_id = 't'; client_id = 'c' }");

        var error = result.TerminatingError ?? Assert.Single(result.Errors);
        Assert.StartsWith("InvalidArgument", error.FullyQualifiedErrorId);
        Assert.Contains("client_secret", error.ToString());
    }

    [Fact]
    public async Task Client_credentials_get_a_token_from_the_authority_and_keep_it_until_it_expires()
    {
        var dir = Directory.CreateTempSubdirectory("strands-entra-").FullName;
        try
        {
            using var certificate = SelfSignedLocalhost();
            var pem = Path.Combine(dir, "fake-authority.pem");
            File.WriteAllText(pem, certificate.ExportCertificatePem());
            await using var authority = await FakeProviderServer.StartAsync(X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null));
            authority.DefaultReply = FakeReply.Text("entra");

            var script = Path.Combine(dir, "entra.ps1");
            File.WriteAllText(script, """
                $ErrorActionPreference = 'Stop'
                Import-Module $env:STRANDS_TEST_MANIFEST
                $secret = ConvertTo-SecureString 'fake-client-secret' -AsPlainText -Force
                $model = New-LiteLlmModel 'azure/gpt-4o-prod' -ApiBase $env:STRANDS_TEST_BASE -MaxRetries 0 -ClientArgs @{ tenant_id = 'fake-tenant'; client_id = 'fake-client'; client_secret = $secret }
                $agent = New-StrandsAgent -Model $model
                "answer: " + (Invoke-StrandsAgent $agent 'hello')
                "answer: " + (Invoke-StrandsAgent $agent 'again')
                """);
            var (exitCode, output, error) = PwshProcess.RunFile(script, [], AzureVariables, new Dictionary<string, string>
            {
                ["STRANDS_TEST_MANIFEST"] = RepoPaths.ModuleManifest,
                ["STRANDS_TEST_BASE"] = authority.BaseUrl.ToString(),
                ["AZURE_AUTHORITY_HOST"] = authority.BaseUrl.ToString(),
                ["SSL_CERT_FILE"] = pem,
                ["SSL_CERT_DIR"] = dir,
            });

            Assert.True(exitCode == 0, output + error);
            Assert.Equal(2, output.Split("answer: entra").Length - 1);
            var token = Assert.Single(authority.Tokens.Requests, r => r.Method == "POST");
            Assert.Equal("/fake-tenant/oauth2/v2.0/token", token.Path.Split('?')[0]);
            Assert.Contains("client_id=fake-client", token.Body);
            Assert.Contains("client_secret=fake-client-secret", token.Body);
            Assert.Contains("scope=" + WebUtility.UrlEncode("https://cognitiveservices.azure.com/.default"), token.Body);
            Assert.Equal(2, authority.Requests.Count);
            Assert.All(authority.Requests, r => Assert.Equal("Bearer fake-access-token-1", r.Headers["Authorization"]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_token_refresh_switch_leaves_an_explicit_key_in_charge()
    {
        var result = _ps.Invoke("""
            $m = New-LiteLlmModel 'azure/gpt-4o-prod' -ApiBase $base -ApiKey 'explicit-azure-key' -MaxRetries 0 -ClientArgs @{ enable_azure_ad_token_refresh = $true }
            Invoke-StrandsAgent (New-StrandsAgent -Model $m) 'hello'
            """);

        Assert.True(result.TerminatingError == null && result.Errors.Count == 0, result.ErrorSummary);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal("explicit-azure-key", request.Headers["api-key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task With_token_refresh_on_the_managed_identity_endpoint_gives_the_token()
    {
        var dir = Directory.CreateTempSubdirectory("strands-msi-").FullName;
        try
        {
            await using var identity = await FakeProviderServer.StartAsync();
            identity.DefaultReply = FakeReply.Text("entra");
            var (exitCode, output, error) = RunChain(dir, identity, new Dictionary<string, string>
            {
                ["IDENTITY_ENDPOINT"] = new Uri(identity.BaseUrl, "/msi/token").ToString(),
                ["IDENTITY_HEADER"] = identity.Tokens.IdentityHeader,
                ["PATH"] = FakeAzPath(dir, "echo 'ERROR: the managed identity comes first' >&2; exit 1"),
            });

            Assert.True(exitCode == 0, output + error);
            Assert.Contains("source: Entra ID managed identity or Azure CLI", output);
            Assert.Equal(2, output.Split("answer: entra").Length - 1);
            var token = Assert.Single(identity.Tokens.Requests);
            Assert.Equal("GET", token.Method);
            Assert.StartsWith("/msi/token?", token.Path);
            Assert.Contains("resource=https://cognitiveservices.azure.com", WebUtility.UrlDecode(token.Path));
            Assert.Equal(identity.Tokens.IdentityHeader, token.Headers["X-IDENTITY-HEADER"]);
            Assert.Equal(2, identity.Requests.Count);
            Assert.All(identity.Requests, r =>
            {
                Assert.Equal("Bearer fake-access-token-1", r.Headers["Authorization"]);
                Assert.False(r.Headers.ContainsKey("api-key"));
            });
            Assert.DoesNotContain(identity.Tokens.IdentityHeader, output + error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_managed_identity_the_Azure_CLI_gives_the_token()
    {
        if (OperatingSystem.IsWindows()) return; // the fake az is a sh script
        var dir = Directory.CreateTempSubdirectory("strands-az-").FullName;
        try
        {
            await using var fake = await FakeProviderServer.StartAsync();
            fake.DefaultReply = FakeReply.Text("entra");
            var argsFile = Path.Combine(dir, "az-args.txt");
            var expires = DateTimeOffset.UtcNow.AddHours(1);
            var (exitCode, output, error) = RunChain(dir, fake, new Dictionary<string, string>
            {
                // IMDS, the managed identity's last resort, is pointed at a loopback port nothing listens on
                // (Azure.Identity retries it for some 20 seconds before the chain moves on to the CLI).
                ["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = "http://127.0.0.1:" + ClosedPort(),
                ["PATH"] = FakeAzPath(dir, $$"""
                    echo "$@" >> '{{argsFile}}'
                    echo '{"accessToken":"fake-cli-token","expiresOn":"{{expires.ToLocalTime():yyyy-MM-dd HH:mm:ss.ffffff}}","expires_on":{{expires.ToUnixTimeSeconds()}},"subscription":"fake-subscription","tenant":"fake-tenant","tokenType":"Bearer"}'
                    """),
            });

            Assert.True(exitCode == 0, output + error);
            Assert.Equal(2, output.Split("answer: entra").Length - 1);
            var az = Assert.Single(File.ReadAllLines(argsFile));
            Assert.StartsWith("account get-access-token", az);
            Assert.Contains("--resource https://cognitiveservices.azure.com", az);
            Assert.Equal(2, fake.Requests.Count);
            Assert.All(fake.Requests, r =>
            {
                Assert.Equal("Bearer fake-cli-token", r.Headers["Authorization"]);
                Assert.False(r.Headers.ContainsKey("api-key"));
            });
            Assert.DoesNotContain("fake-cli-token", output + error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (int ExitCode, string Out, string Err) RunChain(string dir, FakeProviderServer fake, Dictionary<string, string> environment)
    {
        var script = Path.Combine(dir, "chain.ps1");
        File.WriteAllText(script, ChainScript);
        environment["STRANDS_TEST_MANIFEST"] = RepoPaths.ModuleManifest;
        environment["STRANDS_TEST_BASE"] = fake.BaseUrl.ToString();
        return PwshProcess.RunFile(script, [], AzureVariables.Concat(ManagedIdentityVariables), environment);
    }

    // A directory holding only a fake `az` (a sh script with the given body), put first on PATH.
    private static string FakeAzPath(string dir, string body)
    {
        var bin = Directory.CreateDirectory(Path.Combine(dir, "bin")).FullName;
        var az = Path.Combine(bin, "az");
        File.WriteAllText(az, "#!/bin/sh\n" + body.Replace("\r\n", "\n") + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static X509Certificate2 SelfSignedLocalhost()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }
}
