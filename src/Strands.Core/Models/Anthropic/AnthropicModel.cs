using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using Strands.Models.Common;
using Strands.Models.Http;
using Strands.Streaming;
using Strands.Telemetry;
using Strands.Types;

namespace Strands.Models.Anthropic
{
    /// <summary>
    /// Anthropic Messages API adapter (<c>POST {base}/v1/messages</c> with <c>x-api-key</c>).
    /// Streams with SSE by default; <c>"stream": false</c> in Params asks for one JSON response.
    /// Both are mapped to the same <see cref="ModelStreamEvent"/> sequence, with usage in the
    /// common convention (cache reads and writes counted inside the input tokens).
    /// </summary>
    public sealed class AnthropicModel : HttpModel
    {
        /// <summary>The <c>anthropic-version</c> header value; the only version the API has shipped for Messages.</summary>
        public const string ApiVersion = "2023-06-01";

        private const string MessagesPath = "/v1/messages";
        private readonly ApiKey? _apiKey;
        private readonly BearerTokenSource? _tokens;
        private readonly string? _bodyVersion;

        /// <summary>Creates the adapter.</summary>
        /// <param name="provider">Routing name, e.g. <c>anthropic</c>; also used for price-table lookups and in errors.</param>
        /// <param name="modelName">Model name sent on the wire.</param>
        /// <param name="endpoint">The full Messages URL (see <see cref="MessagesUrl"/>).</param>
        /// <param name="apiKey">Sent as <c>x-api-key</c>; null sends none (a gateway that adds it).</param>
        /// <param name="parameters">Params: a JSON object; OpenAI-style names are mapped, others pass through.</param>
        /// <param name="http">Transport settings.</param>
        public AnthropicModel(string provider, string modelName, Uri endpoint, ApiKey? apiKey, JsonElement? parameters, HttpSettings http)
            : base(provider, modelName, parameters, http)
        {
            Endpoint = endpoint;
            _apiKey = apiKey;
            // A bad reasoning_effort fails here, when the model is created, not at the first request.
            if (ReasoningEffort.Read(parameters) is Effort effort) ClaudeThinking.For(modelName, effort);
            DefaultMaxTokens = PriceTable.MaxOutputTokens(provider, modelName) ?? AnthropicRequestWriter.FallbackMaxTokens;
        }

        /// <summary>
        /// Creates the adapter for Claude on a cloud that names the model in the URL and takes the
        /// version in the body (Vertex AI's rawPredict), authenticated with bearer tokens.
        /// </summary>
        internal AnthropicModel(string provider, string modelName, Uri endpoint, BearerTokenSource tokens, string bodyVersion, JsonElement? parameters, HttpSettings http)
            : this(provider, modelName, endpoint, (ApiKey?)null, parameters, http)
        {
            _tokens = tokens;
            _bodyVersion = bodyVersion;
        }

        /// <summary>The Messages URL requests go to.</summary>
        public override Uri Endpoint { get; }

        /// <inheritdoc/>
        // Messages API: images up to 5 MB each; documents are PDFs (base64) and plain text (a text
        // source, which txt, md, csv and html are sent as); a request holds at most 32 MB.
        public override AttachmentLimits Attachments { get; } =
            new(Attachment.ImageFormats, new[] { "pdf", "txt", "md", "csv", "html" }, maxImageMegabytes: 5, maxDocumentMegabytes: 32);

        /// <summary>
        /// <c>max_tokens</c> sent when Params set none: the model's output limit from the price
        /// table, else 4096. The API requires the field, and LiteLLM fills it the same way.
        /// </summary>
        public int DefaultMaxTokens { get; }

        /// <summary>The Messages URL for a base: LiteLLM appends <c>/v1/messages</c> unless the base already ends with it.</summary>
        public static Uri MessagesUrl(string apiBase)
        {
            var trimmed = apiBase.TrimEnd('/');
            return new Uri(trimmed.EndsWith(MessagesPath, StringComparison.OrdinalIgnoreCase) ? trimmed : trimmed + MessagesPath);
        }

        /// <inheritdoc/>
        public override async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var body = AnthropicRequestWriter.Write(ModelName, request, Parameters, Streaming, DefaultMaxTokens, _bodyVersion);
            TraceRequest(request.Trace, body, body.Length);

            var token = _tokens is null ? null : await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            using var response = await Http.SendAsync(() => CreateRequest(body, token), AnthropicErrors.Describe, request.Trace, cancellationToken).ConfigureAwait(false);

            // A gateway may answer a streaming request with one JSON body; read what was sent.
            if (Streaming && !IsJson(response.Message))
            {
                var parser = new AnthropicStreamParser(Provider);
                using var sse = new SseReader(response.Body);
                while (await sse.MoveNextAsync(cancellationToken).ConfigureAwait(false))
                {
                    foreach (var e in parser.Accept(sse.Data.Span)) yield return e;
                }
                foreach (var e in parser.Finish()) yield return e;
            }
            else
            {
                var whole = await ReadWholeBodyAsync(response, request.Trace, cancellationToken).ConfigureAwait(false);
                var events = AnthropicResponseParser.Parse(Provider, whole.Span);
                foreach (var e in events) yield return e;
            }
        }

        private static bool IsJson(HttpResponseMessage response) =>
            string.Equals(response.Content.Headers.ContentType?.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);

        private HttpRequestMessage CreateRequest(byte[] body, ApiKey? token)
        {
            var message = JsonPost(body, body.Length);
            if (_bodyVersion is null) message.Headers.TryAddWithoutValidation("anthropic-version", ApiVersion);
            if (token != null) message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token.Reveal());
            else if (_apiKey != null) message.Headers.TryAddWithoutValidation("x-api-key", _apiKey.Reveal());
            return message;
        }
    }
}
