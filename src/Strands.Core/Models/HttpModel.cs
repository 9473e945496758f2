using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.Models.Common;
using Strands.Models.Http;
using Strands.Streaming;
using Strands.Types;

namespace Strands.Models
{
    /// <summary>
    /// What every HTTP adapter has in common: its names and parameters, the <c>"stream": false</c>
    /// switch, the transport, the JSON POST it sends, the buffered reading of a reply that is not
    /// streamed, and the errors for a reply that breaks its format. Subclasses write their
    /// provider's body, add its authentication and parse its reply.
    /// </summary>
    public abstract class HttpModel : IModel
    {
        /// <summary>Sets up the adapter.</summary>
        /// <param name="provider">Routing name; names the provider in errors and price lookups.</param>
        /// <param name="modelName">Model name sent on the wire.</param>
        /// <param name="parameters">Params: a JSON object; <c>"stream": false</c> asks for one JSON reply.</param>
        /// <param name="http">Timeouts, retries, bounds and extra headers.</param>
        protected HttpModel(string provider, string modelName, JsonElement? parameters, HttpSettings http)
        {
            Provider = provider;
            ModelName = modelName;
            Parameters = parameters?.Clone();
            Http = new ModelHttpClient(provider, http);
            Streaming = !(parameters is JsonElement p && p.ValueKind == JsonValueKind.Object
                          && p.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.False);
        }

        /// <inheritdoc/>
        public string Provider { get; }

        /// <inheritdoc/>
        public string ModelName { get; }

        /// <summary>The URL requests go to; it never holds a key.</summary>
        public abstract Uri Endpoint { get; }

        /// <summary>The images and documents this provider's format takes, checked before a prompt joins the conversation.</summary>
        public abstract AttachmentLimits Attachments { get; }

        /// <summary>The model's parameters (a private copy), or null.</summary>
        protected JsonElement? Parameters { get; }

        /// <summary>Whether to ask for a streamed reply: true unless the parameters say <c>"stream": false</c>.</summary>
        protected bool Streaming { get; }

        /// <summary>Sends the requests, with retries and bounds.</summary>
        protected ModelHttpClient Http { get; }

        /// <inheritdoc/>
        public abstract IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, CancellationToken cancellationToken);

        /// <summary>A POST of <paramref name="count"/> bytes of JSON to <see cref="Endpoint"/>; the caller adds its authentication.</summary>
        protected HttpRequestMessage JsonPost(byte[] body, int count)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body, 0, count) };
            // A raw value: a typed header object would be allocated per call and formatted again when sent.
            message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            return message;
        }

        /// <summary>Shows the request in the trace (its bodies are redacted by the trace's owner).</summary>
        protected void TraceRequest(IModelTrace? trace, byte[] body, int count) =>
            trace?.Debug($"POST {Endpoint}\n{Encoding.UTF8.GetString(body, 0, count)}");

        /// <summary>Reads a reply that is not streamed whole (it is bounded by the transport) and shows it in the trace.</summary>
        protected static async Task<ReadOnlyMemory<byte>> ReadWholeBodyAsync(ModelHttpResponse response, IModelTrace? trace, CancellationToken cancellationToken)
        {
            using var buffer = new MemoryStream();
            await response.Body.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
            var body = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
            trace?.Debug("Response: " + WireJson.Utf8(body));
            return body;
        }

        /// <summary>
        /// The events of a reply made of whole JSON objects: read one by one from the stream
        /// <paramref name="openStream"/> opens, or as one object when not streaming.
        /// </summary>
        /// <param name="parser">The provider's parser.</param>
        /// <param name="response">The reply.</param>
        /// <param name="openStream">Opens the reader of the streamed reply (SSE, NDJSON).</param>
        /// <param name="stopWhenFinished">Whether the chunk that finishes the reply ends the reading, rather than the end of the stream.</param>
        /// <param name="trace">Receives the reply when it is not streamed.</param>
        /// <param name="cancellationToken">Stops the reading.</param>
        private protected async IAsyncEnumerable<ModelStreamEvent> ReadJsonChunksAsync(IJsonChunkParser parser, ModelHttpResponse response,
            Func<Stream, IJsonChunkReader> openStream, bool stopWhenFinished, IModelTrace? trace, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var events = new List<ModelStreamEvent>(4);
            if (Streaming)
            {
                using var reader = openStream(response.Body);
                while (!(stopWhenFinished && parser.Finished) && await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false))
                {
                    foreach (var e in ParseChunk(parser, reader.Chunk, events)) yield return e;
                }
                if (!parser.Finished) throw EndedEarly();
            }
            else
            {
                var whole = await ReadWholeBodyAsync(response, trace, cancellationToken).ConfigureAwait(false);
                foreach (var e in ParseChunk(parser, whole, events)) yield return e;
            }
            events.Clear();
            parser.Finish(events);
            foreach (var e in events) yield return e;
        }

        private List<ModelStreamEvent> ParseChunk(IJsonChunkParser parser, ReadOnlyMemory<byte> json, List<ModelStreamEvent> events)
        {
            events.Clear();
            try
            {
                parser.Parse(json, events);
            }
            catch (JsonException ex)
            {
                throw MalformedJson(ex);
            }
            return events;
        }

        /// <summary>The error for a reply whose JSON does not parse.</summary>
        protected StreamFormatException MalformedJson(JsonException ex) => new($"{Provider} sent malformed JSON: {ex.Message}", ex);

        /// <summary>The error for a stream that ended before the model said it was done.</summary>
        protected StreamFormatException EndedEarly() => new($"The {Provider} stream ended before the model finished (connection dropped?).");
    }
}
