using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Strands.Types;

namespace Strands.Models.Replay
{
    /// <summary>
    /// The model a recording was made with: enough for <c>replay/&lt;path&gt;</c> to route to the
    /// same adapter and build the same requests. Holds no key.
    /// </summary>
    /// <param name="ModelId">The id as the script wrote it, e.g. <c>anthropic/claude-3-7-sonnet-20250219</c>.</param>
    /// <param name="Provider">The provider it routed to, e.g. <c>anthropic</c>.</param>
    /// <param name="ModelName">The model name sent on the wire.</param>
    /// <param name="ApiBase">The endpoint base (user info and key-like query values removed).</param>
    public sealed record RecordedModel(string ModelId, string Provider, string ModelName, string ApiBase)
    {
        /// <summary>Whether the model was sent through a LiteLLM proxy by option rather than by prefix.</summary>
        public bool UseLiteLlmProxy { get; init; }

        /// <summary>Azure <c>api-version</c>, when the provider uses one.</summary>
        public string? ApiVersion { get; init; }

        /// <summary>Bedrock region, when the provider uses one.</summary>
        public string? Region { get; init; }

        /// <summary>The model parameters (Strands' params) merged into each request.</summary>
        public JsonElement? Params { get; init; }
    }

    /// <summary>One HTTP exchange: the request as sent (without headers) and the response byte-exact.</summary>
    public sealed class RecordedExchange
    {
        /// <summary>HTTP method, e.g. <c>POST</c>.</summary>
        public string Method { get; set; } = "POST";

        /// <summary>Path and query of the request URL, key-like query values replaced by <see cref="Redaction.Mask"/>.</summary>
        public string Path { get; set; } = "/";

        /// <summary>The request body when it is JSON.</summary>
        public JsonElement? Body { get; set; }

        /// <summary>The request body when it is not JSON (or empty).</summary>
        public string? BodyText { get; set; }

        /// <summary>HTTP status of the response.</summary>
        public int Status { get; set; } = 200;

        /// <summary>Response headers, content headers included, without cookies or credentials.</summary>
        public List<KeyValuePair<string, string>> Headers { get; } = new();

        /// <summary>The response body as the reads of the network stream returned it, in order.</summary>
        public List<byte[]> Chunks { get; } = new();
    }

    /// <summary>
    /// A recorded model session: the JSON file a recording model writes and a replaying one reads.
    /// Text bodies are stored as readable strings so recordings can be written by hand and reviewed
    /// in a diff; binary ones (Bedrock's event stream) as base64, so replay is byte-exact either way.
    /// </summary>
    public sealed class Recording
    {
        /// <summary>The value of the <c>format</c> field; the suffix changes only with incompatible layouts.</summary>
        public const string FormatName = "strands-recording/1";

        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>Creates a recording of <paramref name="model"/> with no exchanges yet.</summary>
        public Recording(RecordedModel model) => Model = model ?? throw new ArgumentNullException(nameof(model));

        /// <summary>The model the exchanges belong to.</summary>
        public RecordedModel Model { get; }

        /// <summary>True for recordings written by hand rather than captured from a live provider.</summary>
        public bool Synthetic { get; set; }

        /// <summary>Free text for readers: where the recording came from, what it shows.</summary>
        public string? Note { get; set; }

        /// <summary>The exchanges in the order the model made them.</summary>
        public List<RecordedExchange> Exchanges { get; } = new();

