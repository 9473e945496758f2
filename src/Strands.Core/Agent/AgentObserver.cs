using System;
using Strands.Models.Http;
using Strands.Telemetry;
using Strands.Types;

namespace Strands.Agent
{
    /// <summary>
    /// Receives what happens during an invocation. Called on the loop's task, never on the
    /// PowerShell pipeline thread: the cmdlet's observer only queues work for that thread.
    /// Every member is a no-op here so observers override what they need.
    /// </summary>
    public abstract class AgentObserver
    {
        /// <summary>Diagnostics for model calls (request and reply bodies, retry notices), or null.</summary>
        public virtual IModelTrace? Trace => null;

        /// <summary>A cycle (model call, then tools) begins.</summary>
        public virtual void OnCycleStart(int cycle) { }

        /// <summary>A stream event from the model (text deltas arrive here as they stream).</summary>
        public virtual void OnStreamEvent(ModelStreamEvent streamEvent) { }

        /// <summary>A model call completed.</summary>
        public virtual void OnModelCall(ModelCallRecord call) { }

        /// <summary>A tool is about to run (after its arguments validated).</summary>
        public virtual void OnToolStart(ToolUseBlock toolUse) { }

        /// <summary>A tool call was answered (successfully or not).</summary>
        public virtual void OnToolResult(ToolUseBlock toolUse, ToolResultBlock result, TimeSpan duration) { }

        /// <summary>A message was appended to the conversation.</summary>
        public virtual void OnMessageAdded(Message message) { }
    }
}
