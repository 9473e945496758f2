using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Strands.Agent;
using Strands.PowerShell.Hosting;
using Strands.PowerShell.Internal;
using Strands.Types;

namespace Strands.PowerShell.Chat
{
    /// <summary>
    /// One question and its answer, run as Invoke-StrandsAgent runs an invocation (the loop beside the
    /// pipeline thread, the pump writing and running tools on it), except that Ctrl+C cancels only
    /// this turn: the loop repairs the conversation and the chat goes on.
    /// </summary>
    internal sealed class ChatTurn : IHostPromptGuard
    {
        // How long a cancelled turn may take to unwind (answer dangling tool calls) before the prompt returns.
        private static readonly TimeSpan Unwind = TimeSpan.FromMilliseconds(800);
        private readonly PSCmdlet _cmdlet;
        private readonly StrandsAgent _agent;
        private readonly ChatConsole _console;
        private ChatObserver? _observer;
        private CancelKeyWatcher? _watcher;

        public ChatTurn(PSCmdlet cmdlet, StrandsAgent agent, ChatConsole console)
        {
            _cmdlet = cmdlet;
            _agent = agent;
            _console = console;
        }

        /// <summary>Runs the turn to its end, its failure (written as an error) or Ctrl+C.</summary>
        public void Run(string prompt)
        {
            using var cancel = new CancellationTokenSource();
            var pump = new PipelinePump();
            var context = new InvocationContext(_cmdlet, pump) { PromptGuard = this };
            var observer = _observer = new ChatObserver(pump, _console);
            var redactor = new KeyRedactor(_agent.Model);

            var task = context.Start(() => _agent.Core.InvokeAsync(prompt, observer, cancellationToken: cancel.Token));

            _watcher = CancelKeyWatcher.Start(() =>
            {
                // Cancel first: a tool whose pipeline is stopped next must already see its token cancelled.
                try { cancel.Cancel(); }
                catch (ObjectDisposedException) { }
                context.Stop();
            });
            try
            {
                var result = pump.Run(task, cancel.Token);
                observer.Complete();
                InvocationUsage.Record(_agent, context, result);
            }
            catch (PipelineStoppedException) when (cancel.IsCancellationRequested && !_cmdlet.Stopping)
            {
                // The pump let go at once; give the loop a moment to answer dangling tool calls.
                try { task.Wait(Unwind); }
                catch (AggregateException) { }
                observer.Stopped();
            }
            catch (StrandsException ex)
            {
                observer.Complete();
                _cmdlet.WriteError(ErrorRecords.From(redactor.Redact(ex), _agent));
            }
            finally
            {
                _watcher?.Dispose();
                _watcher = null;
                _observer = null;
            }
        }

        IDisposable IHostPromptGuard.Prompting()
        {
            // The question starts on a line of its own, and the watcher must not eat its answer.
            _observer?.Complete();
            return _watcher?.Pause() ?? NoPause.Instance;
        }

        private sealed class NoPause : IDisposable
        {
            public static readonly NoPause Instance = new();
            public void Dispose() { }
        }
    }
}
