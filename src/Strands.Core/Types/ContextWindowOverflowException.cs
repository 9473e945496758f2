namespace Strands.Types
{
    /// <summary>The conversation no longer fits the model's context window.</summary>
    public sealed class ContextWindowOverflowException : ModelException
    {
        /// <summary>Creates the error with the provider's message.</summary>
        public ContextWindowOverflowException(string message, int? statusCode = null)
            : base(ErrorIds.ContextWindowOverflow, ErrorKind.LimitExceeded, message, statusCode) { }
    }
}
