using System.Collections;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Serialization;
using Strands.FakeProvider;
using Strands.Tests.Hosting;
using Strands.Tests.Models.Bedrock;
using Xunit;

namespace Strands.Tests.Cmdlets;

/// <summary>
/// One sweep for the provider key: many ways of giving it and using it, then every object, stream,
/// error, serialization and file is searched for it (or any 10-character piece of it). Runs in the
/// environment-variable collection because it sets provider key variables for the whole process.
/// </summary>
[Collection(nameof(AwsEnvironmentCollection))]
public sealed class SecretHygieneTests : IAsyncLifetime
{
    private const string Key = "sk-test-SECRET-0123";
    private static readonly string[] EnvVars = { "LITELLM_PROXY_API_KEY", "ANTHROPIC_API_KEY", "AWS_BEARER_TOKEN_BEDROCK" };

    private FakeProviderServer _fake = null!;
    private string _privateKeyLine = null!;
    private string _dir = null!;
    private readonly Dictionary<string, string?> _savedEnv = new();

    public async Task InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync();
        _dir = Directory.CreateTempSubdirectory("strands-secrets-").FullName;
        foreach (var name in EnvVars)
        {
            _savedEnv[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, Key);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var (name, value) in _savedEnv) Environment.SetEnvironmentVariable(name, value);
        await _fake.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void The_key_never_appears_in_output_streams_errors_serializations_or_files()
    {
        // A tool round trip when asked, plain text otherwise; the tool's answer ends the round trip.
        _fake.DefaultReply = FakeReply.Dynamic(request =>
            request.Body.Contains("lookup:7") ? FakeReply.Text("done")
            : request.Body.Contains("use the tool") ? FakeReply.ToolCalls(new FakeToolCall("lookup", """{"id":7}"""))
            : FakeReply.Text("hello"));

        using var ps = PowerShellSession.Open();
        var result = ps.Invoke("""
            $secure = [securestring]::new(); foreach ($c in $key.ToCharArray()) { $secure.AppendChar($c) }
            $tools = @{ lookup = { param([Parameter(Mandatory)][int] $id) "lookup:$id" } }
            $models = @(
                New-LiteLlmModel 'openai/gpt-4o' -ApiKey $key -ApiBase $base -MaxRetries 0 -Verbose -Debug
                New-LiteLlmModel 'openai/gpt-4o-mini' -ApiKey $secure -ApiBase $base -MaxRetries 0 -Verbose
                New-LiteLlmModel 'litellm_proxy/gpt-4o' -ApiBase $base -MaxRetries 0 -Verbose
                New-LiteLlmModel 'gpt-4o' -ClientArgs @{ api_key = $key; api_base = $base; use_litellm_proxy = $true } -MaxRetries 0 -Verbose
                New-LiteLlmModel 'anthropic/claude-3-5-haiku-20241022' -ApiBase $base -MaxRetries 0 -Params @{ max_tokens = 200 } -Verbose
                New-LiteLlmModel 'bedrock/us.amazon.nova-micro-v1:0' -ApiBase $base -MaxRetries 0 -Verbose
                # AWS secrets as client_args, as params, and as a credential (the session token is a header too).
                New-LiteLlmModel 'bedrock/us.amazon.nova-lite-v1:0' -ApiBase $base -MaxRetries 0 -ClientArgs @{ aws_access_key_id = 'AKIASWEEPTEST'; aws_secret_access_key = $key; aws_session_token = $secure } -Verbose -Debug
                New-LiteLlmModel 'bedrock/us.amazon.nova-pro-v1:0' -ApiBase $base -MaxRetries 0 -Params @{ aws_access_key_id = 'AKIASWEEPTEST'; aws_secret_access_key = $secure; aws_session_token = $key; max_tokens = 100 } -Verbose
                New-LiteLlmModel 'bedrock/us.amazon.nova-micro-v1:0' -ApiBase $base -MaxRetries 0 -Credential ([pscredential]::new('AKIASWEEPTEST', $secure)) -Verbose
                # An Entra ID token given as it is.
                New-LiteLlmModel 'azure/gpt-4o-sweep' -ApiBase $base -MaxRetries 0 -ClientArgs @{ azure_ad_token = $key } -Verbose -Debug
            )
            # A service-account key (a line of its private key is swept for) for a token from the fake. Outside the
            # loop: Vertex never receives $key, so a provider echoing it would test nothing.
            $vertex = New-LiteLlmModel 'vertex_ai/gemini-2.5-flash' -ApiBase $base -MaxRetries 0 -ClientArgs @{ vertex_credentials = $serviceAccount } -Verbose -Debug
            $vertexAgent = New-StrandsAgent -Model $vertex -Name 'vertex' -SessionPath ([System.IO.Path]::Combine($dir, 'agent-vertex.json'))
            Invoke-StrandsAgent $vertexAgent 'say hello' -Verbose -Debug
            $vertex; $vertexAgent; $vertex | Out-Default; $vertex | Format-List * | Out-String
            # Entra client credentials: created and shown (fetching a token would leave the machine).
            $entra = New-LiteLlmModel 'azure/gpt-4o-sweep' -ApiBase $base -ClientArgs @{ tenant_id = 'sweep-tenant'; client_id = 'sweep-client'; client_secret = $key } -Verbose -Debug
            $entra; $entra | Out-Default; $entra | Format-List * | Out-String
            New-LiteLlmModel 'azure/gpt-4o-sweep' -ApiBase $base -Credential ([pscredential]::new('sweep-client', $secure)) -Params @{ tenant_id = 'sweep-tenant' } -Verbose
            $i = 0
            foreach ($model in $models) {
                $i++
                $agent = New-StrandsAgent -Model $model -Tool $tools -Name "agent$i" -SessionPath ([System.IO.Path]::Combine($dir, "agent$i.json"))
                $model; $agent
                Invoke-StrandsAgent $agent 'say hello' -Verbose -Debug
                Invoke-StrandsAgent $agent 'use the tool please' -Stream -Verbose -Debug
                Get-StrandsUsage -Agent $agent
                $model | Out-Default; $agent | Out-Default
                # Some proxies echo the key they rejected; that text must not reach the user either.
                $fake.Enqueue([Strands.FakeProvider.FakeReply]::ProviderError(401, "Incorrect API key provided: $key. You can find your API key at https://example.invalid."))
                Invoke-StrandsAgent $agent 'after a 401' -Verbose -Debug
                $fake.Enqueue([Strands.FakeProvider.FakeReply]::ProviderError(404, "The model 'no-such-model' does not exist (key $key)."))
                Invoke-StrandsAgent $agent 'with a bad model' -Verbose -Debug
            }
            # A tool call with invalid arguments, answered to the model as an error.
            $fake.Enqueue([Strands.FakeProvider.FakeReply]::ToolCalls([Strands.FakeProvider.FakeToolCall]::new('lookup', '{"id":"not a number"}', 'bad', $null)))
            $fake.Enqueue([Strands.FakeProvider.FakeReply]::Text('sorry'))
            Invoke-StrandsAgent $agent 'bad arguments' -Verbose -Debug
            Get-StrandsUsage
            # Invalid cmdlet arguments next to the key.
            New-LiteLlmModel 'openai/gpt-4o' -ApiKey $key -TimeoutSec -1
            New-LiteLlmModel 'no-such-provider/model' -ApiKey $key -ApiBase $base
            New-LiteLlmModel 'openai/gpt-4o' -ApiKey $key -Params 'not a table'
            Invoke-StrandsAgent $agent 'schema' -OutputSchema 'not a schema'
            $models | Out-Default
            $Error
            """, new Dictionary<string, object?> { ["key"] = Key, ["base"] = _fake.BaseUrl.ToString(), ["dir"] = _dir, ["fake"] = _fake, ["serviceAccount"] = ServiceAccount() });

        // The scenarios really ran and really used the key: otherwise a clean sweep proves nothing.
        Assert.True(result.TerminatingError == null, result.ErrorSummary);
        Assert.Contains(_fake.Requests, r => r.Headers.TryGetValue("Authorization", out var a) && a == "Bearer " + Key);
        Assert.Contains(_fake.Requests, r => r.Headers.TryGetValue("x-api-key", out var a) && a == Key);
        Assert.Contains(_fake.Requests, r => r.Dialect == FakeDialect.Bedrock && r.Headers.TryGetValue("Authorization", out var a) && a == "Bearer " + Key);
        Assert.Equal(11, Directory.GetFiles(_dir, "agent*.json").Length);
        Assert.Contains(_fake.Tokens.Requests, r => r.Path == "/token");
        Assert.Contains(_fake.Requests, r => r.Path.Contains("/publishers/google/models/gemini-2.5-flash", StringComparison.Ordinal));
        Assert.Contains(_fake.Requests, r => r.Headers.TryGetValue("Authorization", out var a) && a == "Bearer " + Key && r.Path.Contains("gpt-4o-sweep", StringComparison.Ordinal));
        Assert.Contains(_fake.Requests, r => r.Dialect == FakeDialect.Bedrock && r.Headers.TryGetValue("x-amz-security-token", out var t) && t == Key);
        Assert.Contains(_fake.Requests, r => r.Dialect == FakeDialect.Bedrock && r.Headers.TryGetValue("Authorization", out var a) && a.StartsWith("AWS4-HMAC-SHA256 Credential=AKIASWEEPTEST/", StringComparison.Ordinal));
        Assert.Contains(result.Output, o => o.TypeNames.Contains("Strands.AgentResult") && o.ToString() == "done");
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("AuthenticationFailed", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("ModelNotFound", StringComparison.Ordinal));
        Assert.NotEmpty(result.Debug);
        Assert.NotEmpty(result.Verbose);
        Assert.Contains("agent1", result.HostOutput);

        var sweep = new Sweep(Key, _privateKeyLine);
        sweep.Text("host output", result.HostOutput);
        foreach (var record in result.Verbose) sweep.Text("verbose", record.Message);
        foreach (var record in result.Debug) sweep.Text("debug", record.Message);
        foreach (var record in result.Warning) sweep.Text("warning", record.Message);
        foreach (var record in result.Information) sweep.Object("information", record);
        foreach (var error in result.Errors) sweep.Error(error);
        var objects = 0;
        foreach (var item in result.Output)
        {
            objects++;
            var where = "output " + item.BaseObject.GetType().Name;
            sweep.Object(where, item);
            if (item.BaseObject is ErrorRecord error) sweep.Error(error);
            sweep.Text(where + " PSSerializer", PSSerializer.Serialize(item, 5));
            sweep.Text(where + " System.Text.Json", TrySystemTextJson(item.BaseObject));
        }
        foreach (var file in Directory.GetFiles(_dir, "*", SearchOption.AllDirectories))
            sweep.Text("file " + Path.GetFileName(file), File.ReadAllText(file));

        Assert.True(objects > 20, "too few output objects to sweep: " + objects);
        Assert.True(sweep.Leaks.Count == 0, "The key leaked:" + Environment.NewLine + string.Join(Environment.NewLine, sweep.Leaks.Distinct().Take(30)));
    }

