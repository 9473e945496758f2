using System.Diagnostics;
using Strands.Agent;
using Strands.SessionCrashProbe;
using Strands.Tests.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace Strands.Tests.Core;

/// <summary>
/// Kills a process that is saving a session, at random moments, again and again: the file must
/// always load and hold a state the process completed (or the one it was completing). 50 kills by
/// default; set STRANDS_SESSION_CRASH_KILLS (e.g. 2000) for a long run, STRANDS_SESSION_CRASH_SEED
/// to replay one.
/// </summary>
public sealed class SessionCrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("strands-crash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Killing_a_process_mid_save_never_leaves_a_corrupt_or_partial_session()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("STRANDS_SESSION_CRASH_KILLS"), out var k) && k > 0 ? k : 50;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("STRANDS_SESSION_CRASH_SEED"), out var s) ? s : Environment.TickCount;
        var random = new Random(seed);
        var path = Path.Combine(_dir, "agent.session.json");
        var known = -1;       // the turn the file held after the previous kill; -1: no file yet
        var midSave = 0;      // kills that left a temporary file behind, i.e. landed inside a save
        var totalSaves = 0;
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < kills; i++)
        {
            var context = $"kill {i + 1}/{kills}, seed {seed}";
            using var probe = Probe.Start(path);
            var ready = probe.WaitReady(TimeSpan.FromSeconds(60));
            Assert.True(ready == known + 1, $"{context}: the probe resumed at turn {ready}, expected {known + 1}");

            // Let it complete a few saves, then kill at a random moment within the next ones.
            Thread.Sleep(random.Next(0, 120));
            probe.Kill();
            var lastSaved = probe.LastSaved ?? known;
            totalSaves += probe.SaveCount;
            if (File.Exists(AgentSession.TempPathFor(path))) midSave++;

            if (!File.Exists(path))
            {
                Assert.True(known == -1 && probe.SaveCount == 0, $"{context}: the session file vanished");
                continue;
            }

            var loaded = AgentSession.Load(path); // throws SessionCorrupt on a partial file
            var turn = ProbeSession.TurnOf(loaded);
            // The file holds the last reported save, or the next one when the kill came between its rename and its report.
            Assert.True(turn == lastSaved || turn == lastSaved + 1, $"{context}: the file holds turn {turn}, the probe last reported {lastSaved}");
            Assert.Equal(AgentSessionTests.Describe(ProbeSession.Build(turn)), AgentSessionTests.Describe(loaded));
            known = turn;
        }

        output.WriteLine($"{kills} kills in {clock.Elapsed.TotalSeconds:F1} s (seed {seed}): {totalSaves} completed saves, {midSave} kills landed inside a save, last turn {known}.");
        Assert.True(known >= 0, "the probe never completed a save");
    }

    /// <summary>The child process and what it reported on stdout.</summary>
    private sealed class Probe : IDisposable
    {
        private readonly Process _process;
        private readonly Thread _reader;
        private readonly ManualResetEventSlim _ready = new();
        private int _readyTurn = -1;
        private int _lastSaved = -1;
        private int _saves;
        private string? _failure;

        private Probe(Process process)
        {
            _process = process;
            _reader = new Thread(Read) { IsBackground = true };
            _reader.Start();
        }

        public int? LastSaved => _saves == 0 ? null : Volatile.Read(ref _lastSaved);
        public int SaveCount => Volatile.Read(ref _saves);

        public static Probe Start(string path)
        {
            var config = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<config>/net10.0/
            var dll = Path.Combine(RepoPaths.RepoRoot, "tests", "SessionCrashProbe", "bin", config, "net10.0", "SessionCrashProbe.dll");
            Assert.True(File.Exists(dll), "The probe is not built: " + dll);
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardInput = true, // closed when this process dies, which stops the probe
                UseShellExecute = false,
            };
            info.ArgumentList.Add(dll);
            info.ArgumentList.Add(path);
            return new Probe(Process.Start(info)!);
        }

        public int WaitReady(TimeSpan timeout)
        {
            if (!_ready.Wait(timeout)) throw new TimeoutException("The probe did not start within " + timeout);
            Assert.True(_failure == null, _failure);
            return _readyTurn;
        }

        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            // Lines already in the pipe were written after completed saves: read them all.
            _reader.Join(TimeSpan.FromSeconds(10));
        }

        private void Read()
        {
            string? line;
            while ((line = _process.StandardOutput.ReadLine()) != null)
            {
                if (line.StartsWith("saved ", StringComparison.Ordinal))
                {
                    Volatile.Write(ref _lastSaved, int.Parse(line.AsSpan(6)));
                    Interlocked.Increment(ref _saves);
                }
                else if (line.StartsWith("ready ", StringComparison.Ordinal))
                {
                    _readyTurn = int.Parse(line.AsSpan(6));
                    _ready.Set();
                }
                else
                {
                    _failure = "probe: " + line;
                    _ready.Set();
                }
            }
            _ready.Set();
        }

        public void Dispose()
        {
            if (!_process.HasExited) Kill();
            _process.Dispose();
            _ready.Dispose();
        }
    }
}
