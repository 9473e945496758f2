using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Strands.Types;

namespace Strands.PowerShell.Mcp
{
    /// <summary>
    /// Loads the MCP client (mcp/Strands.Mcp.dll and the SDK) on first use. This assembly targets
    /// netstandard2.0, where AssemblyLoadContext does not exist, so the isolated context is created
    /// by Strands.Mcp itself (McpLoadContext.Bootstrap); we only ever hold BCL types it returns.
    /// </summary>
    internal static class McpLoader
    {
        private static readonly object Gate = new();
        private static Func<string, CancellationToken, Task<IDisposable>>? _connect;

        /// <summary>Connects (options JSON → session); throws McpUnavailable where the SDK cannot run.</summary>
        public static Func<string, CancellationToken, Task<IDisposable>> Connect
        {
            get
            {
                lock (Gate) return _connect ??= Load();
            }
        }

        private static Func<string, CancellationToken, Task<IDisposable>> Load()
        {
            var runtime = RuntimeInformation.FrameworkDescription;
            if (runtime.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase) || Environment.Version.Major < 8)
                throw new StrandsException(ErrorIds.McpUnavailable, ErrorKind.NotSupported,
                    $"MCP servers need PowerShell 7.4 or later: the MCP SDK requires .NET 8, and this is {runtime}. Run the agent in pwsh to use MCP tools.");
            var directory = Path.Combine(Path.GetDirectoryName(typeof(McpLoader).Assembly.Location)!, "mcp");
            var path = Path.Combine(directory, "Strands.Mcp.dll");
            if (!File.Exists(path))
                throw new StrandsException(ErrorIds.McpUnavailable, ErrorKind.Unavailable, $"The module's MCP client is missing: {path} was not found. Reinstall the module.");
            try
            {
                // Loaded into the default context only to reach Bootstrap, which touches no SDK type.
                var bootstrap = Assembly.LoadFrom(path).GetType("Strands.Mcp.McpLoadContext", throwOnError: true)!.GetMethod("Bootstrap")!;
                return (Func<string, CancellationToken, Task<IDisposable>>)bootstrap.Invoke(null, new object[] { directory })!;
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                throw new StrandsException(ErrorIds.McpUnavailable, ErrorKind.Unavailable, "The MCP client could not be loaded: " + ex.InnerException.Message, ex.InnerException);
            }
        }
    }
}
