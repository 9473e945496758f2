using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;

namespace Strands.Mcp
{
    /// <summary>
    /// The load context the MCP SDK runs in. An assembly of the mcp/ folder (this one, the SDK,
    /// System.Text.Json 10, Microsoft.Extensions.*) is loaded from there unless the runtime's own
    /// copy is at least as new: on PowerShell 7.4 (.NET 8) System.Text.Json 10 comes from the folder,
    /// on a .NET 10 host the framework's copy is shared, so one Activity or JsonElement type serves
    /// the SDK and the framework's HttpClient alike. Everything else comes from the default context. The module
    /// loads this assembly into the default context only to call <see cref="Bootstrap"/>, which
    /// loads a second copy here and hands back a delegate of BCL types.
    /// </summary>
    public sealed class McpLoadContext : AssemblyLoadContext
    {
        private static readonly object Gate = new();
        private static Func<string, CancellationToken, Task<IDisposable>>? _connect;
        private static readonly Lazy<Dictionary<string, Version?>> Platform = new(ReadPlatformAssemblies);
        private readonly string _directory;

        private McpLoadContext(string directory) : base("Strands.Mcp", isCollectible: false) => _directory = directory;

        /// <summary>
        /// Creates the context once per process and returns <see cref="McpBridge.ConnectAsync"/> bound
        /// inside it: options JSON in, an <see cref="IDisposable"/> session out.
        /// </summary>
        public static Func<string, CancellationToken, Task<IDisposable>> Bootstrap(string directory)
        {
            lock (Gate)
            {
                if (_connect != null) return _connect;
                var context = new McpLoadContext(directory);
                var assembly = context.LoadFromAssemblyPath(Path.Combine(directory, "Strands.Mcp.dll"));
                var method = assembly.GetType("Strands.Mcp.McpBridge", throwOnError: true)!.GetMethod(nameof(McpBridge.ConnectAsync))!;
                return _connect = method.CreateDelegate<Func<string, CancellationToken, Task<IDisposable>>>();
            }
        }

        /// <inheritdoc/>
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(_directory, assemblyName.Name + ".dll");
            if (!File.Exists(path)) return null;
            if (assemblyName.Name != null && Platform.Value.TryGetValue(assemblyName.Name, out var shipped)
                && shipped != null && assemblyName.Version != null && shipped >= assemblyName.Version)
                return null;
            return LoadFromAssemblyPath(path);
        }

        // The runtime's trusted platform assemblies (shared framework and the host's own) with their versions.
        private static Dictionary<string, Version?> ReadPlatformAssemblies()
        {
            var map = new Dictionary<string, Version?>(StringComparer.OrdinalIgnoreCase);
            var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            foreach (var file in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                try { map[Path.GetFileNameWithoutExtension(file)] = AssemblyName.GetAssemblyName(file).Version; }
                catch (Exception ex) when (ex is BadImageFormatException or IOException or UnauthorizedAccessException) { }
            }
            return map;
        }
    }
}
