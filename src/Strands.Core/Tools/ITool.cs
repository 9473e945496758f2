using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.Types;

namespace Strands.Tools
{
    /// <summary>
    /// A tool the agent can offer the model. Implementations outside the core (PowerShell script
    /// blocks, commands) hand their work to the pipeline thread; the core only awaits the task.
    /// </summary>
    public interface ITool
    {
        /// <summary>Name, description and argument schema as offered to the model.</summary>
        ToolSpec Spec { get; }

        /// <summary>
        /// Runs the tool with arguments already validated against <see cref="ToolSpec.InputSchema"/>.
        /// Throwing is fine: the executor turns exceptions into error results.
        /// </summary>
        Task<ToolOutput> InvokeAsync(ToolCall call, CancellationToken cancellationToken);
    }

    /// <summary>One call of a tool.</summary>
    /// <param name="ToolUseId">The model's id of the call.</param>
    /// <param name="Name">The tool's name.</param>
    /// <param name="Arguments">The validated arguments (a JSON object).</param>
    public sealed record ToolCall(string ToolUseId, string Name, JsonElement Arguments);

    /// <summary>What a tool returns: a status and content items.</summary>
    public sealed record ToolOutput(ToolResultStatus Status, System.Collections.Generic.IReadOnlyList<ToolResultContent> Content)
    {
        /// <summary>A successful text result.</summary>
        public static ToolOutput Text(string text) => new(ToolResultStatus.Success, new[] { ToolResultContent.FromText(text) });

        /// <summary>A failed result with a message for the model.</summary>
        public static ToolOutput Error(string message) => new(ToolResultStatus.Error, new[] { ToolResultContent.FromText(message) });
    }
}
