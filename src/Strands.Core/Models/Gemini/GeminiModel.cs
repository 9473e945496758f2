using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.Models.Common;
using Strands.Models.Http;
using Strands.Streaming;
using Strands.Types;

namespace Strands.Models.Gemini
{
    /// <summary>
    /// Google AI Studio (Gemini API) adapter: <c>POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse</c>,
    /// or <c>:generateContent</c> when params say <c>stream: false</c>.
    /// </summary>
    /// <remarks>
    /// The key travels in the <c>x-goog-api-key</c> header, never in the URL (LiteLLM's default
    /// <c>?key=</c> puts it into every proxy and trace log). Cache points are dropped: Gemini caches
    /// through explicit <c>cachedContents</c> resources, which a request can name with the
    /// <c>cachedContent</c> param. Thought signatures round-trip on function-call parts through
    /// <see cref="ToolUseBlock.ReasoningSignature"/>.
    /// </remarks>
    public sealed class GeminiModel : HttpModel
    {
        private readonly ApiKey? _apiKey;
        private readonly BearerTokenSource? _tokens;

        /// <summary>Creates the adapter.</summary>
        /// <param name="provider">Routing name, normally <c>gemini</c>.</param>
        /// <param name="modelName">Model id such as <c>gemini-2.5-flash</c> (a leading <c>models/</c> is accepted).</param>
        /// <param name="apiBase">Service root, e.g. <c>https://generativelanguage.googleapis.com</c>; a base already ending in an API version (<c>/v1beta</c>) is used as is.</param>
        /// <param name="apiKey">The AI Studio key.</param>
        /// <param name="parameters">Params object: OpenAI-style names (max_tokens, temperature, top_p, top_k, stop, seed, …) are mapped to generationConfig; Gemini's own generationConfig field names, <c>generationConfig</c>, <c>safetySettings</c> and <c>cachedContent</c> pass through.</param>
        /// <param name="http">Transport settings.</param>
        public GeminiModel(string provider, string modelName, string apiBase, ApiKey? apiKey, JsonElement? parameters, HttpSettings http)
            : base(provider, modelName.StartsWith("models/", StringComparison.Ordinal) ? modelName.Substring("models/".Length) : modelName, parameters, http)
        {
            _apiKey = apiKey;
            // A bad reasoning_effort fails here, when the model is created, not at the first request.
            if (ReasoningEffort.Read(parameters) is Effort effort) GeminiThinking.For(ModelName, effort);
            Endpoint = BuildEndpoint(apiBase, ModelName, Streaming);
        }

        /// <summary>Creates the adapter for a full method URL authenticated with bearer tokens (Gemini on Vertex AI).</summary>
        internal GeminiModel(string provider, string modelName, Uri endpoint, BearerTokenSource tokens, JsonElement? parameters, HttpSettings http)
            : base(provider, modelName, parameters, http)
        {
            _tokens = tokens;
            if (ReasoningEffort.Read(parameters) is Effort effort) GeminiThinking.For(ModelName, effort);
            Endpoint = endpoint;
        }

        /// <inheritdoc/>
        public override Uri Endpoint { get; }

        /// <summary>The method for a stream or a whole answer: <c>:streamGenerateContent?alt=sse</c> or <c>:generateContent</c>.</summary>
        internal static string Method(bool stream) => stream ? ":streamGenerateContent?alt=sse" : ":generateContent";

        /// <inheritdoc/>
        // inlineData: images in PNG, JPEG and WEBP (no GIF), documents as PDF or text, and at most
        // 20 MB of inline data in a request.
        public override AttachmentLimits Attachments { get; } =
            new(new[] { "png", "jpeg", "webp" }, new[] { "pdf", "txt", "md", "csv", "html" }, maxImageMegabytes: 20, maxDocumentMegabytes: 20);

        /// <inheritdoc/>
        public override async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var ignored = new List<string>();
            var body = GeminiRequestWriter.Write(ModelName, request, Parameters, ignored);
            if (ignored.Count > 0) request.Trace?.Debug($"{Provider} has no use for these params; not sent: {string.Join(", ", ignored)}");
            TraceRequest(request.Trace, body, body.Length);

            ModelHttpResponse response;
            try
            {
                var token = _tokens is null ? null : await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
                response = await Http.SendAsync(() => CreateRequest(body, token), GeminiErrors.Describe, request.Trace, cancellationToken).ConfigureAwait(false);
            }
            catch (ModelException ex) when (GeminiErrors.IsBadKey(ex))
            {
                throw GeminiErrors.BadKey(ex.Message);
            }

            using (response)
            {
                // Read to the end of the stream: the chunk with the finish reason need not be the last.
                var events = ReadJsonChunksAsync(new GeminiStreamParser(Provider), response, body => new SseReader(body), stopWhenFinished: false, request.Trace, cancellationToken);
                await foreach (var e in events.ConfigureAwait(false)) yield return e;
            }
        }

        private HttpRequestMessage CreateRequest(byte[] body, ApiKey? token)
        {
            var message = JsonPost(body, body.Length);
            if (token != null) message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token.Reveal());
            else if (_apiKey != null) message.Headers.TryAddWithoutValidation("x-goog-api-key", _apiKey.Reveal());
            return message;
        }

        private static Uri BuildEndpoint(string apiBase, string model, bool stream)
        {
            var root = apiBase.TrimEnd('/');
            var lastSegment = root.Substring(root.LastIndexOf('/') + 1);
            // LiteLLM's custom-base form is {api_base}/models/{model}, so a base may carry the version.
            var versioned = lastSegment.StartsWith("v1", StringComparison.Ordinal) && lastSegment.Length <= 8;
            return new Uri($"{root}{(versioned ? string.Empty : "/v1beta")}/models/{Uri.EscapeDataString(model)}{Method(stream)}");
        }
    }
}
