using System;
using System.Text.Json;
using Strands.Types;

namespace Strands.Agent
{
    /// <summary>One tool call of an invocation, as reported on the result.</summary>
    /// <param name="ToolUseId">The model's id of the call.</param>
    /// <param name="Name">Tool name.</param>
    /// <param name="Input">Arguments as the model sent them.</param>
    /// <param name="Status">Success or Error.</param>
    /// <param name="Result">The result text sent back to the model.</param>
    /// <param name="Duration">Time the tool ran.</param>
    public sealed record ToolCallRecord(string ToolUseId, string Name, JsonElement Input, ToolResultStatus Status, string Result, TimeSpan Duration);
}
