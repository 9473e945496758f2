using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using System.Text.Json;
using System.Threading;
using Strands.PowerShell.Internal;
using Strands.PowerShell.Mcp;
using Strands.Types;

namespace Strands.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Connects to an MCP server (a command over stdio, or a streamable-HTTP URL) and returns a client whose tools an agent can use through -Tool.</para>
    /// <para type="description">The server's tools are offered with their own schemas. The session (and a stdio server's process) ends when the client is disposed ($client.Dispose() or Close-StrandsMcpClient), when the runspace closes, or when PowerShell exits. Needs PowerShell 7.4 or later.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "StrandsMcpClient", DefaultParameterSetName = StdioSet)]
    [OutputType(typeof(StrandsMcpClient))]
    public sealed class NewStrandsMcpClientCommand : PSCmdlet
    {
        private const string StdioSet = "Stdio";
        private const string HttpSet = "Http";
        private CancellationTokenSource? _stop;

        /// <summary>The server's executable (stdio transport).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = StdioSet)]
        [ValidateNotNullOrEmpty]
        public string Command { get; set; } = null!;

        /// <summary>Arguments for the server's command line.</summary>
        [Parameter(Position = 1, ParameterSetName = StdioSet)]
        public string[]? Arguments { get; set; }

        /// <summary>Environment variables for the server process (added to the inherited ones; $null removes one).</summary>
        [Parameter(ParameterSetName = StdioSet)]
        public Hashtable? Environment { get; set; }

        /// <summary>The server process's working directory (default: the current file-system location).</summary>
        [Parameter(ParameterSetName = StdioSet)]
        public string? WorkingDirectory { get; set; }

        /// <summary>The server's streamable-HTTP endpoint.</summary>
        [Parameter(Mandatory = true, ParameterSetName = HttpSet)]
        [ValidateNotNull]
        public Uri Url { get; set; } = null!;

        /// <summary>HTTP headers sent with every request (e.g. @{ Authorization = 'Bearer ...' }).</summary>
        [Parameter(ParameterSetName = HttpSet)]
        public Hashtable? Headers { get; set; }

        /// <summary>Offer only tools whose names match one of these wildcard patterns.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ToolFilter { get; set; }

        /// <summary>Offer tools as "&lt;Prefix&gt;_&lt;name&gt;", so several servers' tools cannot clash.</summary>
        [Parameter]
        [ValidatePattern("^[a-zA-Z0-9_-]+$")]
        public string? Prefix { get; set; }

        /// <summary>The client's name (default: the command's file name or the URL's host).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Seconds the server may take to start and answer the handshake (default 30).</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 30;

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            var http = ParameterSetName == HttpSet;
            var name = Name ?? (http ? Url.Host : Path.GetFileNameWithoutExtension(Command));
            var target = http ? Url.ToString() : string.Join(" ", new[] { Command }.Concat(Arguments ?? Array.Empty<string>()));
            using var stop = new CancellationTokenSource();
            _stop = stop;
            StrandsMcpClient? client = null;
            try
            {
                var connect = McpLoader.Connect;
                var session = connect(Options(http, name), stop.Token).GetAwaiter().GetResult();
                client = new StrandsMcpClient(name, http ? "http" : "stdio", target, session);
                client.StopWith(Runspace.DefaultRunspace);
                var patterns = ToolFilter?.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToArray();
                client.LoadToolsAsync(n => patterns == null || patterns.Any(p => p.IsMatch(n)), Prefix, stop.Token).GetAwaiter().GetResult();
                WriteVerbose($"MCP server '{client.ServerName}' offers: {string.Join(", ", client.Tools)}");
                WriteObject(TypeNames.Typed(client));
                client = null;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (StrandsException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, target));
            }
            catch (Exception ex) when (ex is not PipelineStoppedException)
            {
                var message = $"Could not connect to the MCP server '{name}' ({target}): {(ex is AggregateException { InnerException: { } inner } ? inner.Message : ex.Message)}";
                ThrowTerminatingError(new ErrorRecord(new StrandsException(ErrorIds.McpConnectionFailed, ErrorKind.Connection, message, ex), ErrorIds.McpConnectionFailed, ErrorCategory.ConnectionError, target));
            }
            finally
            {
                client?.Dispose();
                _stop = null;
            }
        }

        /// <inheritdoc/>
        protected override void StopProcessing()
        {
            try { _stop?.Cancel(); }
            catch (ObjectDisposedException) { }
        }

        private string Options(bool http, string name)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteNumber("timeoutSec", TimeoutSec);
                if (http)
                {
                    w.WriteString("transport", "http");
                    w.WriteString("url", Url.ToString());
                    WriteMap(w, "headers", Headers);
                }
                else
                {
                    w.WriteString("transport", "stdio");
                    w.WriteString("command", Command);
                    w.WriteStartArray("arguments");
                    foreach (var a in Arguments ?? Array.Empty<string>()) w.WriteStringValue(a);
                    w.WriteEndArray();
                    WriteMap(w, "environment", Environment);
                    // Relative paths resolve against PowerShell's location, not the process's directory.
                    w.WriteString("workingDirectory", WorkingDirectory != null ? GetUnresolvedProviderPathFromPSPath(WorkingDirectory) : SessionState.Path.CurrentFileSystemLocation.ProviderPath);
                }
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static void WriteMap(Utf8JsonWriter w, string property, Hashtable? map)
        {
            if (map == null) return;
            w.WriteStartObject(property);
            foreach (DictionaryEntry e in map)
            {
                var key = Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                var value = e.Value is PSObject p ? p.BaseObject : e.Value;
                if (value == null) w.WriteNull(key);
                else w.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
            }
            w.WriteEndObject();
        }
    }
}
