using System;
using Strands.Types;

namespace Strands.Models.Http
{
    /// <summary>
    /// Diagnostics of one model call, for a host's verbose and debug output. Implementations must not block: they run
    /// on the HTTP task, and the PowerShell side only queues the text for the pipeline thread.
    /// </summary>
    public interface IModelTrace
    {
        /// <summary>A request or response body, already redacted of keys.</summary>
        void Debug(string message);

        /// <summary>A failed attempt that will be retried after <paramref name="delay"/>.</summary>
        void Retrying(int attempt, TimeSpan delay, ModelException error);
    }
}
