using System.Management.Automation;
using Xunit;

namespace Strands.Tests.Hosting
{
    /// <summary>The session on its own, with plain PowerShell: it must work before any cmdlet of ours exists.</summary>
    public sealed class PowerShellSessionTests : IDisposable
    {
        private readonly PowerShellSession _session = PowerShellSession.Open(importModule: false);

        public void Dispose() => _session.Dispose();

        [Fact]
        public void Invoke_passes_variables_and_returns_output()
        {
            var result = _session.Invoke("$Left * $Right", new Dictionary<string, object?> { ["Left"] = 6, ["Right"] = 7 });

            Assert.False(result.HadErrors, result.ErrorSummary);
            Assert.Equal(42, Assert.Single(result.Output).BaseObject);
        }

        [Fact]
        public void Invoke_separates_every_stream()
        {
            var result = _session.Invoke("""
                function Write-All {
                    [CmdletBinding()] param()
                    $PSCmdlet.WriteVerbose('v'); $PSCmdlet.WriteWarning('w'); $PSCmdlet.WriteDebug('d')
                    $PSCmdlet.WriteInformation('i', @('tag'))
                    $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new([Exception]::new('e'), 'SomeError', 'NotSpecified', $null))
                    'out'
                }
                Write-All -Verbose -Debug
                """);

            Assert.Equal("out", Assert.Single(result.Output).BaseObject);
            Assert.Equal("v", Assert.Single(result.Verbose).Message);
            Assert.Equal("w", Assert.Single(result.Warning).Message);
            Assert.Equal("d", Assert.Single(result.Debug).Message);
            Assert.Equal("i", Assert.Single(result.Information).MessageData);
            Assert.Equal("SomeError,Write-All", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.True(result.HadErrors);
            Assert.Null(result.TerminatingError);
        }

        [Fact]
        public void A_terminating_error_is_returned_not_thrown()
        {
            var result = _session.Invoke("'before'; throw 'boom'");

            Assert.True(result.HadErrors);
            Assert.Equal("boom", result.TerminatingError?.Exception.Message);
            Assert.Contains("boom", result.ErrorSummary);
            Assert.Throws<InvalidOperationException>(() => result.ThrowIfErrors());
        }

        [Fact]
        public void Stop_ends_a_running_pipeline_within_a_second()
        {
            using var invocation = _session.BeginInvoke("'started'; while ($true) { [System.Threading.Thread]::Sleep(20) }");
            Assert.True(SpinWait.SpinUntil(() => invocation.Output.Count > 0, TimeSpan.FromSeconds(10)), "the pipeline never started");

            var blocked = invocation.Stop();
            var result = invocation.Wait(TimeSpan.FromSeconds(5));

            Assert.True(blocked < TimeSpan.FromSeconds(1), "Stop() blocked for " + blocked);
            Assert.Equal(PSInvocationState.Stopped, invocation.PowerShell.InvocationStateInfo.State);
            Assert.IsType<PipelineStoppedException>(result.TerminatingError?.Exception);
            Assert.Equal("started", Assert.Single(result.Output).BaseObject);
        }

        [Fact]
        public void The_session_is_usable_again_after_a_stop()
        {
            using (var invocation = _session.BeginInvoke("while ($true) { [System.Threading.Thread]::Sleep(20) }"))
            {
                Assert.True(SpinWait.SpinUntil(() => invocation.PowerShell.InvocationStateInfo.State == PSInvocationState.Running, TimeSpan.FromSeconds(10)));
                invocation.Stop();
                invocation.Wait(TimeSpan.FromSeconds(5));
            }

            Assert.Equal(2, _session.Invoke("1 + 1").ThrowIfErrors().Output.Single().BaseObject);
        }
    }
}
