using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Strands.Mcp
{
    /// <summary>
    /// Connects to an MCP server with the official SDK. Called only inside <see cref="McpLoadContext"/>;
    /// options arrive as JSON so no type of ours crosses the boundary.
    /// </summary>
    public static class McpBridge
    {
        /// <summary>
        /// Options JSON: {"transport":"stdio","command","arguments":[],"environment":{},"workingDirectory","name"}
        /// or {"transport":"http","url","headers":{},"name"}; optional "timeoutSec" (startup).
        /// </summary>
        public static async Task<IDisposable> ConnectAsync(string optionsJson, CancellationToken cancellationToken)
        {
            using var doc = JsonDocument.Parse(optionsJson);
            var o = doc.RootElement;
            var name = String(o, "name") ?? "mcp";
            var timeout = o.TryGetProperty("timeoutSec", out var t) && t.ValueKind == JsonValueKind.Number ? TimeSpan.FromSeconds(t.GetDouble()) : TimeSpan.FromSeconds(30);
            IClientTransport transport = String(o, "transport") == "http"
                ? new HttpClientTransport(new HttpClientTransportOptions
                {
                    Endpoint = new Uri(String(o, "url")!),
                    Name = name,
                    TransportMode = HttpTransportMode.StreamableHttp,
                    ConnectionTimeout = timeout,
                    AdditionalHeaders = Map(o, "headers")!,
                })
                : new StdioClientTransport(new StdioClientTransportOptions
                {
                    Command = String(o, "command")!,
                    Arguments = o.TryGetProperty("arguments", out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().Select(x => x.GetString() ?? string.Empty).ToList() : null,
                    EnvironmentVariables = Map(o, "environment"),
                    WorkingDirectory = String(o, "workingDirectory"),
                    Name = name,
                });
            using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            startup.CancelAfter(timeout);
            var client = await McpClient.CreateAsync(transport, new McpClientOptions
            {
                ClientInfo = new Implementation { Name = "Strands.PowerShell", Version = typeof(McpBridge).Assembly.GetName().Version?.ToString() ?? "0.1.0" },
                InitializationTimeout = timeout,
            }, cancellationToken: startup.Token).ConfigureAwait(false);
            return new McpSession(client);
        }

        private static string? String(JsonElement o, string name) =>
            o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static Dictionary<string, string?>? Map(JsonElement o, string name)
        {
            if (!o.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Object) return null;
            return v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText());
        }
    }
}
