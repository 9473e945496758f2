using System.Diagnostics;
using System.Management.Automation.Host;
using Xunit;

namespace Strands.Tests.Hosting
{
    /// <summary>The host captures what PowerShell shows a user and never waits for one.</summary>
    public sealed class TestHostTests : IDisposable
    {
        private readonly PowerShellSession _session = PowerShellSession.Open(importModule: false);

        public void Dispose() => _session.Dispose();

        [Fact]
        public void Host_writes_are_captured_without_ANSI_codes()
        {
            var result = _session.Invoke("""
                $host.UI.WriteLine("$([char]27)[31mred$([char]27)[0m")
                $host.UI.WriteErrorLine('an error')
                $host.UI.WriteVerboseLine('a verbose')
                $host.UI.WriteWarningLine('a warning')
                'to the default output' | Out-Default
                """);

            Assert.False(result.HadErrors, result.ErrorSummary);
            Assert.Equal("red\nan error\nVERBOSE: a verbose\nWARNING: a warning\nto the default output\n", result.HostOutput);
            Assert.Equal(result.HostOutput, _session.Host.Output);
        }

        [Fact]
        public void Clear_forgets_earlier_output()
        {
            _session.Invoke("$host.UI.WriteLine('old')");

            _session.Host.Clear();
            _session.Invoke("$host.UI.WriteLine('new')");

            Assert.Equal("new\n", _session.Host.Output);
        }

        [Fact]
        public void PromptForChoice_answers_the_default_choice()
        {
            var result = _session.Invoke("""
                $choices = [System.Management.Automation.Host.ChoiceDescription[]]@('&Yes', '&No')
                $host.UI.PromptForChoice('Confirm', 'Really?', $choices, 1)
                """);

            Assert.Equal(1, Assert.Single(result.Output).BaseObject);
        }

        [Theory]
        [InlineData("$host.UI.ReadLine()")]
        [InlineData("$host.UI.PromptForCredential('c', 'm', 'user', 'target')")]
        [InlineData("$host.UI.PromptForChoice('c', 'm', [System.Management.Automation.Host.ChoiceDescription[]]@('&Yes'), -1)")]
        public void Input_requests_fail_at_once(string script)
        {
            var clock = Stopwatch.StartNew();
            var result = _session.Invoke(script);

            // A failing .NET method call ends the statement, not the script: the error is non-terminating.
            var error = Assert.Single(result.Errors);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
            Assert.IsType<HostException>(error.Exception.InnerException);
            Assert.Contains("non-interactive", error.Exception.Message);
        }
    }
}
