using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Strands.Types;

namespace Strands.Hooks
{
    /// <summary>Calls an agent's hooks for one event, in registration order (reverse for after-events).</summary>
    internal sealed class HookRunner
    {
        private readonly IReadOnlyList<IAgentHook> _hooks;

        public HookRunner(IReadOnlyList<IAgentHook> hooks) => _hooks = hooks;

        public bool IsEmpty => _hooks.Count == 0;

        public async Task RaiseAsync(HookEvent hookEvent, CancellationToken cancellationToken)
        {
            for (var i = 0; i < _hooks.Count; i++)
            {
                var hook = _hooks[hookEvent.Reverse ? _hooks.Count - 1 - i : i];
                try
                {
                    await hook.OnEventAsync(hookEvent, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not StrandsException)
                {
                    throw new HookException(hookEvent.Kind, ex);
                }
            }
        }
    }
}
