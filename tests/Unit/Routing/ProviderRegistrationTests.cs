using Strands.Models;
using Strands.Models.Routing;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Routing;

/// <summary>The registrations are the one list of providers: every entry routes and builds its adapter.</summary>
public class ProviderRegistrationTests
{
    public static TheoryData<string> Providers()
    {
        var names = new TheoryData<string>();
        foreach (var name in ProviderTable.Names) names.Add(name);
        return names;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_registered_provider_routes_and_builds_an_adapter_for_itself(string provider)
    {
        var settings = new ModelSettings($"{provider}/some-model") { ApiKey = ApiKey.FromPlainText("test-key-123456"), ApiBase = "http://127.0.0.1:9/base" };

        // What a provider needs beyond key and base (Vertex AI's project) comes from its variable.
        var (model, route) = ModelFactory.Create(settings, name => name == "VERTEXAI_PROJECT" ? "test-project" : null);

        Assert.Equal(provider, route.Provider.Name);
        Assert.Equal(provider, model.Provider);
        Assert.Equal("some-model", model.ModelName);
        Assert.StartsWith("http://127.0.0.1:9/base", Assert.IsAssignableFrom<HttpModel>(model).Endpoint.ToString());
    }

    [Fact]
    public void Each_prefix_belongs_to_exactly_one_registration()
    {
        var prefixes = ProviderTable.Registrations.SelectMany(r => r.Providers).Select(p => p.Name.ToLowerInvariant()).ToList();

        Assert.Equal(prefixes.Distinct().Count(), prefixes.Count);
        Assert.Equal(ProviderTable.All.Count, prefixes.Count);
        Assert.All(ProviderTable.All, p => Assert.Contains(p, ProviderTable.RegistrationOf(p).Providers));
    }

    [Theory]
    [InlineData("claude-sonnet-4-5", "anthropic")]
    [InlineData("gpt-4o", "openai")]
    [InlineData("o3-mini", "openai")]
    public void A_bare_name_goes_to_the_one_registration_that_owns_it(string modelId, string provider)
    {
        var owners = ProviderTable.Registrations.Where(r => r.OwnsBareModelName(modelId)).ToList();

        Assert.Equal(provider, Assert.Single(owners).Providers[0].Name);
    }

    [Fact]
    public void Every_registration_names_where_replay_finds_its_tools_and_tool_results()
    {
        Assert.All(ProviderTable.Registrations, r =>
        {
            Assert.False(string.IsNullOrEmpty(r.ReplayShape.ToolsArray));
            Assert.True(r.ReplayShape.ToolResult.Parent != null || r.ReplayShape.ToolResult.Discriminator != null,
                $"{r.GetType().Name} would skip every '{r.ReplayShape.ToolResult.Member}' member");
        });
    }
}
