using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using Microsoft.PowerShell;

namespace Strands.Host
{
    /// <summary>
    /// <c>dotnet run --project tools/StrandsHost -- script.ps1 [args]</c>: runs the script with the
    /// Strands module from <c>&lt;repo&gt;/out/Strands</c>, output formatted through Out-Default,
    /// errors on stderr, exit code 1 on error, Ctrl+C stopping the pipeline.
    /// </summary>
    public static class Program
    {
        /// <summary>Entry point; returns the process exit code.</summary>
        public static int Main(string[] args)
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "-?")
            {
                Console.Error.WriteLine("usage: StrandsHost <script.ps1> [arguments]");
                return 2;
            }

            var script = Path.GetFullPath(args[0]);
            if (!File.Exists(script))
            {
                Console.Error.WriteLine($"StrandsHost: the script '{args[0]}' does not exist.");
                return 2;
            }

            var manifest = FindModule();
            if (manifest is null)
            {
                Console.Error.WriteLine("StrandsHost: out/Strands/Strands.psd1 was not found above " + AppContext.BaseDirectory + ". Build first: dotnet build Strands.PowerShell.sln");
                return 2;
            }

            // The engine otherwise writes a telemetry id under the home folder on first start.
            Environment.SetEnvironmentVariable("POWERSHELL_TELEMETRY_OPTOUT", "1");
            Console.OutputEncoding = new UTF8Encoding(false);
            return Run(manifest, script, args.Skip(1).ToArray());
        }

        private static int Run(string manifest, string script, string[] arguments)
        {
            var host = new ConsoleHost();
            var state = InitialSessionState.CreateDefault2();
            // Windows would otherwise refuse unsigned scripts; the user asked for this one by name.
            // Elsewhere there are no execution policies, and setting one throws.
            if (OperatingSystem.IsWindows()) state.ExecutionPolicy = ExecutionPolicy.Bypass;
            using var runspace = RunspaceFactory.CreateRunspace(host, state);
            runspace.Open();

            using (var import = PowerShell.Create(runspace))
            {
                import.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("ErrorAction", "Stop");
                try
                {
                    import.Invoke();
                }
                catch (RuntimeException ex)
                {
                    Console.Error.WriteLine("StrandsHost: cannot import " + manifest + ": " + ex.Message);
                    return 1;
                }
            }

            using var ps = PowerShell.Create(runspace);
            // The binder parses "-Name value" and switches itself when the call is PowerShell text.
            ps.AddScript("& " + Quote(script) + string.Concat(arguments.Select(a => " " + (IsParameterName(a) ? a : Quote(a)))));
            ps.AddCommand("Out-Default");
            var failed = false;
            ps.Streams.Error.DataAdded += (_, e) =>
            {
                failed = true;
                host.WriteError(ps.Streams.Error[e.Index]);
            };

            ConsoleCancelEventHandler cancel = (_, e) =>
            {
                // Keep the process alive so the pipeline can stop cleanly and the exit code be set.
                e.Cancel = true;
                ps.BeginStop(null, null);
            };
            Console.CancelKeyPress += cancel;
            try
            {
                ps.Invoke();
            }
            catch (PipelineStoppedException)
            {
                Console.Error.WriteLine("Stopped.");
                return 130;
            }
            catch (RuntimeException ex)
            {
                host.WriteError(ex.ErrorRecord);
                return 1;
            }
            finally
            {
                Console.CancelKeyPress -= cancel;
                host.EndLine();
            }

            if (ps.InvocationStateInfo.State == PSInvocationState.Stopped)
            {
                Console.Error.WriteLine("Stopped.");
                return 130;
            }

            if (failed || ps.HadErrors) return 1;
            // A script's `exit N` ends only the script; its code is left in $LASTEXITCODE.
            return runspace.SessionStateProxy.GetVariable("LASTEXITCODE") is int code ? code : 0;
        }

        private static string? FindModule()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "out", "Strands", "Strands.psd1");
                if (File.Exists(candidate)) return candidate;
            }

            return null;
        }

        private static bool IsParameterName(string arg) =>
            arg.Length > 1 && arg[0] == '-' && (char.IsLetter(arg[1]) || arg[1] == '_') && arg.Skip(1).All(c => char.IsLetterOrDigit(c) || c is '_' or ':');

        private static string Quote(string value) => "'" + value.Replace("'", "''") + "'";
    }
}
