using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Strands.Telemetry;

namespace Strands.PowerShell.Hosting
{
    /// <summary>
    /// The running Invoke-StrandsAgent call, visible to tools through an AsyncLocal: tools are
    /// built once with the agent but must run on the pipeline thread of whichever cmdlet call is
    /// using the agent now (the core's task inherits the AsyncLocal from the cmdlet that started it).
    /// </summary>
    internal sealed class InvocationContext
    {
        private static readonly AsyncLocal<InvocationContext?> CurrentSlot = new();
        private readonly object _gate = new();
        private System.Management.Automation.PowerShell? _running;
        private ScriptBlock? _toolWrapper;
        private readonly List<(string ModelId, InvocationMetrics Metrics)> _nested = new();
        private bool _stopped;

        public InvocationContext(PSCmdlet cmdlet, PipelinePump pump)
        {
            Cmdlet = cmdlet;
            Pump = pump;
        }

        /// <summary>The context of the current logical call, or null outside Invoke-StrandsAgent.</summary>
        public static InvocationContext? Current
        {
            get => CurrentSlot.Value;
            set => CurrentSlot.Value = value;
        }

        /// <summary>
        /// Starts <paramref name="run"/> (the agent loop) on the thread pool with this context as
        /// <see cref="Current"/>, which the loop's task inherits: tools find their invocation through it.
        /// </summary>
        public Task<T> Start<T>(Func<Task<T>> run)
        {
            Current = this;
            try
            {
                return Task.Run(run);
            }
            finally
            {
                Current = null;
            }
        }

        public PSCmdlet Cmdlet { get; }

        public PipelinePump Pump { get; }

        /// <summary>
        /// Set by Enter-StrandsChat: entered around every question the host asks the user (confirmation),
        /// so the chat's Ctrl+C watcher and the host never read the same keys. Null elsewhere.
        /// </summary>
        public IHostPromptGuard? PromptGuard { get; set; }

        /// <summary>The call's observer, which knows whether streamed text left a line open.</summary>
        public CmdletObserver? Observer { get; set; }

        /// <summary>Ends an open streamed-text line before user code (a hook, a tool, a prompt) writes to the host; pipeline thread only.</summary>
        public void EndHostLine() => Observer?.EndHostLine();

        /// <summary>Tracks the nested pipeline a tool runs in, so Ctrl+C can stop it.</summary>
        public void SetRunning(System.Management.Automation.PowerShell? ps)
        {
            bool stopped;
            lock (_gate)
            {
                _running = ps;
                stopped = _stopped;
            }
            // Outside the lock: stopping a pipeline runs its commands' StopProcessing (a nested
            // Invoke-StrandsAgent takes its own context's lock there).
            if (ps != null && stopped) ps.BeginStop(null, null);
        }

        /// <summary>ToolRunner's wrapper script, created once per call; pipeline thread only.</summary>
        public ScriptBlock ToolWrapper => _toolWrapper ??= ScriptBlock.Create(Tools.ToolRunner.WrapperScript);

        /// <summary>Records the metrics of an agent that ran as a tool inside this call.</summary>
        public void AddNested(string modelId, InvocationMetrics metrics)
        {
            lock (_gate) _nested.Add((modelId, metrics));
        }

        /// <summary>The sub-agent runs recorded so far, for rolling their usage into the caller's.</summary>
        public IReadOnlyList<(string ModelId, InvocationMetrics Metrics)> Nested
        {
            get { lock (_gate) return _nested.ToArray(); }
        }

        /// <summary>Called from StopProcessing (another thread): stops a running tool's pipeline.</summary>
        public void Stop()
        {
            System.Management.Automation.PowerShell? running;
            lock (_gate)
            {
                _stopped = true;
                running = _running;
            }
            // Whichever of Stop and SetRunning comes second sees the other's write and stops the pipeline.
            running?.BeginStop(null, null);
        }

    }
}
