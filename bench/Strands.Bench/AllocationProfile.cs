using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Linq;
using System.Threading.Tasks;

namespace Strands.Bench;

/// <summary>
/// <c>--profile core|floor|sdk|cmdlet</c>: runs one client's turns for a while and prints which
/// types its allocations go to, from the runtime's GC AllocationTick samples (one per ~100 KB),
/// the same data dotnet-trace's gc-verbose profile collects, without leaving the process.
/// </summary>
internal static class AllocationProfile
{
    public static async Task<int> RunAsync(Options options, Uri baseUrl, string client, TimeSpan duration)
    {
        PsSession? session = null;
        Func<Task<string>> turn;
        switch (client)
        {
            case "floor": turn = new FloorTurn(baseUrl).RunTurnAsync; break;
            case "core": turn = new CoreTurn(baseUrl).RunTurnAsync; break;
            case "sdk": turn = new SdkTurn(baseUrl).RunTurnAsync; break;
            case "openai-sse":
                // One 1 MiB body through the adapter per "turn": for CPU profiles of the parse path.
                var body = Wire.OpenAiSse(1 << 20, out _);
                turn = async () => (await ParseBench.CoreOpenAiAsync(body)).ToString();
                break;
            case "cmdlet":
                session = new PsSession();
                var cmdlet = new CmdletTurn(session, baseUrl, options.ModulePath);
                turn = () => { cmdlet.Reset(); return Task.FromResult(cmdlet.Run().Text); };
                break;
            default:
                Console.Error.WriteLine("--profile takes floor, core, sdk, cmdlet or openai-sse");
                return 2;
        }

        for (var i = 0; i < options.WarmupTurns; i++) await turn();
        using var listener = new AllocationListener();
        var bytes = Stats.Allocated();
        var turns = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await turn();
            turns++;
        }
        var perTurn = (Stats.Allocated() - bytes) / (double)turns;
        listener.Dispose();
        session?.Dispose();

        var total = listener.Bytes.Values.Sum();
        Console.WriteLine($"{client}: {turns} turns, {perTurn / 1024:F1} KB allocated per turn; sampled types (share of sampled bytes → KB per turn):");
        foreach (var (type, sampled) in listener.Bytes.OrderByDescending(p => p.Value).Take(30).Select(p => (p.Key, p.Value)))
            Console.WriteLine($"  {sampled * 100.0 / total,5:F1}%  {sampled * perTurn / total / 1024,6:F2} KB  {type}");
        return 0;
    }

    private sealed class AllocationListener : EventListener
    {
        public readonly ConcurrentDictionary<string, long> Bytes = new();

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (!e.EventName!.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload == null) return;
            var type = e.Payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
            var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
            Bytes.AddOrUpdate(type, amount, (_, v) => v + amount);
        }
    }
}
