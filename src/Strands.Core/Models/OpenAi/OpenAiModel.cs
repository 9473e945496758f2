using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using Strands.Internal;
using Strands.Models.Common;
using Strands.Models.Http;
using Strands.Streaming;
using Strands.Types;

namespace Strands.Models.OpenAi
{
    /// <summary>How an OpenAI-format endpoint wants its key.</summary>
    public enum OpenAiAuthStyle
    {
        /// <summary><c>Authorization: Bearer</c> (OpenAI, LiteLLM proxy, the compatible family).</summary>
        Bearer,
        /// <summary><c>api-key</c> header (Azure OpenAI).</summary>
        ApiKeyHeader,
    }

    /// <summary>
    /// Chat Completions adapter: OpenAI, Azure OpenAI, the OpenAI-compatible family and the LiteLLM
    /// proxy. Streams with SSE and maps chunks to <see cref="ModelStreamEvent"/>s following
    /// Strands' LiteLLM algorithm: text live, tool calls buffered and emitted at the end.
    /// </summary>
    public sealed class OpenAiModel : HttpModel
    {
        private static readonly byte[] Done = Encoding.ASCII.GetBytes("[DONE]");
        private readonly ApiKey? _apiKey;
        private readonly OpenAiAuthStyle _authStyle;
        private readonly BearerTokenSource? _tokens;

        /// <summary>Creates the adapter for a full chat-completions URL.</summary>
        public OpenAiModel(string provider, string modelName, Uri endpoint, ApiKey? apiKey, OpenAiAuthStyle authStyle, JsonElement? parameters, HttpSettings http)
            : base(provider, modelName, parameters, http)
        {
            Endpoint = endpoint;
            _apiKey = apiKey;
            _authStyle = authStyle;
        }

        /// <summary>Creates the adapter for an endpoint authenticated with bearer tokens from <paramref name="tokens"/> (Azure with Entra ID).</summary>
        internal OpenAiModel(string provider, string modelName, Uri endpoint, BearerTokenSource tokens, JsonElement? parameters, HttpSettings http)
            : this(provider, modelName, endpoint, null, OpenAiAuthStyle.Bearer, parameters, http)
        {
            _tokens = tokens;
        }

        /// <summary>The chat-completions URL requests go to.</summary>
        public override Uri Endpoint { get; }

        /// <inheritdoc/>
        // Chat Completions: image_url data URIs up to 20 MB; file parts (file_data) up to 32 MB.
        public override AttachmentLimits Attachments { get; } =
            new(Attachment.ImageFormats, Attachment.DocumentFormats, maxImageMegabytes: 20, maxDocumentMegabytes: 32);

        /// <summary>The chat-completions URL for a base: LiteLLM appends <c>/chat/completions</c> unless the base already ends there.</summary>
        public static Uri ChatCompletionsUrl(string apiBase)
        {
            var trimmed = apiBase.TrimEnd('/');
            return new Uri(trimmed.EndsWith("chat/completions", StringComparison.Ordinal) ? trimmed : trimmed + "/chat/completions");
        }

        /// <inheritdoc/>
        public override async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            using var body = new PooledBufferWriter();
            OpenAiRequestWriter.Write(body, ModelName, request, Parameters, Streaming);
            TraceRequest(request.Trace, body.Buffer, body.Count);

            var token = _tokens is null ? null : await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            using var response = await Http.SendAsync(() => CreateRequest(body, token ?? _apiKey), DescribeError, request.Trace, cancellationToken).ConfigureAwait(false);
            var cost = ReadCostHeader(response.Message.Headers);
            var chunk = new OpenAiChunk();
            var state = new StreamState();

            if (Streaming)
            {
                using var sse = new SseReader(response.Body);
                var sawDone = false;
                while (await sse.MoveNextAsync(cancellationToken).ConfigureAwait(false))
                {
                    var data = sse.Data.Span;
                    if (data.SequenceEqual(Done)) { sawDone = true; break; }
                    ParseChunk(chunk, data);
                    foreach (var e in state.Accept(chunk)) yield return e;
                }
                if (!sawDone && state.FinishReason == null) throw EndedEarly();
            }
            else
            {
                var whole = await ReadWholeBodyAsync(response, request.Trace, cancellationToken).ConfigureAwait(false);
                ParseChunk(chunk, whole.Span);
                foreach (var e in state.Accept(chunk)) yield return e;
            }

            foreach (var e in state.Finish(cost)) yield return e;
        }

        private void ParseChunk(OpenAiChunk chunk, ReadOnlySpan<byte> data)
        {
            try
            {
                chunk.Parse(data);
            }
            catch (JsonException ex)
            {
                throw MalformedJson(ex);
            }
            if (chunk.ErrorMessage != null)
            {
                // LiteLLM proxies report failures that happen after the 200 as an error chunk.
                var overflow = ProviderErrors.LooksLikeContextOverflow(chunk.ErrorMessage) || chunk.ErrorCode == "context_length_exceeded";
                var status = int.TryParse(chunk.ErrorCode, out var code) ? code : 500;
                throw ProviderErrors.FromStatus(Provider, status, chunk.ErrorMessage, overflow, null);
            }
        }

