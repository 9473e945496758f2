using System;

namespace Strands.Types
{
    /// <summary>A response stream that does not follow its wire format (bad frame, CRC, JSON, line).</summary>
    public sealed class StreamFormatException : StrandsException
    {
        /// <summary>Creates the error.</summary>
        public StreamFormatException(string message, Exception? inner = null)
            : base(ErrorIds.StreamMalformed, ErrorKind.Protocol, message, inner) { }
    }
}
