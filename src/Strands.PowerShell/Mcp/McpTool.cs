using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.Tools;
using Strands.Types;

namespace Strands.PowerShell.Mcp
{
    /// <summary>
    /// One tool of an MCP server, offered with the server's own schema. Calls go through the MCP
    /// client on the loop's task (no PowerShell runs), so Ctrl+C cancels them through the token.
    /// Results follow Strands' mapping: text content → text, isError → error status.
    /// </summary>
    internal sealed class McpTool : ITool
    {
        private readonly StrandsMcpClient _client;
        private readonly string _remoteName;

        public McpTool(StrandsMcpClient client, string remoteName, string offeredName, string? description, JsonElement inputSchema)
        {
            _client = client;
            _remoteName = remoteName;
            Spec = new ToolSpec(offeredName, string.IsNullOrWhiteSpace(description) ? $"Tool which performs {remoteName}" : description!, inputSchema);
        }

        public ToolSpec Spec { get; }

        public async Task<ToolOutput> InvokeAsync(ToolCall call, CancellationToken cancellationToken)
        {
            string json;
            try
            {
                json = await _client.CallToolAsync(_remoteName, call.Arguments.GetRawText(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return ToolOutput.Error("Tool execution failed: " + (ex is AggregateException { InnerException: { } inner } ? inner.Message : ex.Message));
            }
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var content = new List<ToolResultContent>();
            foreach (var item in root.GetProperty("content").EnumerateArray())
            {
                var type = item.GetProperty("type").GetString();
                if (type == "text") content.Add(ToolResultContent.FromText(item.GetProperty("text").GetString() ?? string.Empty));
                else if (type == "image") content.Add(ToolResultContent.FromText($"[image {item.GetProperty("mimeType").GetString()}, {item.GetProperty("data").GetString()?.Length ?? 0} base64 characters]"));
            }
            if (content.Count == 0 && root.TryGetProperty("structuredContent", out var structured))
                content.Add(new ToolResultContent(null, structured.Clone()));
            return new ToolOutput(root.GetProperty("isError").GetBoolean() ? ToolResultStatus.Error : ToolResultStatus.Success, content);
        }
    }
}
