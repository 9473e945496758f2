using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Strands.FakeProvider;

/// <summary>
/// Token counts of a scripted reply, in OpenAI terms: <see cref="Prompt"/> is the whole input
/// <em>including</em> cached and cache-written tokens. Dialects whose wire format counts uncached
/// input separately (Anthropic <c>input_tokens</c>, Bedrock <c>inputTokens</c>) render
/// <c>Prompt - CachedTokens - CacheCreationTokens</c> there, so a client that folds the cache buckets
/// back in gets <see cref="Prompt"/> again.
/// </summary>
/// <param name="prompt">Total input tokens, cache included.</param>
/// <param name="completion">Output tokens.</param>
/// <param name="cachedTokens">Input tokens read from the prompt cache.</param>
/// <param name="cacheCreationTokens">Input tokens written to the prompt cache.</param>
public sealed class FakeUsage(int prompt, int completion, int cachedTokens = 0, int cacheCreationTokens = 0)
{
    /// <summary>Usage rendered when a reply does not specify one: 10 prompt, 5 completion tokens.</summary>
    public static FakeUsage Default { get; } = new(10, 5);

    /// <summary>Total input tokens, cache included.</summary>
    public int Prompt { get; } = prompt;

    /// <summary>Output tokens.</summary>
    public int Completion { get; } = completion;

    /// <summary>Input tokens read from the prompt cache.</summary>
    public int CachedTokens { get; } = cachedTokens;

    /// <summary>Input tokens written to the prompt cache.</summary>
    public int CacheCreationTokens { get; } = cacheCreationTokens;

    /// <summary><see cref="Prompt"/> + <see cref="Completion"/>.</summary>
    public int Total => Prompt + Completion;

    /// <summary>Input tokens neither read from nor written to the cache (never negative).</summary>
    public int UncachedPrompt => Math.Max(0, Prompt - CachedTokens - CacheCreationTokens);
}

/// <summary>One tool call of a scripted reply.</summary>
/// <param name="name">Tool name.</param>
/// <param name="argumentsJson">Arguments as a JSON object text, e.g. <c>{"expression":"2+2"}</c>.</param>
/// <param name="id">Call id; when null each dialect generates one in its own style (<c>call_…</c>, <c>toolu_…</c>, <c>tooluse_…</c>). Gemini and Ollama never send ids.</param>
/// <param name="thoughtSignature">Gemini <c>thoughtSignature</c> sent beside the <c>functionCall</c> part; ignored by other dialects.</param>
public sealed class FakeToolCall(string name, string argumentsJson, string? id = null, string? thoughtSignature = null)
{
    /// <summary>Tool name.</summary>
    public string Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>Arguments as a JSON object text.</summary>
    public string ArgumentsJson { get; } = argumentsJson ?? throw new ArgumentNullException(nameof(argumentsJson));

    /// <summary>Call id, or null to let the dialect generate one.</summary>
    public string? Id { get; } = id;

    /// <summary>Gemini thought signature, or null.</summary>
    public string? ThoughtSignature { get; } = thoughtSignature;
}

/// <summary>Why the model stopped; each dialect renders its own spelling.</summary>
public enum FakeStopReason
{
    /// <summary><see cref="ToolUse"/> when the reply has tool calls, else <see cref="EndTurn"/>.</summary>
    Auto,
    /// <summary>stop / end_turn / STOP.</summary>
    EndTurn,
    /// <summary>tool_calls / tool_use (Gemini and Ollama have no such reason and say STOP / stop).</summary>
    ToolUse,
    /// <summary>length / max_tokens / MAX_TOKENS.</summary>
    MaxTokens,
    /// <summary>content_filter / refusal / content_filtered / SAFETY.</summary>
    ContentFilter,
}

