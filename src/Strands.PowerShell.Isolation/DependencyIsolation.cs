using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Strands.PowerShell.Isolation
{
    /// <summary>
    /// The resolving-handler bridge (PowerShell's "resolving dependency conflicts" pattern): the
    /// module's Dependencies folder is invisible to the default load context, so when the cmdlets
    /// (in the default context) first need Strands.Core, the default context's Resolving event
    /// fires and is answered from a private context. Strands.Core's own references then resolve
    /// inside that private context, from the same folder.
    /// </summary>
    public static class DependencyIsolation
    {
        private static readonly object Gate = new();
        private static DependencyLoadContext? s_context;

        /// <summary>
        /// Hooks the default context once per process; a second import of the module (even from
        /// another path) keeps the first context, as the engine keeps the first cmdlet assembly.
        /// </summary>
        /// <param name="dependencyDirectory">The module's Dependencies folder.</param>
        public static void Install(string dependencyDirectory)
        {
            lock (Gate)
            {
                if (s_context != null) return;
                s_context = new DependencyLoadContext(dependencyDirectory);
                AssemblyLoadContext.Default.Resolving += ResolveFromDependencies;
            }
        }

        /// <summary>The private context, or null before <see cref="Install"/>.</summary>
        public static AssemblyLoadContext? Context => s_context;

        // Answers only for assemblies the module ships in Dependencies, in a version at least the
        // one asked for, so it never shadows another module's or the host's resolution (an older
        // Microsoft.Extensions.* that Azure.Identity brings must not answer for a newer one).
        private static Assembly? ResolveFromDependencies(AssemblyLoadContext defaultContext, AssemblyName name)
        {
            var context = s_context;
            return context != null && context.Ships(name) && context.ShipsAtLeast(name) ? context.LoadFromAssemblyName(name) : null;
        }

        private sealed class DependencyLoadContext : AssemblyLoadContext
        {
            private readonly string _directory;
            // Paths only: reading the version of every framework assembly up front opened ~160 files
            // at Import-Module; Load reads the one it is asked about.
            private readonly Dictionary<string, string> _platform = PlatformAssemblies();

            public DependencyLoadContext(string directory) : base("Strands", isCollectible: false) => _directory = directory;

            public bool Ships(AssemblyName name) => name.Name != null && File.Exists(PathOf(name.Name));

            public bool ShipsAtLeast(AssemblyName name)
            {
                try { return (AssemblyName.GetAssemblyName(PathOf(name.Name!)).Version ?? new Version(0, 0)) >= (name.Version ?? new Version(0, 0)); }
                catch (BadImageFormatException) { return false; }
                catch (IOException) { return false; }
            }

            protected override Assembly? Load(AssemblyName name)
            {
                if (!Ships(name)) return null;
                // Assemblies the runtime itself provides in a version at least as new (System.Text.Json
                // on PowerShell 7.4+) stay shared: the cmdlets and the engine must agree on their types,
                // and the framework copy is what every module sees anyway.
                if (PlatformVersion(name.Name!) is { } platform && platform >= (name.Version ?? new Version(0, 0)))
                    return null;
                return LoadFromAssemblyPath(PathOf(name.Name!));
            }

            private string PathOf(string simpleName) => Path.Combine(_directory, simpleName + ".dll");

            private Version? PlatformVersion(string simpleName)
            {
                if (!_platform.TryGetValue(simpleName, out var path)) return null;
                try { return AssemblyName.GetAssemblyName(path).Version ?? new Version(0, 0); }
                catch (BadImageFormatException) { return null; }
                catch (IOException) { return null; }
            }

            private static Dictionary<string, string> PlatformAssemblies()
            {
                var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is not string list) return result;
                foreach (var path in list.Split(Path.PathSeparator))
                {
                    if (!path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) continue;
                    // Only the shared framework counts: an application's own copy of a library is
                    // exactly the kind of version we must not be forced onto.
                    if (!path.Contains("Microsoft.NETCore.App", StringComparison.OrdinalIgnoreCase)) continue;
                    result[Path.GetFileNameWithoutExtension(path)] = path;
                }
                return result;
            }
        }
    }
}
