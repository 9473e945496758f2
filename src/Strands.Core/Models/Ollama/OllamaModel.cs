using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using Strands.Models.Http;
using Strands.Streaming;
using Strands.Types;

namespace Strands.Models.Ollama
{
    /// <summary>
    /// Ollama adapter for both <c>ollama/</c> and <c>ollama_chat/</c>: <c>POST {base}/api/chat</c>,
    /// streamed as NDJSON (or one object when params say <c>stream: false</c>).
    /// </summary>
    /// <remarks>
    /// Params: <c>max_tokens</c>/<c>max_completion_tokens</c> become <c>options.num_predict</c>;
    /// <c>think</c>, <c>keep_alive</c> and <c>format</c> are request fields; an <c>options</c>
    /// object is merged; any other param is sent as a model option (temperature, top_p, top_k,
    /// stop, seed, num_ctx, …). <c>tool_choice</c> is not sent: Ollama has no such field.
    /// </remarks>
    public sealed class OllamaModel : IModel
    {
        private readonly Uri _endpoint;
        private readonly ApiKey? _apiKey;
        private readonly JsonElement? _parameters;
        private readonly ModelHttpClient _http;
        private readonly bool _stream;

        /// <summary>Creates the adapter.</summary>
        /// <param name="provider">Routing name: <c>ollama</c> or <c>ollama_chat</c>.</param>
        /// <param name="modelName">Model tag such as <c>llama3.1:8b</c>.</param>
        /// <param name="apiBase">Server root, e.g. <c>http://localhost:11434</c>; a base already ending in <c>/api/chat</c> is used as is.</param>
        /// <param name="apiKey">Sent as a bearer token when set (Ollama cloud, authenticating proxies).</param>
        /// <param name="parameters">Params object (see remarks).</param>
        /// <param name="http">Transport settings.</param>
        public OllamaModel(string provider, string modelName, string apiBase, ApiKey? apiKey, JsonElement? parameters, HttpSettings http)
        {
            Provider = provider;
            ModelName = modelName;
            _apiKey = apiKey;
            _parameters = parameters;
            _http = new ModelHttpClient(provider, http);
            // A bad reasoning_effort fails here, when the model is created, not at the first request.
            if (ReasoningEffort.Read(parameters) is Effort effort) ReasoningEffort.ForOllama(modelName, effort);
            _stream = !(parameters is JsonElement p && p.ValueKind == JsonValueKind.Object
                        && p.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.False);
            var root = apiBase.TrimEnd('/');
            _endpoint = new Uri(root.EndsWith("/api/chat", StringComparison.Ordinal) ? root : root + "/api/chat");
        }

        /// <inheritdoc/>
        public string Provider { get; }

        /// <inheritdoc/>
        public string ModelName { get; }

        /// <summary>The <c>/api/chat</c> URL requests go to.</summary>
        public Uri Endpoint => _endpoint;

        /// <inheritdoc/>
        public async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var body = OllamaRequestWriter.Write(ModelName, request, _parameters, _stream);
            request.Trace?.Debug($"POST {_endpoint}\n{Encoding.UTF8.GetString(body)}");

            using var response = await _http.SendAsync(() => CreateRequest(body), Describe, request.Trace, cancellationToken).ConfigureAwait(false);
            var parser = new OllamaStreamParser(Provider);
            var events = new List<ModelStreamEvent>(4);
            if (_stream)
            {
                using var lines = new NdjsonReader(response.Body);
                while (await lines.MoveNextAsync(cancellationToken).ConfigureAwait(false))
                {
                    events.Clear();
                    Parse(parser, lines.Current, events);
                    foreach (var e in events) yield return e;
                    if (parser.Done) break;
                }
                if (!parser.Done)
                    throw new StreamFormatException($"The {Provider} stream ended before the model finished (connection dropped?).");
            }
            else
            {
                using var buffer = new MemoryStream();
                await response.Body.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
                var json = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
                request.Trace?.Debug("Response: " + WireJson.Utf8(json));
                Parse(parser, json, events);
                foreach (var e in events) yield return e;
            }
            events.Clear();
            parser.Finish(events);
            foreach (var e in events) yield return e;
        }

        private void Parse(OllamaStreamParser parser, ReadOnlyMemory<byte> json, List<ModelStreamEvent> events)
        {
            try
            {
                parser.Parse(json, events);
            }
            catch (JsonException ex)
            {
                throw new StreamFormatException($"{Provider} sent malformed JSON: {ex.Message}", ex);
            }
        }

        private HttpRequestMessage CreateRequest(byte[] body)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (_apiKey != null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey.Reveal());
            return message;
        }

        private static (string, bool) Describe(int status, string body)
        {
            var message = body;
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
                    message = error.GetString()!;
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page, plain text): the raw body is the message.
            }
            return (message, OllamaStreamParser.IsOverflow(message));
        }
    }
}