        /// <summary>Reads a recording file.</summary>
        /// <exception cref="StrandsException"><c>InvalidArgument</c> when the file is missing, <c>RecordingInvalid</c> when it is not a recording.</exception>
        public static Recording Load(string path)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.NotFound, $"Cannot read the recording '{path}': {ex.Message}", ex)
                {
                    Recommendation = ErrorText.Of($"Check the path, or record the session first with {Setting.RecordTo}."),
                };
            }

            try
            {
                return Parse(bytes);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                throw new StrandsException(ErrorIds.RecordingInvalid, ErrorKind.InvalidData, $"'{path}' is not a valid {FormatName} recording: {ex.Message}", ex)
                {
                    Recommendation = ErrorText.Of($"Record the session again with {Setting.RecordTo}, or fix the file (see 'Recording and replay' in the README)."),
                };
            }
        }

        /// <summary>Parses the JSON of a recording.</summary>
        public static Recording Parse(byte[] json)
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = doc.RootElement;
            var format = root.GetProperty("format").GetString();
            if (format is null || !format.StartsWith("strands-recording/", StringComparison.Ordinal))
                throw new FormatException($"the format is '{format}', expected '{FormatName}'");

            var m = root.GetProperty("model");
            var recording = new Recording(new RecordedModel(
                m.GetProperty("modelId").GetString()!, m.GetProperty("provider").GetString()!,
                m.GetProperty("modelName").GetString()!, m.GetProperty("apiBase").GetString()!)
            {
                UseLiteLlmProxy = m.TryGetProperty("useLiteLlmProxy", out var proxy) && proxy.GetBoolean(),
                ApiVersion = OptionalString(m, "apiVersion"),
                Region = OptionalString(m, "region"),
                Params = m.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object ? p.Clone() : null,
            })
            {
                Synthetic = root.TryGetProperty("synthetic", out var synthetic) && synthetic.GetBoolean(),
                Note = OptionalString(root, "note"),
            };

            var index = 0;
            foreach (var e in root.GetProperty("exchanges").EnumerateArray())
            {
                index++;
                var request = e.GetProperty("request");
                var response = e.GetProperty("response");
                var exchange = new RecordedExchange
                {
                    Method = request.GetProperty("method").GetString()!,
                    Path = request.GetProperty("path").GetString()!,
                    Body = request.TryGetProperty("body", out var body) ? body.Clone() : null,
                    BodyText = OptionalString(request, "bodyText"),
                    Status = response.GetProperty("status").GetInt32(),
                };
                if (response.TryGetProperty("headers", out var headers))
                {
                    foreach (var h in headers.EnumerateObject()) exchange.Headers.Add(new KeyValuePair<string, string>(h.Name, h.Value.GetString()!));
                }

                var base64 = OptionalString(response, "encoding") switch
                {
                    null or "utf-8" => false,
                    "base64" => true,
                    var other => throw new FormatException($"exchange {index}: unknown encoding '{other}' (use utf-8 or base64)"),
                };
                foreach (var chunk in response.GetProperty("chunks").EnumerateArray())
                {
                    var text = chunk.GetString()!;
                    exchange.Chunks.Add(base64 ? Convert.FromBase64String(text) : Encoding.UTF8.GetBytes(text));
                }

                recording.Exchanges.Add(exchange);
            }

            return recording;
        }

        /// <summary>The recording as indented JSON.</summary>
        public byte[] ToJson()
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteString("format", FormatName);
                if (Synthetic) w.WriteBoolean("synthetic", true);
                if (Note != null) w.WriteString("note", Note);
                w.WriteStartObject("model");
                w.WriteString("modelId", Model.ModelId);
                w.WriteString("provider", Model.Provider);
                w.WriteString("modelName", Model.ModelName);
                w.WriteString("apiBase", Model.ApiBase);
                if (Model.UseLiteLlmProxy) w.WriteBoolean("useLiteLlmProxy", true);
                if (Model.ApiVersion != null) w.WriteString("apiVersion", Model.ApiVersion);
                if (Model.Region != null) w.WriteString("region", Model.Region);
                if (Model.Params is JsonElement p)
                {
                    w.WritePropertyName("params");
                    p.WriteTo(w);
                }

                w.WriteEndObject();
                w.WriteStartArray("exchanges");
                foreach (var e in Exchanges) WriteExchange(w, e);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
            return buffer.ToArray();
        }

        /// <summary>
        /// Writes the recording so that a reader never sees half a file: to a temporary file beside
        /// it, then renamed over it (an atomic rename on the same volume).
        /// </summary>
        public void Save(string path)
        {
            var full = System.IO.Path.GetFullPath(path);
            var temp = full + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                File.WriteAllBytes(temp, ToJson());
                if (File.Exists(full)) File.Replace(temp, full, destinationBackupFileName: null);
                else File.Move(temp, full);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.WriteFailed, $"Cannot write the recording '{path}': {ex.Message}", ex)
                {
                    Recommendation = ErrorText.Of($"Check that the folder of {Setting.RecordTo} exists and is writable."),
                };
            }
        }

        private static void WriteExchange(Utf8JsonWriter w, RecordedExchange e)
        {
            w.WriteStartObject();
            w.WriteStartObject("request");
            w.WriteString("method", e.Method);
            w.WriteString("path", e.Path);
            if (e.Body is JsonElement body)
            {
                w.WritePropertyName("body");
                body.WriteTo(w);
            }
            else if (e.BodyText != null)
            {
                w.WriteString("bodyText", e.BodyText);
            }

            w.WriteEndObject();
            w.WriteStartObject("response");
            w.WriteNumber("status", e.Status);
            w.WriteStartObject("headers");
            foreach (var h in e.Headers) w.WriteString(h.Key, h.Value);
            w.WriteEndObject();
            var text = IsText(e);
            w.WriteString("encoding", text ? "utf-8" : "base64");
            w.WriteStartArray("chunks");
            foreach (var chunk in e.Chunks) w.WriteStringValue(text ? StrictUtf8.GetString(chunk) : Convert.ToBase64String(chunk));
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        // A chunk boundary may split a UTF-8 character; then the whole body goes base64 so that
        // each chunk still replays byte for byte.
        private static bool IsText(RecordedExchange e)
        {
            var type = e.Headers.FirstOrDefault(h => h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase)).Value ?? string.Empty;
            if (type.IndexOf("eventstream", StringComparison.OrdinalIgnoreCase) >= 0 || type.IndexOf("octet-stream", StringComparison.OrdinalIgnoreCase) >= 0)
                return false;
            try
            {
                foreach (var chunk in e.Chunks) StrictUtf8.GetString(chunk);
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        private static string? OptionalString(JsonElement obj, string name) =>
            obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
