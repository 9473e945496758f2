using Strands.FakeProvider;
using Strands.Tests.Hosting;
using Strands.Tests.Models.Bedrock;
using Xunit;

namespace Strands.Tests.Cmdlets;

/// <summary>
/// bedrock/ signed with the credentials LiteLLM's keywords name, through the cmdlets against the
/// fake: explicit keys, a session token, -Credential, a profile of the shared files, and a role
/// assumed through the fake STS. The AWS environment is cleared so only what the test gives counts.
/// </summary>
[Collection(nameof(AwsEnvironmentCollection))]
public sealed class BedrockCredentialsTests : IAsyncLifetime
{
    private static readonly string[] AwsVariables =
    {
        "AWS_BEARER_TOKEN_BEDROCK", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
        "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_EC2_METADATA_DISABLED", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_REGION_NAME",
    };

    private readonly Dictionary<string, string?> _saved = new();
    private FakeProviderServer _fake = null!;
    private PowerShellSession _ps = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        foreach (var name in AwsVariables)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }

        _dir = Directory.CreateTempSubdirectory("strands-aws-").FullName;
        // Nothing may come from the real machine: no files, no instance metadata.
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(_dir, "config"));
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(_dir, "credentials"));
        _fake = await FakeProviderServer.StartAsync();
        _fake.DefaultReply = FakeReply.Text("signed");
        _ps = PowerShellSession.Open();
        _ps.SetVariable("base", _fake.BaseUrl.ToString());
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        await _fake.DisposeAsync();
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Explicit_keys_sign_the_request_and_beat_the_environment()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIAFROMENVIRONMENT");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "env-secret");
        Environment.SetEnvironmentVariable("AWS_BEARER_TOKEN_BEDROCK", "env-bearer-token");

        Ask("-ClientArgs @{ aws_access_key_id = 'AKIAEXPLICITKEY'; aws_secret_access_key = 'explicit-secret'; aws_region_name = 'eu-central-1' }");

        var request = Assert.Single(_fake.Requests);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAEXPLICITKEY/", request.Headers["Authorization"]);
        Assert.Contains("/eu-central-1/bedrock/aws4_request", request.Headers["Authorization"]);
        Assert.False(request.Headers.ContainsKey("x-amz-security-token"));
    }

    [Fact]
    public void A_session_token_is_sent_as_x_amz_security_token()
    {
        var secure = "$t = [securestring]::new(); 'explicit-session-token'.ToCharArray() | % { $t.AppendChar($_) };";
        Ask("-Params @{ aws_access_key_id = 'ASIAEXPLICITKEY'; aws_secret_access_key = 'explicit-secret'; aws_session_token = $t }", secure);

        var request = Assert.Single(_fake.Requests);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIAEXPLICITKEY/", request.Headers["Authorization"]);
        Assert.Equal("explicit-session-token", request.Headers["x-amz-security-token"]);
        Assert.DoesNotContain("aws_", request.Body);
    }

    [Fact]
    public void Credential_gives_the_key_id_as_user_name_and_the_secret_as_password()
    {
        Ask("-Credential ([pscredential]::new('AKIAFROMCREDENTIAL', (ConvertTo-SecureString 'cred-secret' -AsPlainText -Force)))");

        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAFROMCREDENTIAL/", Assert.Single(_fake.Requests).Headers["Authorization"]);
    }

    /// <summary>
    /// The AWS SDK reads AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE once a process (it keeps
    /// the paths in statics), so this runs in a pwsh process of its own started with them set: it
    /// also shows the SDK (and AWSSDK.SecurityToken, which it loads by name for a role profile)
    /// loading from the module's Dependencies folder.
    /// </summary>
    [Fact]
    public void A_profile_of_the_shared_files_signs_the_request_and_a_role_profile_assumes_its_role()
    {
        File.WriteAllText(Path.Combine(_dir, "config"),
            "[default]\nregion = us-east-1\n\n[profile strands-test]\nregion = us-east-1\n\n" +
            "[profile strands-role]\nrole_arn = arn:aws:iam::123456789012:role/from-profile\nsource_profile = strands-test\nrole_session_name = profile-session\n");
        File.WriteAllText(Path.Combine(_dir, "credentials"),
            "[default]\naws_access_key_id = AKIADEFAULTPROFILE\naws_secret_access_key = default-secret\n\n" +
            "[strands-test]\naws_access_key_id = AKIANAMEDPROFILE\naws_secret_access_key = profile-secret\naws_session_token = profile-session-token\n");
        var script = Path.Combine(_dir, "profile.ps1");
        File.WriteAllText(script, """
            $ErrorActionPreference = 'Stop'
            Import-Module $env:STRANDS_TEST_MANIFEST
            foreach ($profile in 'strands-test', 'strands-role') {
                $model = New-LiteLlmModel 'bedrock/us.amazon.nova-micro-v1:0' -ApiBase $env:STRANDS_TEST_BASE -MaxRetries 0 -Params @{ aws_profile_name = $profile }
                "answer: " + (Invoke-StrandsAgent (New-StrandsAgent -Model $model) 'hello')
            }
            """);

        var (exitCode, output, error) = PwshProcess.RunFile(script, [], AwsVariables, new Dictionary<string, string>
        {
            ["STRANDS_TEST_MANIFEST"] = RepoPaths.ModuleManifest,
            ["STRANDS_TEST_BASE"] = _fake.BaseUrl.ToString(),
            ["AWS_CONFIG_FILE"] = Path.Combine(_dir, "config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_dir, "credentials"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_ENDPOINT_URL_STS"] = _fake.BaseUrl.ToString().TrimEnd('/') + "/sts",
        });

        Assert.True(exitCode == 0, output + error);
        Assert.Equal(2, output.Split("answer: signed").Length - 1);
        Assert.Equal(2, _fake.Requests.Count);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIANAMEDPROFILE/", _fake.Requests[0].Headers["Authorization"]);
        Assert.Equal("profile-session-token", _fake.Requests[0].Headers["x-amz-security-token"]);
        var sts = Assert.Single(_fake.Tokens.Requests);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIANAMEDPROFILE/", sts.Headers["Authorization"]);
        Assert.Contains("role%2Ffrom-profile", sts.Body);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIAFAKEASSUMEDROLE/", _fake.Requests[1].Headers["Authorization"]);
    }

    [Fact]
    public void A_missing_profile_is_AuthenticationFailed_naming_it()
    {
        var result = _ps.Invoke("Invoke-StrandsAgent (New-StrandsAgent -Model (New-LiteLlmModel 'bedrock/us.amazon.nova-micro-v1:0' -ApiBase $base -MaxRetries 0 -ClientArgs @{ aws_profile_name = 'no-such-profile' })) 'hello'");

        var error = result.TerminatingError ?? Assert.Single(result.Errors);
        Assert.StartsWith("AuthenticationFailed", error.FullyQualifiedErrorId);
        Assert.Contains("no-such-profile", error.ToString());
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public void An_assumed_role_signs_with_the_temporary_credentials_and_keeps_them_until_they_expire()
    {
        Ask("""
            -ClientArgs @{ aws_access_key_id = 'AKIASOURCEKEY'; aws_secret_access_key = 'source-secret'; aws_region_name = 'us-east-2'
                aws_role_name = 'arn:aws:iam::123456789012:role/strands-test'; aws_session_name = 'strands-ps'; aws_sts_endpoint = $base.TrimEnd('/') + '/sts' }
            """, twice: true);

        var sts = Assert.Single(_fake.Tokens.Requests);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIASOURCEKEY/", sts.Headers["Authorization"]);
        Assert.Contains("/us-east-2/sts/aws4_request", sts.Headers["Authorization"]);
        Assert.Contains("Action=AssumeRole", sts.Body);
        Assert.Contains("RoleSessionName=strands-ps", sts.Body);
        Assert.Contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fstrands-test", sts.Body);
        Assert.Equal(2, _fake.Requests.Count);
        Assert.All(_fake.Requests, request =>
        {
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIAFAKEASSUMEDROLE/", request.Headers["Authorization"]);
            Assert.Equal("fake-assumed-session-token", request.Headers["x-amz-security-token"]);
        });
    }

    [Theory]
    [InlineData("aws_access_key_id = 'AKIAONLYID'", "aws_secret_access_key")]
    [InlineData("aws_secret_access_key = 'only-secret'", "aws_access_key_id")]
    [InlineData("aws_session_token = 'only-token'", "aws_access_key_id")]
    public void Half_a_key_pair_is_InvalidArgument(string entry, string missing)
    {
        var result = _ps.Invoke("New-LiteLlmModel 'bedrock/us.amazon.nova-micro-v1:0' -ApiBase $base -ClientArgs @{ " + entry + " }");

        var error = result.TerminatingError ?? Assert.Single(result.Errors);
        Assert.StartsWith("InvalidArgument", error.FullyQualifiedErrorId);
        Assert.Contains(missing, error.ToString());
    }

    [Fact]
    public void aws_bedrock_runtime_endpoint_sets_the_endpoint()
    {
        var result = _ps.Invoke("(New-LiteLlmModel 'bedrock/us.amazon.nova-micro-v1:0' -ClientArgs @{ aws_bedrock_runtime_endpoint = $base; aws_access_key_id = 'AKIAX'; aws_secret_access_key = 's' }).ApiBase");

        Assert.True(result.TerminatingError == null, result.ErrorSummary);
        Assert.Equal(_fake.BaseUrl.ToString(), Assert.Single(result.Output).ToString());
    }

    private void Ask(string modelArguments, string prelude = "", bool twice = false)
    {
        var script = prelude + "$agent = New-StrandsAgent -Model (New-LiteLlmModel 'bedrock/us.amazon.nova-micro-v1:0' -ApiBase $base -MaxRetries 0 " + modelArguments + ")\n"
            + "Invoke-StrandsAgent $agent 'hello'\n" + (twice ? "Invoke-StrandsAgent $agent 'again'\n" : string.Empty);
        var result = _ps.Invoke(script);
        Assert.True(result.TerminatingError == null && result.Errors.Count == 0, result.ErrorSummary);
        Assert.All(_fake.Requests, r => Assert.Null(r.Rejection));
    }
}
