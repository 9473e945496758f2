using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Strands.PowerShell.Hosting
{
    /// <summary>
    /// Runs work on the cmdlet's pipeline thread while the core runs beside it. PowerShell allows
    /// WriteObject/WriteError/WriteProgress/ShouldProcess and script-block invocation only on that
    /// thread (a script block invoked from a pool thread silently corrupts the runspace), so the
    /// core's task posts those as work items and the pipeline thread drains them until the task ends.
    /// </summary>
    internal sealed class PipelinePump
    {
        private readonly BlockingCollection<Action> _work = new(new ConcurrentQueue<Action>());
        private readonly int _pipelineThreadId = Environment.CurrentManagedThreadId;

        /// <summary>True on the thread that created the pump (the pipeline thread).</summary>
        public bool OnPipelineThread => Environment.CurrentManagedThreadId == _pipelineThreadId;

        /// <summary>Queues an action for the pipeline thread (fire and forget: writes, progress).</summary>
        public void Post(Action action)
        {
            if (OnPipelineThread) { action(); return; }
            try { _work.Add(action); }
            catch (InvalidOperationException) { /* the pump finished: late diagnostics are dropped */ }
        }

        /// <summary>Runs <paramref name="func"/> on the pipeline thread and completes with its result or exception.</summary>
        public Task<T> InvokeAsync<T>(Func<T> func, CancellationToken cancellationToken)
        {
            if (OnPipelineThread)
            {
                try { return Task.FromResult(func()); }
                catch (Exception ex) { return Task.FromException<T>(ex); }
            }
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            var registration = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
            Post(() =>
            {
                registration.Dispose();
                if (done.Task.IsCompleted) return;
                try { done.TrySetResult(func()); }
                catch (Exception ex) { done.TrySetException(ex); }
            });
            return done.Task;
        }

        /// <summary>
        /// Drains work on the pipeline thread until <paramref name="task"/> completes, then returns
        /// its result (or rethrows its exception). <paramref name="stop"/> (StopProcessing) ends the
        /// wait at once; the caller's token cancels the task itself.
        /// </summary>
        public T Run<T>(Task<T> task, CancellationToken stop)
        {
            task.ContinueWith(_ => _work.CompleteAdding(), TaskScheduler.Default);
            try
            {
                foreach (var action in _work.GetConsumingEnumerable(stop)) action();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw new System.Management.Automation.PipelineStoppedException();
            }
            return task.GetAwaiter().GetResult();
        }
    }
}
