using System.Reflection;
using System.Reflection.Emit;
using Strands.FakeProvider;
using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Cmdlets;

/// <summary>
/// Dependency isolation on PowerShell 7, in a real pwsh process, because this test
/// process already has Strands.Core and its dependencies in its default load context: another
/// module's AWSSDK.Core 1.0 is loaded first, then a Bedrock call (the only path that needs
/// AWSSDK.Core, for SigV4) still works with the module's own copy in its private context.
/// </summary>
public sealed class IsolationTests
{
    [Fact]
    public async Task A_conflicting_dependency_loaded_first_does_not_break_the_module()
    {
        var folder = Directory.CreateTempSubdirectory("strands-isolation-").FullName;
        try
        {
            var conflict = Path.Combine(folder, "AWSSDK.Core.dll");
            WriteConflictingAssembly(conflict, "AWSSDK.Core", new Version(1, 0, 0, 0));
            var script = Path.Combine(folder, "isolation.ps1");
            File.WriteAllText(script, """
                $other = [System.Reflection.Assembly]::LoadFrom($env:STRANDS_CONFLICT_DLL)
                "conflict loaded: $($other.GetName().Version) in $([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($other).Name)"
                Import-Module $env:STRANDS_MODULE -ErrorAction Stop
                $model = New-LiteLlmModel 'bedrock/anthropic.claude-3-haiku-20240307-v1:0' -ApiBase $env:STRANDS_FAKE_BASE
                $answer = Invoke-StrandsAgent (New-StrandsAgent $model) 'hi' 6>$null
                "answer: $answer"
                [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'AWSSDK.Core', 'Strands.Core' } | ForEach-Object {
                    "loaded: $($_.GetName().Name) $($_.GetName().Version) in $([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name)"
                }
                """);

            await using var fake = await FakeProviderServer.StartAsync();
            fake.Enqueue(FakeReply.Text("isolated"));
            var (exitCode, output, error) = RunHost(script, new Dictionary<string, string>
            {
                ["STRANDS_CONFLICT_DLL"] = conflict,
                ["STRANDS_MODULE"] = RepoPaths.ModuleManifest,
                ["STRANDS_FAKE_BASE"] = fake.BaseUrl.ToString(),
                ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
                ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                ["AWS_REGION"] = "us-east-1",
            });

            Assert.True(exitCode == 0, $"exit code {exitCode}; stderr: {error}; stdout: {output}");
            Assert.Contains("conflict loaded: 1.0.0.0 in Default", output);
            Assert.Contains("answer: isolated", output);
            Assert.Matches(@"loaded: AWSSDK\.Core 4\.[0-9.]+ in Strands", output);
            Assert.Contains("loaded: Strands.Core", output);
            Assert.Matches(@"loaded: Strands\.Core [0-9.]+ in Strands", output);
            Assert.StartsWith("AWS4-HMAC-SHA256", fake.LastRequest.Headers["Authorization"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Stands in for another module's older copy: same simple name, lower version, other contents.
    private static void WriteConflictingAssembly(string path, string name, Version version)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName(name) { Version = version }, typeof(object).Assembly);
        builder.DefineDynamicModule(name).DefineType("OtherModule.Marker", TypeAttributes.Public | TypeAttributes.Class).CreateType();
        builder.Save(path);
    }

    private static (int ExitCode, string Out, string Err) RunHost(string script, IDictionary<string, string> environment) =>
        PwshProcess.RunFile(script, [], new[] { "AWS_BEARER_TOKEN_BEDROCK", "AWS_PROFILE", "AWS_SESSION_TOKEN", "USE_LITELLM_PROXY" }, environment);
}
