namespace Strands.Types
{
    /// <summary>A response larger than the configured bound.</summary>
    public sealed class ResponseTooLargeException : StrandsException
    {
        /// <summary>Creates the error naming the bound.</summary>
        public ResponseTooLargeException(long limitBytes)
            : base(ErrorIds.ResponseTooLarge, ErrorKind.LimitExceeded, $"The provider's response exceeded the limit of {limitBytes:N0} bytes; it was not read further.")
        {
            LimitBytes = limitBytes;
        }

        /// <summary>The bound that was exceeded.</summary>
        public long LimitBytes { get; }
    }
}