        private HttpRequestMessage CreateRequest(PooledBufferWriter body, ApiKey? key)
        {
            var message = JsonPost(body.Buffer, body.Count);
            if (key != null)
            {
                if (_authStyle == OpenAiAuthStyle.Bearer) message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key.Reveal());
                else message.Headers.TryAddWithoutValidation("api-key", key.Reveal());
            }
            return message;
        }

        private static (string, bool) DescribeError(int status, string body)
        {
            var chunk = new OpenAiChunk();
            string message = body;
            string? code = null;
            try
            {
                chunk.Parse(Encoding.UTF8.GetBytes(body));
                message = chunk.ErrorMessage ?? body;
                code = chunk.ErrorCode;
            }
            catch (JsonException)
            {
                // Not JSON (an HTML gateway page, plain text): the raw body is the message.
            }
            return (message, code == "context_length_exceeded" || ProviderErrors.LooksLikeContextOverflow(message));
        }

        private static decimal? ReadCostHeader(HttpResponseHeaders headers) =>
            headers.TryGetValues("x-litellm-response-cost", out var values)
            && decimal.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var cost)
                ? cost
                : null;

        /// <summary>Turns parsed chunks into stream events; tool calls are held until the end.</summary>
        private sealed class StreamState
        {
            // Created at the first tool-call delta: most replies carry none.
            private SortedDictionary<int, (string Id, string Name, StringBuilder Args, string? Signature)>? _tools;
            private readonly List<ModelStreamEvent> _out = new(4);
            private int _open; // 0 none, 1 text, 2 reasoning
            private Usage? _usage;
            public string? FinishReason { get; private set; }

            public List<ModelStreamEvent> Accept(OpenAiChunk chunk)
            {
                _out.Clear();
                if (chunk.Reasoning != null)
                {
                    Switch(2);
                    _out.Add(new ReasoningDeltaEvent(chunk.Reasoning));
                }
                if (!string.IsNullOrEmpty(chunk.Content))
                {
                    Switch(1);
                    _out.Add(new TextDeltaEvent(chunk.Content!));
                }
                foreach (var call in chunk.ToolCalls)
                {
                    _tools ??= new();
                    if (!_tools.TryGetValue(call.Index, out var tool))
                        tool = (call.Id ?? string.Empty, call.Name ?? string.Empty, new StringBuilder(), call.ThoughtSignature);
                    if (string.IsNullOrEmpty(tool.Id) && call.Id != null) tool.Id = call.Id;
                    if (string.IsNullOrEmpty(tool.Name) && call.Name != null) tool.Name = call.Name;
                    tool.Signature ??= call.ThoughtSignature;
                    if (call.Arguments != null) tool.Args.Append(call.Arguments);
                    _tools[call.Index] = tool;
                }
                if (chunk.FinishReason != null) FinishReason = chunk.FinishReason;
                if (chunk.HasUsage)
                    _usage = new Usage(chunk.PromptTokens, chunk.CompletionTokens, chunk.CachedTokens, chunk.CacheCreationTokens);
                return _out;
            }

            public List<ModelStreamEvent> Finish(decimal? cost)
            {
                _out.Clear();
                Switch(0);
                if (_tools != null)
                {
                    foreach (var tool in _tools.Values)
                    {
                        var (id, signature) = SplitThoughtSignature(tool.Id, tool.Signature);
                        _out.Add(new ToolUseStartEvent(string.IsNullOrEmpty(id) ? "call_" + Guid.NewGuid().ToString("N") : id, tool.Name, signature));
                        _out.Add(new ToolUseInputDeltaEvent(tool.Args.ToString()));
                        _out.Add(ContentBlockStopEvent.Instance);
                    }
                }
                _out.Add(new MessageStopEvent(MapFinishReason(FinishReason, _tools != null), FinishReason));
                if (_usage != null || cost != null) _out.Add(new MetadataEvent(_usage ?? Usage.Zero, cost));
                return _out;
            }

            private void Switch(int kind)
            {
                if (_open != 0 && _open != kind) _out.Add(ContentBlockStopEvent.Instance);
                _open = kind;
            }

            // LiteLLM encodes Gemini thought signatures in the id as "<id>__thought__<sig>"; the id is
            // kept whole (the tool result must echo it), the signature is surfaced for round-trips.
            private static (string Id, string? Signature) SplitThoughtSignature(string id, string? signature)
            {
                var at = id.IndexOf("__thought__", StringComparison.Ordinal);
                if (signature != null && at < 0) return (id + "__thought__" + signature, signature);
                if (at >= 0) return (id, signature ?? id.Substring(at + "__thought__".Length));
                return (id, signature);
            }

            private static StopReason MapFinishReason(string? reason, bool hasTools) => reason switch
            {
                "tool_calls" or "function_call" => StopReason.ToolUse,
                "length" => StopReason.MaxTokens,
                "content_filter" => StopReason.ContentFiltered,
                _ => hasTools ? StopReason.ToolUse : StopReason.EndTurn,
            };
        }
    }
}
