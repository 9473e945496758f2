using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Strands.Mcp
{
    /// <summary>
    /// One connected MCP client. The module reads <see cref="ListTools"/> and <see cref="CallTool"/>
    /// by reflection once; both are delegates of BCL types, so they work across load contexts.
    /// Disposing closes the session (for stdio the SDK stops the server process).
    /// </summary>
    public sealed class McpSession : IDisposable
    {
        private readonly McpClient _client;
        private int _disposed;

        internal McpSession(McpClient client)
        {
            _client = client;
            ListTools = ListToolsAsync;
            CallTool = CallToolAsync;
        }

        /// <summary>The server's name and version as it reported them; empty when it sent none.</summary>
        public string ServerName => _client.ServerInfo is { } info ? $"{info.Name} {info.Version}".Trim() : string.Empty;

        /// <summary>Every tool (all pages) as a JSON array of {name, description, inputSchema}.</summary>
        public Func<CancellationToken, Task<string>> ListTools { get; }

        /// <summary>
        /// Calls a tool: name, arguments JSON object → {"isError":bool,"content":[{"type":"text","text":...}|{"type":"image","mimeType","data"}],"structuredContent":...}.
        /// </summary>
        public Func<string, string, CancellationToken, Task<string>> CallTool { get; }

        private async Task<string> ListToolsAsync(CancellationToken cancellationToken)
        {
            var tools = await _client.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return Write(w =>
            {
                w.WriteStartArray();
                foreach (var tool in tools)
                {
                    w.WriteStartObject();
                    w.WriteString("name", tool.ProtocolTool.Name);
                    if (tool.ProtocolTool.Description is { } d) w.WriteString("description", d);
                    w.WritePropertyName("inputSchema");
                    tool.ProtocolTool.InputSchema.WriteTo(w);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
        }

        private async Task<string> CallToolAsync(string name, string argumentsJson, CancellationToken cancellationToken)
        {
            Dictionary<string, object?> arguments;
            using (var doc = JsonDocument.Parse(argumentsJson))
                arguments = doc.RootElement.ValueKind == JsonValueKind.Object
                    ? doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone())
                    : new Dictionary<string, object?>();
            // The token reaches the SDK, which cancels the request and tells the server (notifications/cancelled).
            var result = await _client.CallToolAsync(name, arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Write(w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("isError", result.IsError == true);
                w.WriteStartArray("content");
                foreach (var block in result.Content)
                {
                    switch (block)
                    {
                        case TextContentBlock text:
                            w.WriteStartObject(); w.WriteString("type", "text"); w.WriteString("text", text.Text); w.WriteEndObject();
                            break;
                        case ImageContentBlock image:
                            w.WriteStartObject(); w.WriteString("type", "image"); w.WriteString("mimeType", image.MimeType); w.WriteString("data", Encoding.ASCII.GetString(image.Data.Span)); w.WriteEndObject();
                            break;
                        case EmbeddedResourceBlock { Resource: TextResourceContents resource }:
                            w.WriteStartObject(); w.WriteString("type", "text"); w.WriteString("text", resource.Text); w.WriteEndObject();
                            break;
                    }
                }
                w.WriteEndArray();
                if (result.StructuredContent is { } structured)
                {
                    w.WritePropertyName("structuredContent");
                    structured.WriteTo(w);
                }
                w.WriteEndObject();
            });
        }

        /// <summary>Closes the session; for stdio the SDK ends the server process.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            // Bounded: a server that ignores shutdown must not hang Close-StrandsMcpClient or runspace close.
            var closing = _client.DisposeAsync().AsTask();
            closing.Wait(TimeSpan.FromSeconds(10));
        }

        private static string Write(Action<Utf8JsonWriter> write)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer)) write(w);
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }
}
