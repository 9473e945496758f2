using System;
using System.Threading;

namespace Strands.PowerShell.Chat
{
    /// <summary>
    /// Turns Ctrl+C into "stop this answer" while a chat turn runs. Normally Ctrl+C makes the host
    /// stop the whole pipeline, which would end Enter-StrandsChat itself, and a stopped pipeline
    /// cannot be resumed. So for the turn Ctrl+C is read as a key (Console.TreatControlCAsInput) by
    /// a thread of its own: the pipeline thread may be busy running a tool, and the tool must be
    /// stoppable. Other keys typed during an answer are dropped. While the host asks a question
    /// (a confirmation prompt) the watcher is paused, so the two never read the same keys.
    /// </summary>
    internal sealed class CancelKeyWatcher : IDisposable
    {
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);
        private readonly object _gate = new();
        private readonly Action _onCancel;
        private readonly bool _previousTreatControlC;
        private readonly Thread _thread;
        private readonly ManualResetEventSlim _done = new(false);
        private int _paused;

        private CancelKeyWatcher(Action onCancel)
        {
            _onCancel = onCancel;
            _previousTreatControlC = Console.TreatControlCAsInput;
            Console.TreatControlCAsInput = true;
            _thread = new Thread(Watch) { IsBackground = true, Name = "Strands chat Ctrl+C" };
            _thread.Start();
        }

        /// <summary>Starts watching, or returns null when there is no console keyboard to watch (input redirected).</summary>
        public static CancelKeyWatcher? Start(Action onCancel)
        {
            try
            {
                return Console.IsInputRedirected ? null : new CancelKeyWatcher(onCancel);
            }
            catch (Exception ex) when (ex is System.IO.IOException or InvalidOperationException or PlatformNotSupportedException)
            {
                return null;
            }
        }

        /// <summary>Stops reading keys until the result is disposed (nested pauses count).</summary>
        public IDisposable Pause()
        {
            // Taken under the gate: once this returns, no read of the watcher is under way.
            lock (_gate) _paused++;
            return new Resume(this);
        }

        public void Dispose()
        {
            _done.Set();
            _thread.Join(TimeSpan.FromSeconds(1));
            try { Console.TreatControlCAsInput = _previousTreatControlC; }
            catch (Exception ex) when (ex is System.IO.IOException or InvalidOperationException) { }
        }

        private void Watch()
        {
            while (!_done.Wait(Poll))
            {
                ConsoleKeyInfo? key = null;
                try
                {
                    // Only a key already waiting is read, so the read never blocks and the gate is held briefly.
                    lock (_gate)
                        if (_paused == 0 && Console.KeyAvailable) key = Console.ReadKey(intercept: true);
                }
                catch (Exception ex) when (ex is System.IO.IOException or InvalidOperationException)
                {
                    return;
                }
                if (key is { } k && k.Key == ConsoleKey.C && (k.Modifiers & ConsoleModifiers.Control) != 0) _onCancel();
            }
        }

        private sealed class Resume : IDisposable
        {
            private CancelKeyWatcher? _watcher;

            public Resume(CancelKeyWatcher watcher) => _watcher = watcher;

            public void Dispose()
            {
                var watcher = Interlocked.Exchange(ref _watcher, null);
                if (watcher != null) lock (watcher._gate) watcher._paused--;
            }
        }
    }
}
