using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Strands.PowerShell
{
    /// <summary>
    /// Runs when the module is imported, before any cmdlet touches Strands.Core: Strands.Core and its
    /// dependencies live in the module's Dependencies folder, which no load context probes by itself.
    /// On PowerShell 7 they load into a private AssemblyLoadContext (Strands.PowerShell.Isolation),
    /// so other modules' versions of System.Text.Json, AWSSDK.Core and the like cannot clash with
    /// ours; Windows PowerShell 5.1 has no load contexts, so there they load from the folder directly.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        private const string IsolationAssembly = "Strands.PowerShell.Isolation.dll";

        /// <inheritdoc/>
        public void OnImport()
        {
            var root = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;
            var dependencies = Path.Combine(root, "Dependencies");
            // A build output or test folder keeps everything side by side: nothing to redirect.
            if (!Directory.Exists(dependencies)) return;

            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                AppDomain.CurrentDomain.AssemblyResolve += (_, args) => LoadFromFolder(dependencies, new AssemblyName(args.Name));
                return;
            }

            var isolation = Assembly.LoadFrom(Path.Combine(root, IsolationAssembly));
            isolation.GetType("Strands.PowerShell.Isolation.DependencyIsolation", throwOnError: true)!
                .GetMethod("Install", BindingFlags.Public | BindingFlags.Static)!
                .Invoke(null, new object[] { dependencies });
        }

        private static Assembly? LoadFromFolder(string folder, AssemblyName name)
        {
            var path = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
