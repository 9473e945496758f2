using System;
using System.Net;
using System.Net.Http;
using System.Threading;

namespace Strands.Models.Http
{
    /// <summary>
    /// The process-wide network handler. One pooled handler lets every model and agent (and every
    /// runspace of a parallel pipeline) reuse connections. It is replaced every few minutes so
    /// long-running automation follows DNS changes — the one thing IHttpClientFactory would give us,
    /// without its dependency-injection stack loading into PowerShell.
    /// </summary>
    internal static class SharedHttpHandler
    {
        private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
        private static HttpMessageHandler? _current;
        private static DateTime _createdUtc;
        private static readonly object Gate = new();

        /// <summary>The current handler; never disposed by callers (old ones are left to in-flight requests and the GC).</summary>
        public static HttpMessageHandler Current
        {
            get
            {
                var now = DateTime.UtcNow;
                var handler = Volatile.Read(ref _current);
                if (handler != null && now - _createdUtc < Lifetime) return handler;
                lock (Gate)
                {
                    if (_current == null || now - _createdUtc >= Lifetime)
                    {
                        _current = new HttpClientHandler
                        {
                            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                            AllowAutoRedirect = false,
                        };
                        _createdUtc = now;
                    }
                    return _current;
                }
            }
        }
    }
}
