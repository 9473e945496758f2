using Xunit;

namespace Strands.Tests.Hosting
{
    /// <summary>
    /// Test classes marked <c>[Collection(PowerShellCollection.Name)]</c> share one <see cref="PowerShellFixture"/>
    /// and therefore run one after another, as a single runspace requires.
    /// </summary>
    [CollectionDefinition(Name)]
    public sealed class PowerShellCollection : ICollectionFixture<PowerShellFixture>
    {
        /// <summary>The collection name to put in <c>[Collection(...)]</c>.</summary>
        public const string Name = "PowerShell session";
    }
}
