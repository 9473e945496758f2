using System;
using Strands.Types;

namespace Strands.Hooks
{
    /// <summary>A hook threw: the invocation stops (a guardrail that fails must not let calls through).</summary>
    public sealed class HookException : StrandsException
    {
        /// <summary>Wraps what the hook threw.</summary>
        public HookException(HookEventKind hookEvent, Exception inner)
            : base(ErrorIds.HookFailed, ErrorKind.Stopped, $"The {hookEvent} hook failed: {inner.Message}", inner)
        {
            HookEvent = hookEvent;
        }

        /// <summary>The event whose hook failed.</summary>
        public HookEventKind HookEvent { get; }
    }
}
