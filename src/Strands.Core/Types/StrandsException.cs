using System;

namespace Strands.Types
{
    /// <summary>
    /// Base of every error the core raises on purpose. <see cref="ErrorId"/> is stable (users match
    /// on it); <see cref="Category"/> names a PowerShell ErrorCategory so the cmdlets can map it
    /// without the core knowing PowerShell.
    /// </summary>
    public class StrandsException : Exception
    {
        /// <summary>Creates an error.</summary>
        public StrandsException(string errorId, string category, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
        }

        /// <summary>Stable identifier, e.g. <c>ModelThrottled</c>.</summary>
        public string ErrorId { get; }

        /// <summary>Name of the matching System.Management.Automation.ErrorCategory member.</summary>
        public string Category { get; }

        /// <summary>What the user can do about it, when we know.</summary>
        public string? RecommendedAction { get; init; }
    }

    /// <summary>Stable ErrorIds, one place so docs and tests agree with the code.</summary>
    public static class ErrorIds
    {
#pragma warning disable CS1591 // names say what they are; README's troubleshooting table explains each
        public const string AuthenticationFailed = "AuthenticationFailed";
        public const string ModelNotFound = "ModelNotFound";
        public const string ModelThrottled = "ModelThrottled";
        public const string ContextWindowOverflow = "ContextWindowOverflow";
        public const string InvalidRequest = "InvalidRequest";
        public const string ProviderError = "ProviderError";
        public const string ConnectionFailed = "ConnectionFailed";
        public const string Timeout = "Timeout";
        public const string ResponseTooLarge = "ResponseTooLarge";
        public const string StreamMalformed = "StreamMalformed";
        public const string UnknownProvider = "UnknownProvider";
        public const string MissingApiKey = "MissingApiKey";
        public const string MissingApiBase = "MissingApiBase";
        public const string MaxCyclesExceeded = "MaxCyclesExceeded";
        public const string MaxTokensReached = "MaxTokensReached";
        public const string StructuredOutputInvalid = "StructuredOutputInvalid";
        public const string AgentBusy = "AgentBusy";
        public const string SessionCorrupt = "SessionCorrupt";
        public const string SessionVersionUnsupported = "SessionVersionUnsupported";
        public const string SessionAgentMismatch = "SessionAgentMismatch";
        public const string SessionSaveFailed = "SessionSaveFailed";
        public const string SessionLoadFailed = "SessionLoadFailed";
        public const string InvalidArgument = "InvalidArgument";
        public const string ReplayMismatch = "ReplayMismatch";
        public const string ReplayExhausted = "ReplayExhausted";
        public const string RecordingInvalid = "RecordingInvalid";
        public const string HookFailed = "HookFailed";
        public const string McpUnavailable = "McpUnavailable";
        public const string McpConnectionFailed = "McpConnectionFailed";
        public const string HostNotInteractive = "HostNotInteractive";
#pragma warning restore CS1591
    }

    /// <summary>An error from a model provider or the transport to it.</summary>
    public class ModelException : StrandsException
    {
        /// <summary>Creates a provider error.</summary>
        public ModelException(string errorId, string category, string message, int? statusCode = null, Exception? inner = null)
            : base(errorId, category, message, inner)
        {
            StatusCode = statusCode;
        }

        /// <summary>HTTP status, when there was a response.</summary>
        public int? StatusCode { get; }

        /// <summary>Whether trying again may succeed (throttling, 5xx, connection failures).</summary>
        public bool IsRetryable { get; init; }

        /// <summary>The server's requested wait before retrying, when it sent one.</summary>
        public TimeSpan? RetryAfter { get; init; }
    }

    /// <summary>The conversation no longer fits the model's context window.</summary>
    public sealed class ContextWindowOverflowException : ModelException
    {
        /// <summary>Creates the error with the provider's message.</summary>
        public ContextWindowOverflowException(string message, int? statusCode = null)
            : base(ErrorIds.ContextWindowOverflow, "LimitsExceeded", message, statusCode) { }
    }

    /// <summary>A response stream that does not follow its wire format (bad frame, CRC, JSON, line).</summary>
    public sealed class StreamFormatException : StrandsException
    {
        /// <summary>Creates the error.</summary>
        public StreamFormatException(string message, Exception? inner = null)
            : base(ErrorIds.StreamMalformed, "ProtocolError", message, inner) { }
    }

    /// <summary>A response larger than the configured bound.</summary>
    public sealed class ResponseTooLargeException : StrandsException
    {
        /// <summary>Creates the error naming the bound.</summary>
        public ResponseTooLargeException(long limitBytes)
            : base(ErrorIds.ResponseTooLarge, "LimitsExceeded", $"The provider's response exceeded the limit of {limitBytes:N0} bytes; it was not read further.")
        {
            LimitBytes = limitBytes;
        }

        /// <summary>The bound that was exceeded.</summary>
        public long LimitBytes { get; }
    }
}
