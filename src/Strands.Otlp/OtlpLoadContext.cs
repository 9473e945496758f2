using System;
using System.Collections.Generic;
using Strands.Isolation;

namespace Strands.Otlp
{
    /// <summary>
    /// Where the OpenTelemetry SDK runs: a <see cref="FolderLoadContext"/> over the otlp/ folder. The
    /// module loads this assembly into the default context only to call <see cref="Bootstrap"/>, which
    /// loads a second copy there and hands back a delegate of BCL types.
    /// </summary>
    public static class OtlpLoadContext
    {
        private static readonly object Gate = new();
        private static Func<string, Action<IReadOnlyList<IReadOnlyDictionary<string, object?>>>>? _open;

        /// <summary>
        /// Creates the context once per process and returns <see cref="OtlpBridge.Open"/> bound inside it:
        /// an endpoint in, a sink for one invocation's spans out.
        /// </summary>
        public static Func<string, Action<IReadOnlyList<IReadOnlyDictionary<string, object?>>>> Bootstrap(string directory)
        {
            lock (Gate)
            {
                return _open ??= FolderLoadContext.Bind<Func<string, Action<IReadOnlyList<IReadOnlyDictionary<string, object?>>>>>(
                    directory, "Strands.Otlp", "Strands.Otlp.OtlpBridge", nameof(OtlpBridge.Open));
            }
        }
    }
}
