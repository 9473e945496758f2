using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Strands.Streaming
{
    /// <summary>
    /// Reads into an array through <c>Stream.ReadAsync(Memory&lt;byte&gt;, CancellationToken)</c> where
    /// the runtime has it. That overload is missing from netstandard2.0's surface, and the array
    /// overload on .NET turns every read the stream satisfies from its own buffer into a new
    /// <see cref="Task{Int32}"/> (an HTTP body: one per network read, ~17 per agent turn in the bench).
    /// </summary>
    internal static class StreamReads
    {
        // Bound once; an open-instance delegate to a virtual method dispatches to the override.
        // Null on .NET Framework, where the array overload is used as before.
        private static readonly Func<Stream, Memory<byte>, CancellationToken, ValueTask<int>>? ReadMemory = Bind();

        public static ValueTask<int> ReadAsync(Stream stream, byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (stream is BoundedReadStream bounded) return bounded.ReadValueAsync(buffer, offset, count, cancellationToken);
            return ReadMemory != null
                ? ReadMemory(stream, new Memory<byte>(buffer, offset, count), cancellationToken)
                : new ValueTask<int>(stream.ReadAsync(buffer, offset, count, cancellationToken));
        }

        private static Func<Stream, Memory<byte>, CancellationToken, ValueTask<int>>? Bind()
        {
            var method = typeof(Stream).GetMethod(nameof(Stream.ReadAsync), new[] { typeof(Memory<byte>), typeof(CancellationToken) });
            if (method == null || method.ReturnType != typeof(ValueTask<int>)) return null;
            return (Func<Stream, Memory<byte>, CancellationToken, ValueTask<int>>?)Delegate.CreateDelegate(
                typeof(Func<Stream, Memory<byte>, CancellationToken, ValueTask<int>>), method, throwOnBindFailure: false);
        }
    }
}
