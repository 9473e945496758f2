using Strands.Agent;
using Strands.SessionCrashProbe;
using Strands.Types;

// Usage: SessionCrashProbe <session path>
// Continues the session at <path> (or starts one) and saves turn after turn, printing
// "ready <next turn>" once and "saved <turn>" after each completed save, until it is killed.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: SessionCrashProbe <session path>");
    return 2;
}

var path = args[0];
// The test keeps stdin open; EOF means the test process is gone, so stop rather than run forever.
new Thread(() => { while (Console.In.Read() >= 0) { } Environment.Exit(0); }) { IsBackground = true }.Start();

var next = 0;
if (File.Exists(path))
{
    try
    {
        next = ProbeSession.TurnOf(AgentSession.Load(path)) + 1;
    }
    catch (StrandsException ex)
    {
        Console.WriteLine("corrupt " + ex.Message);
        return 3;
    }
}

Console.WriteLine("ready " + next);
for (var turn = next; turn < next + 100_000; turn++)
{
    AgentSession.Save(path, ProbeSession.Build(turn));
    Console.WriteLine("saved " + turn);
}

return 0;
