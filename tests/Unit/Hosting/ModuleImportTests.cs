using Xunit;

namespace Strands.Tests.Hosting
{
    /// <summary>The shared fixture imports the module from the one assembled folder.</summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class ModuleImportTests(PowerShellFixture fixture)
    {
        [Fact]
        public void The_module_is_imported_from_out_Strands()
        {
            var result = fixture.Session.Invoke("Get-Module Strands");

            var module = Assert.IsType<System.Management.Automation.PSModuleInfo>(Assert.Single(result.Output).BaseObject);
            Assert.Equal(Path.GetDirectoryName(RepoPaths.ModuleManifest), module.ModuleBase);
        }
    }
}
