using System;

namespace Strands.Streaming
{
    /// <summary>
    /// One decoded AWS event-stream frame: the headers the providers act on, and the payload bytes.
    /// A struct so decoding a frame allocates nothing; the header values are interned.
    /// </summary>
    public readonly struct EventStreamMessage
    {
        /// <summary>Creates a message (the decoder and tests do).</summary>
        public EventStreamMessage(
            string? messageType,
            string? eventType,
            string? exceptionType,
            string? errorCode,
            string? errorMessage,
            string? contentType,
            ReadOnlyMemory<byte> payload)
        {
            MessageType = messageType;
            EventType = eventType;
            ExceptionType = exceptionType;
            ErrorCode = errorCode;
            ErrorMessage = errorMessage;
            ContentType = contentType;
            Payload = payload;
        }

        /// <summary><c>:message-type</c>: <c>event</c>, <c>exception</c> or <c>error</c>.</summary>
        public string? MessageType { get; }

        /// <summary><c>:event-type</c>, e.g. <c>contentBlockDelta</c>.</summary>
        public string? EventType { get; }

        /// <summary><c>:exception-type</c> of an exception message, e.g. <c>modelStreamErrorException</c>.</summary>
        public string? ExceptionType { get; }

        /// <summary><c>:error-code</c> of an error message.</summary>
        public string? ErrorCode { get; }

        /// <summary><c>:error-message</c> of an error message.</summary>
        public string? ErrorMessage { get; }

        /// <summary><c>:content-type</c> of the payload, usually <c>application/json</c>.</summary>
        public string? ContentType { get; }

        /// <summary>The payload; valid until the decoder's next <c>MoveNextAsync</c>.</summary>
        public ReadOnlyMemory<byte> Payload { get; }
    }
}