/// <summary>
/// A scripted response. Message replies (<see cref="Text"/>, <see cref="ToolCalls(FakeToolCall[])"/>)
/// are rendered in the dialect of whichever endpoint is called, streamed or not as the request asks;
/// error replies (<see cref="ProviderError"/>, <see cref="RateLimited"/>) use the dialect's error shape;
/// <see cref="Error"/> and <see cref="Raw(int, string, byte[], ValueTuple{string, string}[])"/> send exact bytes.
/// Replies are immutable: the <c>With…</c> methods return modified copies.
/// </summary>
public sealed class FakeReply
{
    internal enum ReplyKind { Message, ProviderError, Exact, Dynamic }

    private FakeReply(ReplyKind kind)
    {
        Kind = kind;
    }

    private FakeReply(FakeReply other)
    {
        Kind = other.Kind;
        MessageText = other.MessageText;
        Calls = other.Calls;
        Usage = other.Usage;
        StopReason = other.StopReason;
        TextChunks = other.TextChunks;
        ArgumentChunks = other.ArgumentChunks;
        Status = other.Status;
        ErrorMessage = other.ErrorMessage;
        ExactBody = other.ExactBody;
        ExactContentType = other.ExactContentType;
        Headers = other.Headers;
        Fault = other.Fault;
        Model = other.Model;
        MidStreamError = other.MidStreamError;
        Factory = other.Factory;
        ReasoningText = other.ReasoningText;
        ReasoningSignature = other.ReasoningSignature;
    }

    internal ReplyKind Kind { get; }

    /// <summary>Assistant text, or null for a reply with tool calls only.</summary>
    public string? MessageText { get; private init; }

    /// <summary>Reasoning ("thinking") sent before the text, or null.</summary>
    public string? ReasoningText { get; private init; }

    /// <summary>Signature of the reasoning, or null (Anthropic always gets one; a placeholder is sent when null).</summary>
    public string? ReasoningSignature { get; private init; }

    /// <summary>Tool calls of the reply, in order.</summary>
    public IReadOnlyList<FakeToolCall> Calls { get; private init; } = Array.Empty<FakeToolCall>();

    /// <summary>Usage to report; <see cref="FakeUsage.Default"/> when null.</summary>
    public FakeUsage? Usage { get; private init; }

    /// <summary>Stop reason to report.</summary>
    public FakeStopReason StopReason { get; private init; } = FakeStopReason.Auto;

    /// <summary>Number of streamed text deltas the text is split into (default 2, so clients must concatenate).</summary>
    public int TextChunks { get; private init; } = 2;

    /// <summary>Number of streamed pieces each tool call's arguments are split into, where the dialect streams arguments (default 2).</summary>
    public int ArgumentChunks { get; private init; } = 2;

    /// <summary>HTTP status (200 for message replies).</summary>
    public int Status { get; private init; } = 200;

    internal string? ErrorMessage { get; private init; }

    internal byte[]? ExactBody { get; private init; }

    internal string? ExactContentType { get; private init; }

    /// <summary>Extra response headers.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private init; } = Array.Empty<KeyValuePair<string, string>>();

    /// <summary>Transport fault injected while sending this reply, or null.</summary>
    public Fault? Fault { get; private init; }

    /// <summary>Model name to report; when null the model of the request is echoed.</summary>
    public string? Model { get; private init; }

    internal (int Status, string Message, int AfterChunks)? MidStreamError { get; private init; }

    internal Func<RecordedRequest, FakeReply>? Factory { get; private init; }

