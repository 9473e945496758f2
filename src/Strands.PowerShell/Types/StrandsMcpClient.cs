using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.PowerShell.Mcp;
using Strands.Tools;
using Strands.Types;

namespace Strands.PowerShell
{
    /// <summary>
    /// A connected MCP server (Strands.McpClient) from New-StrandsMcpClient. Pass it in -Tool to
    /// offer its tools. Dispose it (or Close-StrandsMcpClient) to end the session and, for stdio,
    /// the server process; closing the runspace or exiting PowerShell does the same.
    /// </summary>
    public sealed class StrandsMcpClient : IDisposable
    {
        private readonly IDisposable _session;
        private readonly Func<string, string, CancellationToken, Task<string>> _callTool;
        private Runspace? _runspace;
        private int _disposed;

        internal StrandsMcpClient(string name, string transport, string target, IDisposable session)
        {
            Name = name;
            Transport = transport;
            Target = target;
            _session = session;
            // The session lives in the MCP load context: read its delegates (BCL types) once, by reflection.
            var type = session.GetType();
            _callTool = (Func<string, string, CancellationToken, Task<string>>)type.GetProperty("CallTool")!.GetValue(session)!;
            ListToolsJson = (Func<CancellationToken, Task<string>>)type.GetProperty("ListTools")!.GetValue(session)!;
            ServerName = type.GetProperty("ServerName")?.GetValue(session) as string ?? string.Empty;
        }

        /// <summary>The client's name (used in messages).</summary>
        public string Name { get; }
        /// <summary>stdio or http.</summary>
        public string Transport { get; }
        /// <summary>The command line (stdio) or URL (http).</summary>
        public string Target { get; }
        /// <summary>The server's name and version as it reported them.</summary>
        public string ServerName { get; }
        /// <summary>Names of the tools offered to agents (after -ToolFilter and -Prefix).</summary>
        public string[] Tools => AgentTools.Select(t => t.Spec.Name).ToArray();
        /// <summary>False once disposed.</summary>
        public bool IsConnected => Volatile.Read(ref _disposed) == 0;

        internal Func<CancellationToken, Task<string>> ListToolsJson { get; }
        internal IReadOnlyList<ITool> AgentTools { get; private set; } = Array.Empty<ITool>();

        /// <summary>Lists the server's tools (all pages) and keeps those matching the filter, renamed with the prefix.</summary>
        internal async Task LoadToolsAsync(Func<string, bool> include, string? prefix, CancellationToken cancellationToken)
        {
            var json = await ListToolsJson(cancellationToken).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(json);
            var tools = new List<ITool>();
            foreach (var tool in doc.RootElement.EnumerateArray())
            {
                var name = tool.GetProperty("name").GetString()!;
                if (!include(name)) continue;
                var description = tool.TryGetProperty("description", out var d) ? d.GetString() : null;
                tools.Add(new McpTool(this, name, string.IsNullOrEmpty(prefix) ? name : $"{prefix}_{name}", description, tool.GetProperty("inputSchema").Clone()));
            }
            AgentTools = tools;
        }

        internal Task<string> CallToolAsync(string name, string argumentsJson, CancellationToken cancellationToken)
        {
            if (!IsConnected)
                throw new ObjectDisposedException(Name, $"The MCP client '{Name}' was closed; create a new one with New-StrandsMcpClient.");
            return _callTool(name, argumentsJson, cancellationToken);
        }

        /// <summary>Ends the session with the runspace or the process, whichever closes first.</summary>
        internal void StopWith(Runspace? runspace)
        {
            _runspace = runspace;
            if (runspace != null) runspace.StateChanged += OnRunspaceStateChanged;
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }

        /// <summary>Ends the session; for stdio the server process is stopped.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            if (_runspace != null) _runspace.StateChanged -= OnRunspaceStateChanged;
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            _session.Dispose();
        }

        /// <summary>Name, transport and target.</summary>
        public override string ToString() => $"{Name} ({Transport}: {Target})";

        private void OnRunspaceStateChanged(object? sender, RunspaceStateEventArgs e)
        {
            var state = e.RunspaceStateInfo.State;
            if (state is RunspaceState.Closing or RunspaceState.Closed or RunspaceState.Broken) Dispose();
        }

        private void OnProcessExit(object? sender, EventArgs e) => Dispose();
    }
}
