using System;
using System.Threading;
using System.Threading.Tasks;
using Strands.Isolation;

namespace Strands.Mcp
{
    /// <summary>
    /// Where the MCP SDK runs: a <see cref="FolderLoadContext"/> over the mcp/ folder (this assembly,
    /// the SDK, System.Text.Json 10, Microsoft.Extensions.*). On PowerShell 7.4 (.NET 8) System.Text.Json
    /// 10 comes from the folder; on a .NET 10 host the framework's copy is shared. The module loads this
    /// assembly into the default context only to call <see cref="Bootstrap"/>, which loads a second copy
    /// there and hands back a delegate of BCL types.
    /// </summary>
    public static class McpLoadContext
    {
        private static readonly object Gate = new();
        private static Func<string, CancellationToken, Task<IDisposable>>? _connect;

        /// <summary>
        /// Creates the context once per process and returns <see cref="McpBridge.ConnectAsync"/> bound
        /// inside it: options JSON in, an <see cref="IDisposable"/> session out.
        /// </summary>
        public static Func<string, CancellationToken, Task<IDisposable>> Bootstrap(string directory)
        {
            lock (Gate)
            {
                return _connect ??= FolderLoadContext.Bind<Func<string, CancellationToken, Task<IDisposable>>>(
                    directory, "Strands.Mcp", "Strands.Mcp.McpBridge", nameof(McpBridge.ConnectAsync));
            }
        }
    }
}
