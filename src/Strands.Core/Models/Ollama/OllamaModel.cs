using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
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
    public sealed class OllamaModel : HttpModel
    {
        private readonly ApiKey? _apiKey;

        /// <summary>Creates the adapter.</summary>
        /// <param name="provider">Routing name: <c>ollama</c> or <c>ollama_chat</c>.</param>
        /// <param name="modelName">Model tag such as <c>llama3.1:8b</c>.</param>
        /// <param name="apiBase">Server root, e.g. <c>http://localhost:11434</c>; a base already ending in <c>/api/chat</c> is used as is.</param>
        /// <param name="apiKey">Sent as a bearer token when set (Ollama cloud, authenticating proxies).</param>
        /// <param name="parameters">Params object (see remarks).</param>
        /// <param name="http">Transport settings.</param>
        public OllamaModel(string provider, string modelName, string apiBase, ApiKey? apiKey, JsonElement? parameters, HttpSettings http)
            : base(provider, modelName, parameters, http)
        {
            _apiKey = apiKey;
            // A bad reasoning_effort fails here, when the model is created, not at the first request.
            if (ReasoningEffort.Read(parameters) is Effort effort) OllamaThink.For(modelName, effort);
            var root = apiBase.TrimEnd('/');
            Endpoint = new Uri(root.EndsWith("/api/chat", StringComparison.Ordinal) ? root : root + "/api/chat");
        }

        /// <summary>The <c>/api/chat</c> URL requests go to.</summary>
        public override Uri Endpoint { get; }

        /// <inheritdoc/>
        // /api/chat takes base64 images on a message and no documents; no size limit is documented.
        public override AttachmentLimits Attachments { get; } =
            new(Attachment.ImageFormats, Array.Empty<string>(), maxImageMegabytes: null, maxDocumentMegabytes: null);

        /// <inheritdoc/>
        public override async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var body = OllamaRequestWriter.Write(ModelName, request, Parameters, Streaming);
            TraceRequest(request.Trace, body, body.Length);

            using var response = await Http.SendAsync(() => CreateRequest(body), Describe, request.Trace, cancellationToken).ConfigureAwait(false);
            // The line that says done ends the reply; the reading stops there rather than waiting for the connection to close.
            var events = ReadJsonChunksAsync(new OllamaStreamParser(Provider), response, body => new NdjsonReader(body), stopWhenFinished: true, request.Trace, cancellationToken);
            await foreach (var e in events.ConfigureAwait(false)) yield return e;
        }

        private HttpRequestMessage CreateRequest(byte[] body)
        {
            var message = JsonPost(body, body.Length);
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
