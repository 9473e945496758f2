using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Strands.Bench;

/// <summary>
/// The floor: about the least code that does one agent turn over chat completions — write the
/// request with <c>Utf8JsonWriter</c>, stream the SSE reply through one reused buffer, pull
/// content and the tool call out with <c>Utf8JsonReader</c>, run the tool, send its result, stream
/// the answer. It does the same work as an agent (system prompt, tool schema, usage chunk, text
/// assembled into one string) and none of the safety (no retries, size bounds, validation).
/// </summary>
public sealed class FloorClient
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly ArrayBufferWriter<byte> _body = new(4096);
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _arguments = new();
    private byte[] _buffer = new byte[16 * 1024];
    private string? _toolId;
    private string? _toolName;

    public FloorClient(HttpClient http, Uri endpoint)
    {
        _http = http;
        _endpoint = endpoint;
    }

    /// <summary>Runs one turn (tool call, tool, answer) from an empty conversation; returns the answer text.</summary>
    public async Task<string> RunTurnAsync(string systemPrompt, string prompt, string toolName, string toolDescription, string toolSchema,
        Func<string, string> tool, CancellationToken cancellationToken = default)
    {
        var finish = await CallAsync(systemPrompt, prompt, toolName, toolDescription, toolSchema, null, cancellationToken).ConfigureAwait(false);
        if (finish != "tool_calls") return _text.ToString();

        var id = _toolId!;
        var arguments = _arguments.ToString();
        var result = tool(ReadCity(arguments));
        await CallAsync(systemPrompt, prompt, toolName, toolDescription, toolSchema, (id, arguments, result), cancellationToken).ConfigureAwait(false);
        return _text.ToString();
    }

    private static string ReadCity(string arguments)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(arguments));
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("city"u8) && reader.Read())
                return reader.GetString() ?? string.Empty;
        return string.Empty;
    }

    private async Task<string?> CallAsync(string systemPrompt, string prompt, string toolName, string toolDescription, string toolSchema,
        (string Id, string Arguments, string Result)? toolTurn, CancellationToken cancellationToken)
    {
        WriteRequest(systemPrompt, prompt, toolName, toolDescription, toolSchema, toolTurn);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ReadOnlyMemoryContent(_body.WrittenMemory) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-bench");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);

        _text.Clear();
        _arguments.Clear();
        _toolId = _toolName = null;
        string? finish = null;
        int start = 0, end = 0;
        while (true)
        {
            if (end == _buffer.Length)
            {
                if (start == 0) Array.Resize(ref _buffer, _buffer.Length * 2);
                else { Buffer.BlockCopy(_buffer, start, _buffer, 0, end - start); end -= start; start = 0; }
            }
            var read = await stream.ReadAsync(_buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0) throw new IOException("The stream ended before [DONE].");
            end += read;
            int eol;
            while ((eol = _buffer.AsSpan(start, end - start).IndexOf((byte)'\n')) >= 0)
            {
                var line = _buffer.AsSpan(start, eol);
                start += eol + 1;
                if (!line.StartsWith("data: "u8)) continue;
                var data = line[6..];
                if (data.SequenceEqual("[DONE]"u8)) return finish;
                finish = ParseChunk(data) ?? finish;
            }
            if (start == end) start = end = 0;
        }
    }

    // Depths: 3 = a choice's fields, 4 = delta's fields, 6 = a tool call's, 7 = its function's.
    private string? ParseChunk(ReadOnlySpan<byte> json)
    {
        string? finish = null;
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            var depth = reader.CurrentDepth;
            if (depth == 4 && reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) _text.Append(reader.GetString());
            }
            else if (depth == 3 && reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) finish = reader.GetString();
            }
            else if (depth == 6 && reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                _toolId = reader.GetString();
            }
            else if (depth == 7 && reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                _toolName = reader.GetString();
            }
            else if (depth == 7 && reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                _arguments.Append(reader.GetString());
            }
        }
        return finish;
    }

    private void WriteRequest(string systemPrompt, string prompt, string toolName, string toolDescription, string toolSchema,
        (string Id, string Arguments, string Result)? toolTurn)
    {
        _body.ResetWrittenCount();
        using var w = new Utf8JsonWriter(_body);
        w.WriteStartObject();
        w.WriteString("model", "gpt-4o");
        w.WriteStartArray("messages");
        w.WriteStartObject();
        w.WriteString("role", "system");
        w.WriteString("content", systemPrompt);
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("role", "user");
        w.WriteString("content", prompt);
        w.WriteEndObject();
        if (toolTurn is var (id, arguments, result))
        {
            w.WriteStartObject();
            w.WriteString("role", "assistant");
            w.WriteNull("content");
            w.WriteStartArray("tool_calls");
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", _toolName ?? toolName);
            w.WriteString("arguments", arguments);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("role", "tool");
            w.WriteString("tool_call_id", id);
            w.WriteString("content", result);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("tools");
        w.WriteStartObject();
        w.WriteString("type", "function");
        w.WriteStartObject("function");
        w.WriteString("name", toolName);
        w.WriteString("description", toolDescription);
        w.WritePropertyName("parameters");
        w.WriteRawValue(toolSchema, skipInputValidation: true);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteBoolean("stream", true);
        w.WriteStartObject("stream_options");
        w.WriteBoolean("include_usage", true);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
