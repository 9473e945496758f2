using System;
using System.Threading;
using System.Threading.Tasks;

namespace Strands.Streaming
{
    /// <summary>A stream reader that hands out one JSON object at a time (an SSE event's data, an NDJSON line).</summary>
    internal interface IJsonChunkReader : IDisposable
    {
        /// <summary>The current chunk; valid until the next <see cref="MoveNextAsync"/>.</summary>
        ReadOnlyMemory<byte> Chunk { get; }

        /// <summary>Advances to the next chunk; false at the end of the stream.</summary>
        ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken);
    }
}
