using System.Threading;
using System.Threading.Tasks;

namespace Strands.Hooks
{
    /// <summary>
    /// Receives every lifecycle event of an agent (docs/agent-loop-semantics.md, Hooks) and may
    /// change the writable members of <see cref="BeforeToolCallEvent"/> and <see cref="AfterToolCallEvent"/>.
    /// The loop awaits each call before it goes on, so a hook can hand its work to another thread
    /// (PowerShell runs hook script blocks on the pipeline thread) and still act as a guardrail.
    /// </summary>
    /// <remarks>
    /// An exception thrown by a hook fails the invocation, as in Strands: a guardrail that cannot
    /// decide must not let the call through. The loop wraps it in a <see cref="HookException"/>.
    /// </remarks>
    public interface IAgentHook
    {
        /// <summary>Handles one event; inspect <see cref="HookEvent.Kind"/> or the event's type.</summary>
        Task OnEventAsync(HookEvent hookEvent, CancellationToken cancellationToken);
    }
}
