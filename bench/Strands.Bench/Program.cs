using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace Strands.Bench;

internal sealed record Options(bool Quick, string RepoRoot, string[] Sections)
{
    public string ModulePath => Path.Combine(RepoRoot, "out", "Strands", "Strands.psd1");
    public int WarmupTurns => Quick ? 40 : 150;
    public int Rounds => Quick ? 6 : 20;
    public int BlockTurns => Quick ? 10 : 20;
    public int ParseBytes => Quick ? 8 << 20 : 32 << 20;
    public int ParseRounds => Quick ? 3 : 7;
    public int ImportRepeats => Quick ? 5 : 15;
    public int ColdStarts => Quick ? 2 : 10;
    public double ScalingSeconds => Quick ? 1.0 : 2.0;
    public int ScalingRounds => Quick ? 1 : 3;

    public bool Runs(string section) => Sections.Length == 0 || Sections.Contains(section);
}

internal static class Program
{
    private const string Usage = "usage: Strands.Bench [--quick] [--only turn,parse,import,cold,memory,scaling] [--no-write] | --profile floor|core|sdk|cmdlet|openai-sse [seconds]";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "serve") return LoopbackServer.Run();

        // Set before the engine loads: an in-process runspace would otherwise try to send telemetry.
        Environment.SetEnvironmentVariable("POWERSHELL_TELEMETRY_OPTOUT", "1");
        var repoRoot = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        if (args.Length is 2 or 3 && args[0] == "--profile")
        {
            var (profiled, url) = LoopbackServer.Start();
            try
            {
                var seconds = args.Length == 3 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20;
                return await AllocationProfile.RunAsync(new Options(false, Path.GetFullPath(repoRoot), Array.Empty<string>()), url, args[1], TimeSpan.FromSeconds(seconds));
            }
            finally
            {
                profiled.StandardInput.Close();
            }
        }
        var quick = args.Contains("--quick");
        var write = !args.Contains("--no-write");
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        if (args.Any(a => a is not ("--quick" or "--no-write" or "--only") && a != only))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var options = new Options(quick, Path.GetFullPath(repoRoot), only?.Split(',') ?? Array.Empty<string>());
        if (!File.Exists(options.ModulePath))
        {
            Console.Error.WriteLine($"The module is not assembled at {options.ModulePath}; build with -c Release first.");
            return 2;
        }
        // out/Strands holds whichever configuration built last (dotnet test assembles Debug there).
        var moduleConfiguration = AssemblyConfiguration(Path.Combine(Path.GetDirectoryName(options.ModulePath)!, "Strands.PowerShell.dll"));
        if (moduleConfiguration != "Release")
        {
            Console.Error.WriteLine($"out/Strands holds a {moduleConfiguration} build of the module; run the bench with `dotnet run -c Release`, which reassembles it.");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var report = new Report();
        var (server, baseUrl) = LoopbackServer.Start();
        try
        {
            Console.WriteLine($"Strands.Bench {(quick ? "--quick " : "")}against {baseUrl} (server pid {server.Id})");
            // Import first: it is the only section that can see the module's assemblies load for the first time.
            if (options.Runs("import")) Section("3a. Import-Module", () => ImportBench.Run(options, report));
            if (options.Runs("turn")) await SectionAsync("1+4. Agent turn and pump", () => TurnBench.RunAsync(options, baseUrl, report));
            if (options.Runs("parse")) await SectionAsync("2. Stream parsing", () => ParseBench.RunAsync(options, report));
            if (options.Runs("cold")) Section("3b. Cold start", () => ColdStartBench.Run(options, baseUrl, report));
            if (options.Runs("memory")) await SectionAsync("5. Memory", () => MemoryBench.RunAsync(report));
            if (options.Runs("scaling")) Section("6. Scaling", () => ScalingBench.Run(options, baseUrl, report));
        }
        finally
        {
            server.StandardInput.Close();
            if (!server.WaitForExit(5000)) server.Kill();
        }

        var command = "dotnet run -c Release --project bench/Strands.Bench" + (quick ? " -- --quick" : "");
        var environment = $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({RuntimeInformation.OSDescription.Trim()}, " +
                          $".NET {Environment.Version}, load average at the end {LoadAverage()}), {(quick ? "--quick" : "full")} run.";
        if (write && options.Sections.Length == 0)
        {
            var analysis = Path.Combine(options.RepoRoot, "bench", "ANALYSIS.md");
            var path = Path.Combine(options.RepoRoot, "bench", "RESULTS.md");
            report.Write(path, command, environment, clock.Elapsed, File.Exists(analysis) ? File.ReadAllText(analysis) : null);
            Console.WriteLine($"Wrote {path}");
        }
        Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F0} s.");
        return 0;
    }

    private static void Section(string name, Action run)
    {
        Console.WriteLine($"== {name}");
        run();
    }

    private static async Task SectionAsync(string name, Func<Task> run)
    {
        Console.WriteLine($"== {name}");
        await run();
    }

    // Read from metadata, not loaded: loading it here would spoil the Import-Module measurement.
    private static string? AssemblyConfiguration(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var type = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (type.Kind != HandleKind.TypeReference || reader.GetString(reader.GetTypeReference((TypeReferenceHandle)type).Name) != "AssemblyConfigurationAttribute") continue;
            var value = reader.GetBlobReader(attribute.Value);
            value.ReadUInt16();
            return value.ReadSerializedString();
        }
        return null;
    }

    private static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }
}
