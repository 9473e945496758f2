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
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
        Justification = "The event's wait handle is never created (only Wait/Set are used), so there is nothing to release.")]
    internal sealed class PipelinePump
    {
        private static readonly Action<object?> RunAction = state => ((Action)state!)();

        // A handler and its state per item, so the hot posts (one per streamed text delta) pass an
        // object the core already made to a delegate made once. A concurrent queue and an event keep
        // each post and each wait free of allocations.
        private readonly ConcurrentQueue<(Action<object?> Handler, object? State)> _work = new();
        private readonly ManualResetEventSlim _ready = new(false);
        private readonly int _pipelineThreadId = Environment.CurrentManagedThreadId;
        private volatile bool _finished;

        /// <summary>True on the thread that created the pump (the pipeline thread).</summary>
        public bool OnPipelineThread => Environment.CurrentManagedThreadId == _pipelineThreadId;

        /// <summary>Queues an action for the pipeline thread (fire and forget: writes, progress).</summary>
        public void Post(Action action) => Post(RunAction, action);

        /// <summary>Queues <paramref name="handler"/>(<paramref name="state"/>) for the pipeline thread.</summary>
        public void Post(Action<object?> handler, object? state)
        {
            if (OnPipelineThread) { handler(state); return; }
            // The pump finished: late diagnostics are dropped.
            if (_finished) return;
            _work.Enqueue((handler, state));
            _ready.Set();
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
            task.ContinueWith(_ =>
            {
                _finished = true;
                _ready.Set();
            }, TaskScheduler.Default);
            try
            {
                while (true)
                {
                    // Ctrl+C ends the wait at once, however much is still queued.
                    while (!stop.IsCancellationRequested && _work.TryDequeue(out var item)) item.Handler(item.State);
                    stop.ThrowIfCancellationRequested();
                    // Work posted before the task ended is queued before _finished is set: drained above.
                    if (_finished && _work.IsEmpty) break;
                    // Reset, then look again: a post between the drain and the reset set the event
                    // after its item was queued, and the check below sees that item.
                    _ready.Reset();
                    if (!_work.IsEmpty || _finished) continue;
                    _ready.Wait(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw new System.Management.Automation.PipelineStoppedException();
            }
            return task.GetAwaiter().GetResult();
        }
    }
}
