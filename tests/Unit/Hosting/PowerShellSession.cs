using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Strands.Tests.Hosting
{
    /// <summary>
    /// One runspace on a <see cref="TestHost"/>, optionally with the built module imported. Runs one
    /// pipeline at a time: a runspace refuses a second concurrent pipeline.
    /// </summary>
    public sealed class PowerShellSession : IDisposable
    {
        static PowerShellSession()
        {
            // Otherwise the engine writes a telemetry id under the home folder on first use.
            Environment.SetEnvironmentVariable("POWERSHELL_TELEMETRY_OPTOUT", "1");
        }

        private PowerShellSession(TestHost host, Runspace runspace)
        {
            Host = host;
            Runspace = runspace;
        }

        /// <summary>The host every write of this session lands in.</summary>
        public TestHost Host { get; }

        /// <summary>The open runspace, for tests that drive <see cref="PowerShell"/> themselves.</summary>
        public Runspace Runspace { get; }

        /// <summary>
        /// Opens a session. With <paramref name="importModule"/>, imports <see cref="RepoPaths.ModuleManifest"/>
        /// and throws if that fails, so a broken module shows up as the reason rather than as later noise.
        /// </summary>
        public static PowerShellSession Open(bool importModule = true)
        {
            var host = new TestHost();
            var runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault());
            // One thread for the runspace's life: thread-affine code (and the module's pipeline-thread
            // pump) sees the same thread from one invocation to the next.
            runspace.ThreadOptions = PSThreadOptions.ReuseThread;
            runspace.Open();
            var session = new PowerShellSession(host, runspace);
            try
            {
                // $PSStyle exists only on engines that render ANSI; plain text keeps format views assertable.
                session.Invoke("if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }").ThrowIfErrors();
                if (importModule)
                {
                    session.ImportModule();
                }
            }
            catch
            {
                session.Dispose();
                throw;
            }

            return session;
        }

        /// <summary>Imports the built module from <see cref="RepoPaths.ModuleManifest"/>, the only path this process may use.</summary>
        public void ImportModule()
        {
            var manifest = RepoPaths.ModuleManifest;
            if (!File.Exists(manifest))
            {
                throw new FileNotFoundException(
                    "The assembled module is missing; build it with `dotnet build Strands.PowerShell.sln`.", manifest);
            }

            var result = Invoke("Import-Module -Name $manifest -ErrorAction Stop", new Dictionary<string, object?> { ["manifest"] = manifest });
            if (result.HadErrors)
            {
                throw new InvalidOperationException("Import-Module " + manifest + " failed:" + Environment.NewLine + result.ErrorSummary);
            }
        }

        /// <summary>
        /// Runs <paramref name="script"/> to completion. Each entry of <paramref name="variables"/> becomes a
        /// global variable first. A terminating error is returned in <see cref="PowerShellResult.TerminatingError"/>, not thrown.
        /// </summary>
        public PowerShellResult Invoke(string script, IDictionary<string, object?>? variables = null)
        {
            using var ps = Create(script, variables);
            var hostMark = Host.Output.Length;
            Collection<PSObject> output;
            ErrorRecord? terminating = null;
            try
            {
                output = ps.Invoke();
            }
            catch (RuntimeException ex)
            {
                output = new Collection<PSObject>();
                terminating = PowerShellResult.TerminatingErrorOf(ex);
            }

            return new PowerShellResult(output, ps.Streams, ps.HadErrors, terminating, HostOutputSince(hostMark));
        }

        /// <summary>
        /// Starts <paramref name="script"/> and returns at once, so a test can watch its output arrive
        /// or stop it. Dispose the returned invocation before the next one on this session.
        /// </summary>
        public PowerShellInvocation BeginInvoke(string script, IDictionary<string, object?>? variables = null)
        {
            var ps = Create(script, variables);
            return new PowerShellInvocation(ps, Host.Output.Length, HostOutputSince);
        }

        /// <summary>Sets a global variable of this session.</summary>
        public void SetVariable(string name, object? value) => Runspace.SessionStateProxy.SetVariable(name, value);

        /// <summary>Sets the PowerShell location (not the process directory, which parallel tests share).</summary>
        public void SetLocation(string path) => Runspace.SessionStateProxy.Path.SetLocation(path);

        /// <inheritdoc/>
        public void Dispose() => Runspace.Dispose();

        private PowerShell Create(string script, IDictionary<string, object?>? variables)
        {
            if (variables != null)
            {
                foreach (var pair in variables)
                {
                    SetVariable(pair.Key, pair.Value);
                }
            }

            var ps = PowerShell.Create();
            ps.Runspace = Runspace;
            ps.AddScript(script);
            return ps;
        }

        private string HostOutputSince(int mark)
        {
            var all = Host.Output;
            // A Clear() during the invocation leaves less text than the mark: all of it is new.
            return mark <= all.Length ? all.Substring(mark) : all;
        }
    }
}
