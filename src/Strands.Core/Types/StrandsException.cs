using System;

namespace Strands.Types
{
    /// <summary>
    /// Base of every error the core raises on purpose. <see cref="ErrorId"/> is stable (users match
    /// on it), <see cref="Kind"/> says what kind of failure it is, and <see cref="Text"/> keeps the
    /// message with its facts so the cmdlets can phrase it with their parameter names.
    /// </summary>
    public class StrandsException : Exception
    {
        /// <summary>Creates an error whose message names no setting.</summary>
        public StrandsException(string errorId, ErrorKind kind, string message, Exception? inner = null)
            : this(errorId, kind, ErrorText.Plain(message), inner)
        {
        }

        /// <summary>Creates an error whose message may name settings.</summary>
        public StrandsException(string errorId, ErrorKind kind, ErrorText text, Exception? inner = null)
            : base(text.ToString(), inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Text = text;
        }

        /// <summary>Stable identifier, e.g. <c>ModelThrottled</c>.</summary>
        public string ErrorId { get; }

        /// <summary>What kind of failure it is.</summary>
        public ErrorKind Kind { get; }

        /// <summary>The message as a template with its facts; <see cref="Exception.Message"/> is it in the core's words.</summary>
        public ErrorText Text { get; }

        /// <summary>What the user can do about it, when we know.</summary>
        public ErrorText? Recommendation { get; init; }

        /// <summary><see cref="Recommendation"/> in the core's words.</summary>
        public string? RecommendedAction => Recommendation?.ToString();
    }
}
