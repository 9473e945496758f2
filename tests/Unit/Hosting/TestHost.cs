using System.Globalization;
using System.Management.Automation.Host;

namespace Strands.Tests.Hosting
{
    /// <summary>
    /// A non-interactive PowerShell host for tests. Without a host, Out-Default, error views and
    /// <c>$host.UI.WriteLine</c> go nowhere; this one keeps them in <see cref="UI"/> so a test can read them.
    /// </summary>
    public sealed class TestHost : PSHost
    {
        private readonly Guid _instanceId = Guid.NewGuid();
        private readonly TestHostUserInterface _ui = new();

        /// <summary>Everything written to the host so far, ANSI escapes removed.</summary>
        public string Output => _ui.Output;

        /// <summary>Forgets what was written so far, so a test sees only its own output.</summary>
        public void Clear() => _ui.Clear();

        /// <inheritdoc/>
        public override string Name => "StrandsTestHost";

        /// <inheritdoc/>
        public override Version Version { get; } = new(1, 0);

        /// <inheritdoc/>
        public override Guid InstanceId => _instanceId;

        /// <inheritdoc/>
        public override PSHostUserInterface UI => _ui;

        /// <summary>The capturing user interface, typed, for tests that need more than <see cref="Output"/>.</summary>
        public TestHostUserInterface CapturingUI => _ui;

        // Fixed cultures keep formatted numbers and dates identical on every machine.
        /// <inheritdoc/>
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

        /// <inheritdoc/>
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

        /// <inheritdoc/>
        public override void EnterNestedPrompt() =>
            throw new HostException("Nested prompts are not supported: this is a non-interactive test host.");

        /// <inheritdoc/>
        public override void ExitNestedPrompt() =>
            throw new HostException("Nested prompts are not supported: this is a non-interactive test host.");

        /// <inheritdoc/>
        public override void NotifyBeginApplication()
        {
        }

        /// <inheritdoc/>
        public override void NotifyEndApplication()
        {
        }

        /// <summary>The code passed to the last <c>exit</c>, or null if the script never exited.</summary>
        public int? ExitCode { get; private set; }

        // A hosted `exit` lands here; recording it lets a test assert the code instead of the process ending.
        /// <inheritdoc/>
        public override void SetShouldExit(int exitCode) => ExitCode = exitCode;
    }
}