    /// <summary>An assistant text reply.</summary>
    /// <param name="text">The text.</param>
    /// <param name="usage">Usage to report (default <see cref="FakeUsage.Default"/>).</param>
    /// <param name="chunks">Number of streamed text deltas (default 2).</param>
    public static FakeReply Text(string text, FakeUsage? usage = null, int chunks = 2)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new FakeReply(ReplyKind.Message) { MessageText = text, Usage = usage, TextChunks = Positive(chunks, nameof(chunks)) };
    }

    /// <summary>An assistant reply that calls tools.</summary>
    public static FakeReply ToolCalls(params FakeToolCall[] calls) => ToolCalls(null, null, calls);

    /// <summary>An assistant reply that optionally says something, then calls tools.</summary>
    /// <param name="text">Text before the calls, or null.</param>
    /// <param name="usage">Usage to report (default <see cref="FakeUsage.Default"/>).</param>
    /// <param name="calls">At least one call.</param>
    public static FakeReply ToolCalls(string? text, FakeUsage? usage, params FakeToolCall[] calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Length == 0)
        {
            throw new ArgumentException("A tool-call reply needs at least one call.", nameof(calls));
        }

        return new FakeReply(ReplyKind.Message) { MessageText = text, Calls = calls.ToArray(), Usage = usage };
    }

    /// <summary>
    /// A reply chosen when the request arrives (after validation), e.g. to answer concurrent requests by content
    /// rather than by arrival order, or to echo a tool result back. The factory runs on a server thread.
    /// </summary>
    /// <param name="factory">Builds the reply from the request; must not return another dynamic reply.</param>
    public static FakeReply Dynamic(Func<RecordedRequest, FakeReply> factory) =>
        new(ReplyKind.Dynamic) { Factory = factory ?? throw new ArgumentNullException(nameof(factory)) };

    /// <summary>An error in the called dialect's own shape (OpenAI <c>{"error":{…}}</c>, Anthropic <c>{"type":"error",…}</c>, Bedrock <c>{"message"}</c> + <c>x-amzn-ErrorType</c>, Gemini <c>{"error":{code,status}}</c>, Ollama <c>{"error"}</c>).</summary>
    /// <param name="status">HTTP status; the dialect derives its error type from it (429 → rate limit / ThrottlingException, 400 → invalid request / ValidationException, …).</param>
    /// <param name="message">Error message.</param>
    public static FakeReply ProviderError(int status, string message = "Scripted provider error.")
    {
        return new FakeReply(ReplyKind.ProviderError) { Status = status, ErrorMessage = message };
    }

    /// <summary>A 429 in the called dialect's shape, with a <c>Retry-After</c> header (whole seconds, rounded up) when <paramref name="retryAfter"/> is given.</summary>
    public static FakeReply RateLimited(TimeSpan? retryAfter = null)
    {
        var reply = ProviderError(429, "Rate limit exceeded. Please retry later.");
        return retryAfter is { } delay
            ? reply.WithHeader("Retry-After", ((long)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture))
            : reply;
    }

    /// <summary>A 5xx in the called dialect's shape.</summary>
    public static FakeReply ServerError(int status = 500) => ProviderError(status, "The server had an error while processing your request.");

    /// <summary>A 502 with an HTML body, as load balancers in front of providers send: clients must not try to parse it as JSON.</summary>
    public static FakeReply BadGatewayHtml() => Raw(
        502,
        "text/html",
        Encoding.UTF8.GetBytes("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"));

    /// <summary>An exact JSON error body, sent as <c>application/json</c> whatever the dialect.</summary>
    public static FakeReply Error(int status, string body, params (string Name, string Value)[] headers)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Raw(status, "application/json", Encoding.UTF8.GetBytes(body), headers);
    }

    /// <summary>Exact bytes with an exact content type, whatever the dialect.</summary>
    public static FakeReply Raw(int status, string contentType, byte[] body, params (string Name, string Value)[] headers)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(body);
        return new FakeReply(ReplyKind.Exact)
        {
            Status = status,
            ExactContentType = contentType,
            ExactBody = body,
            Headers = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToArray(),
        };
    }

    /// <summary>Exact text (UTF-8) with an exact content type and status 200.</summary>
    public static FakeReply Raw(string body, string contentType = "application/json") =>
        Raw(200, contentType, Encoding.UTF8.GetBytes(body ?? throw new ArgumentNullException(nameof(body))));

    /// <summary>Adds a response header, e.g. <c>x-litellm-response-cost</c>.</summary>
    public FakeReply WithHeader(string name, string value) =>
        new(this) { Headers = Headers.Append(new KeyValuePair<string, string>(name, value)).ToArray() };

    /// <summary>Injects a transport fault while this reply is sent.</summary>
    public FakeReply WithFault(Fault fault) => new(this) { Fault = fault ?? throw new ArgumentNullException(nameof(fault)) };

    /// <summary>Sets the number of streamed text deltas.</summary>
    public FakeReply WithTextChunks(int chunks) => new(this) { TextChunks = Positive(chunks, nameof(chunks)) };

    /// <summary>Sets the number of streamed pieces each tool call's arguments are split into.</summary>
    public FakeReply WithArgumentChunks(int chunks) => new(this) { ArgumentChunks = Positive(chunks, nameof(chunks)) };

    /// <summary>Sets the usage to report.</summary>
    public FakeReply WithUsage(FakeUsage usage) => new(this) { Usage = usage };

    /// <summary>Sets the stop reason to report.</summary>
    public FakeReply WithStopReason(FakeStopReason stopReason) => new(this) { StopReason = stopReason };

    /// <summary>
    /// Makes the provider fail after the stream started: the first <paramref name="afterChunks"/> chunks are sent,
    /// then the dialect's in-stream error (OpenAI/Gemini <c>data: {"error":…}</c>, Anthropic <c>event: error</c>,
    /// Bedrock exception frame, Ollama <c>{"error"}</c> line), then the response ends normally.
    /// A non-streamed request gets <see cref="ProviderError"/>(<paramref name="status"/>, <paramref name="message"/>) instead.
    /// </summary>
    /// <param name="afterChunks">Chunks sent before the error.</param>
    /// <param name="status">Status the error type is derived from: 529 → Anthropic overloaded_error, 429 → Bedrock throttlingException, 424 → modelStreamErrorException, …</param>
    /// <param name="message">Error message.</param>
    public FakeReply WithMidStreamError(int afterChunks = 1, int status = 500, string message = "The provider failed while streaming.")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterChunks);
        return new(this) { MidStreamError = (status, message, afterChunks) };
    }

    /// <summary>
    /// Adds reasoning before the text, streamed in <see cref="TextChunks"/> pieces: LiteLLM <c>reasoning_content</c>
    /// (+ <c>thinking_blocks</c> carrying the signature), Anthropic <c>thinking</c> block with <c>signature_delta</c>,
    /// Bedrock <c>reasoningContent</c>, Gemini <c>thought: true</c> parts, Ollama <c>message.thinking</c>.
    /// </summary>
    public FakeReply WithReasoning(string text, string? signature = null) =>
        new(this) { ReasoningText = text ?? throw new ArgumentNullException(nameof(text)), ReasoningSignature = signature };

    /// <summary>Reports this model name instead of echoing the request's.</summary>
    public FakeReply WithModel(string model) => new(this) { Model = model };

    /// <summary>A default text reply carrying the fault, so <c>server.Enqueue(Fault.NeverEnd)</c> reads naturally.</summary>
    public static implicit operator FakeReply(Fault fault) =>
        Text("Hello from the fake provider.", chunks: 4).WithFault(fault);

    internal FakeReply WithOversizedText(int bytes) =>
        new(this) { MessageText = new string('x', bytes), Calls = Array.Empty<FakeToolCall>(), ReasoningText = null, TextChunks = 1 };

    internal FakeStopReason EffectiveStopReason =>
        StopReason != FakeStopReason.Auto ? StopReason : Calls.Count > 0 ? FakeStopReason.ToolUse : FakeStopReason.EndTurn;

    internal FakeUsage EffectiveUsage => Usage ?? FakeUsage.Default;

    private static int Positive(int value, string name) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, "Must be at least 1.");
}
