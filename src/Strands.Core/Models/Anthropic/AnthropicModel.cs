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
    public sealed class AnthropicModel : IModel
    {
        /// <summary>The <c>anthropic-version</c> header value; the only version the API has shipped for Messages.</summary>
        public const string ApiVersion = "2023-06-01";

        private const string MessagesPath = "/v1/messages";
        private readonly ApiKey? _apiKey;
        private readonly JsonElement? _parameters;
        private readonly ModelHttpClient _http;
        private readonly bool _stream;

        /// <summary>Creates the adapter.</summary>
        /// <param name="provider">Routing name, e.g. <c>anthropic</c>; also used for price-table lookups and in errors.</param>
        /// <param name="modelName">Model name sent on the wire.</param>
        /// <param name="endpoint">The full Messages URL (see <see cref="MessagesUrl"/>).</param>
        /// <param name="apiKey">Sent as <c>x-api-key</c>; null sends none (a gateway that adds it).</param>
        /// <param name="parameters">Params: a JSON object; OpenAI-style names are mapped, others pass through.</param>
        /// <param name="http">Transport settings.</param>
        public AnthropicModel(string provider, string modelName, Uri endpoint, ApiKey? apiKey, JsonElement? parameters, HttpSettings http)
        {
            Provider = provider;
            ModelName = modelName;
            Endpoint = endpoint;
            _apiKey = apiKey;
            _parameters = parameters?.Clone();
            _http = new ModelHttpClient(provider, http);
            // A bad reasoning_effort fails here, when the model is created, not at the first request.
            if (ReasoningEffort.Read(parameters) is Effort effort) ReasoningEffort.ForAnthropic(modelName, effort);
            _stream = !(parameters is JsonElement p && p.ValueKind == JsonValueKind.Object
                        && p.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.False);
            DefaultMaxTokens = PriceTable.MaxOutputTokens(provider, modelName) ?? AnthropicRequestWriter.FallbackMaxTokens;
        }

        /// <inheritdoc/>
        public string Provider { get; }

        /// <inheritdoc/>
        public string ModelName { get; }

        /// <summary>The Messages URL requests go to.</summary>
        public Uri Endpoint { get; }

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
        public async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var body = AnthropicRequestWriter.Write(ModelName, request, _parameters, _stream, DefaultMaxTokens);
            request.Trace?.Debug($"POST {Endpoint}\n{Encoding.UTF8.GetString(body)}");

            using var response = await _http.SendAsync(() => CreateRequest(body), AnthropicErrors.Describe, request.Trace, cancellationToken).ConfigureAwait(false);

            // A gateway may answer a streaming request with one JSON body; read what was sent.
            if (_stream && !IsJson(response.Message))
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
                using var buffer = new MemoryStream();
                await response.Body.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
                request.Trace?.Debug("Response: " + Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                var events = AnthropicResponseParser.Parse(Provider, new ReadOnlySpan<byte>(buffer.GetBuffer(), 0, (int)buffer.Length));
                foreach (var e in events) yield return e;
            }
        }

        private static bool IsJson(HttpResponseMessage response) =>
            string.Equals(response.Content.Headers.ContentType?.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);

        private HttpRequestMessage CreateRequest(byte[] body)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, Endpoint)
            {
                Content = new ByteArrayContent(body),
            };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            message.Headers.TryAddWithoutValidation("anthropic-version", ApiVersion);
            if (_apiKey != null) message.Headers.TryAddWithoutValidation("x-api-key", _apiKey.Reveal());
            return message;
        }
    }
}
