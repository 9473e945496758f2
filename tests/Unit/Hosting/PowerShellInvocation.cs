using System.Diagnostics;
using System.Management.Automation;

namespace Strands.Tests.Hosting
{
    /// <summary>A running pipeline of a <see cref="PowerShellSession"/>: watch it, wait for it, or stop it.</summary>
    public sealed class PowerShellInvocation : IDisposable
    {
        private readonly IAsyncResult _pending;
        private readonly int _hostMark;
        private readonly Func<int, string> _hostOutputSince;
        private PowerShellResult? _result;

        internal PowerShellInvocation(PowerShell ps, int hostMark, Func<int, string> hostOutputSince)
        {
            PowerShell = ps;
            _hostMark = hostMark;
            _hostOutputSince = hostOutputSince;
            Output = new PSDataCollection<PSObject>();
            _pending = ps.BeginInvoke<PSObject, PSObject>(null, Output);
        }

        /// <summary>The pipeline, for assertions on its state or streams while it runs.</summary>
        public PowerShell PowerShell { get; }

        /// <summary>The success stream, filled as the pipeline writes.</summary>
        public PSDataCollection<PSObject> Output { get; }

        /// <summary>True once the pipeline has finished, failed or been stopped.</summary>
        public bool IsCompleted => _pending.IsCompleted;

        /// <summary>Stops the pipeline as Ctrl+C would (<see cref="PowerShell.Stop"/>) and returns how long that call blocked.</summary>
        public TimeSpan Stop()
        {
            var clock = Stopwatch.StartNew();
            PowerShell.Stop();
            return clock.Elapsed;
        }

        /// <summary>
        /// Waits for the pipeline to end and collects what it produced. A stopped pipeline ends with a
        /// <see cref="PipelineStoppedException"/> in <see cref="PowerShellResult.TerminatingError"/>.
        /// </summary>
        /// <exception cref="TimeoutException">The pipeline is still running after <paramref name="timeout"/>.</exception>
        public PowerShellResult Wait(TimeSpan timeout)
        {
            if (_result != null)
            {
                return _result;
            }

            if (!_pending.AsyncWaitHandle.WaitOne(timeout))
            {
                throw new TimeoutException("The pipeline was still running after " + timeout + ".");
            }

            ErrorRecord? terminating = null;
            try
            {
                PowerShell.EndInvoke(_pending);
            }
            catch (RuntimeException ex)
            {
                terminating = PowerShellResult.TerminatingErrorOf(ex);
            }

            _result = new PowerShellResult(new(Output.ToList()), PowerShell.Streams, PowerShell.HadErrors, terminating, _hostOutputSince(_hostMark));
            return _result;
        }

        /// <summary>Stops the pipeline if it still runs, then releases it.</summary>
        public void Dispose()
        {
            if (!_pending.IsCompleted)
            {
                PowerShell.Stop();
            }

            PowerShell.Dispose();
            Output.Dispose();
        }
    }
}
