using System;

namespace Strands.Types
{
    /// <summary>An error from a model provider or the transport to it.</summary>
    public class ModelException : StrandsException
    {
        /// <summary>Creates a provider error.</summary>
        public ModelException(string errorId, ErrorKind kind, string message, int? statusCode = null, Exception? inner = null)
            : this(errorId, kind, ErrorText.Plain(message), statusCode, inner)
        {
        }

        /// <summary>Creates a provider error whose message may name settings.</summary>
        public ModelException(string errorId, ErrorKind kind, ErrorText text, int? statusCode = null, Exception? inner = null)
            : base(errorId, kind, text, inner)
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
}