    // A service-account key: a line of its private key is swept for too; the fake trusts its public half.
    private string ServiceAccount()
    {
        var rsa = System.Security.Cryptography.RSA.Create(2048);
        _fake.Tokens.GoogleServiceAccountKey = rsa;
        _privateKeyLine = rsa.ExportPkcs8PrivateKeyPem().Split('\n')[2];
        return new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = "sweep-project",
            ["private_key_id"] = "sweep-key-id",
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = "sweep@sweep-project.iam.gserviceaccount.com",
            ["token_uri"] = _fake.BaseUrl.ToString().TrimEnd('/') + "/token",
        }.ToJsonString();
    }

    [Fact]
    public void The_sweep_finds_a_key_hidden_in_a_nested_property()
    {
        var sweep = new Sweep(Key);
        sweep.Object("planted", new { Outer = new { Items = new object[] { 1, new Hashtable { ["auth"] = "Bearer sk-test-SECRET-01234" } } } });
        Assert.Single(sweep.Leaks);
    }

    private static string TrySystemTextJson(object value)
    {
        try
        {
            return JsonSerializer.Serialize(value, value.GetType(), new JsonSerializerOptions { ReferenceHandler = ReferenceHandler.IgnoreCycles, MaxDepth = 32 });
        }
        catch (Exception ex)
        {
            // Not every object serializes; its error message must not carry the key either.
            return ex.ToString();
        }
    }

    /// <summary>Searches text and object graphs (bounded) for the key or any 10-character piece of it.</summary>
    private sealed class Sweep(params string[] keys)
    {
        private const int Piece = 10;
        private const int MaxDepth = 6;
        private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);

        public List<string> Leaks { get; } = new();

        public void Text(string where, string? text)
        {
            if (string.IsNullOrEmpty(text)) return;
            foreach (var key in keys)
            {
                for (var i = 0; i + Piece <= key.Length; i++)
                {
                    var at = text.IndexOf(key.Substring(i, Piece), StringComparison.Ordinal);
                    if (at < 0) continue;
                    Leaks.Add($"{where}: …{text.Substring(Math.Max(0, at - 60), Math.Min(text.Length - Math.Max(0, at - 60), 120 + Piece))}…");
                    return;
                }
            }
        }

        public void Error(ErrorRecord error)
        {
            var where = "error " + error.FullyQualifiedErrorId;
            Text(where, error.ToString());
            Text(where + " exception", error.Exception?.ToString());
            Text(where + " details", error.ErrorDetails?.Message);
            Text(where + " recommended action", error.ErrorDetails?.RecommendedAction);
            Text(where + " category", error.CategoryInfo.ToString());
            Object(where + " target", error.TargetObject);
            Object(where + " exception data", error.Exception?.Data);
        }

        public void Object(string where, object? value, int depth = 0)
        {
            if (value == null || depth > MaxDepth || _seen.Count > 200_000) return;
            if (value is PSObject pso && pso.BaseObject is not PSCustomObject && depth > 0) value = pso.BaseObject;
            switch (value)
            {
                case string s: Text(where, s); return;
                case JsonElement json: Text(where, json.ValueKind == JsonValueKind.Undefined ? null : json.GetRawText()); return;
                case JsonDocument doc: Text(where, doc.RootElement.GetRawText()); return;
                case System.Security.SecureString: return; // a container for the key by design; it has no text to show
                case Type or System.Reflection.MemberInfo or System.Reflection.Assembly or Delegate or ScriptBlock or System.Management.Automation.Runspaces.Runspace or SessionState or CommandInfo: return;
            }
            var type = value.GetType();
            if (type.IsPrimitive || type.IsEnum || value is decimal or DateTime or DateTimeOffset or TimeSpan or Guid or Uri) { Text(where, value.ToString()); return; }
            if (!type.IsValueType && !_seen.Add(value)) return;

            try { Text(where + ".ToString()", value.ToString()); }
            catch (Exception ex) { Text(where + ".ToString() error", ex.Message); }

            if (value is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    Object(where + "[key]", entry.Key, depth + 1);
                    Object($"{where}[{entry.Key}]", entry.Value, depth + 1);
                }
                return;
            }
            if (value is IEnumerable items && value is not PSObject)
            {
                var i = 0;
                foreach (var item in items)
                {
                    if (i++ >= 200) break;
                    Object($"{where}[{i}]", item, depth + 1);
                }
            }

            foreach (var property in PSObject.AsPSObject(value).Properties)
            {
                object? propertyValue;
                try { propertyValue = property.Value; }
                catch (Exception ex) { Text($"{where}.{property.Name} error", ex.Message); continue; }
                Object($"{where}.{property.Name}", propertyValue, depth + 1);
            }
        }
    }
}
