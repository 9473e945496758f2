namespace Strands.Tests.Hosting
{
    /// <summary>
    /// Shares one module-importing <see cref="PowerShellSession"/> across the tests of a class
    /// (<c>IClassFixture&lt;PowerShellFixture&gt;</c>) or of the <see cref="PowerShellCollection"/>.
    /// Opening is deferred to the first use of <see cref="Session"/>, so a module that fails to import
    /// fails the tests that need it with the import error, not the construction of the class.
    /// </summary>
    public sealed class PowerShellFixture : IDisposable
    {
        private readonly Lazy<PowerShellSession> _session = new(() => PowerShellSession.Open(importModule: true));

        /// <summary>The shared session; state (variables, functions) carries over between the tests that use it.</summary>
        public PowerShellSession Session => _session.Value;

        /// <inheritdoc/>
        public void Dispose()
        {
            if (_session.IsValueCreated)
            {
                _session.Value.Dispose();
            }
        }
    }
}
