using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.Types;

namespace Strands.Tools
{
    /// <summary>
    /// Answers every tool call of a reply, in order. Only offered tools run; arguments are parsed
    /// and validated against the tool's schema before anything runs; failures become error
    /// results for the model rather than exceptions for the user.
    /// </summary>
    public sealed class ToolExecutor
    {
        private readonly ToolRegistry _offered;
        private readonly TimeSpan? _timeout;

        /// <summary>Creates an executor for the tools offered this cycle.</summary>
        public ToolExecutor(ToolRegistry offered, TimeSpan? perToolTimeout = null)
        {
            _offered = offered;
            _timeout = perToolTimeout;
        }

        /// <summary>Runs one call and returns its result block and whether the tool itself ran.</summary>
        public async Task<(ToolResultBlock Result, bool Ran)> ExecuteAsync(ToolUseBlock use, CancellationToken cancellationToken)
        {
            if (!_offered.TryGet(use.Name, out var tool))
            {
                var offered = _offered.Names.Any() ? string.Join(", ", _offered.Names) : "(none)";
                return (Error(use, $"Error: unknown tool '{use.Name}'. Offered tools: {offered}."), false);
            }

            var arguments = use.Input;
            if (!string.IsNullOrWhiteSpace(use.RawInput))
            {
                try
                {
                    using var doc = JsonDocument.Parse(use.RawInput!);
                    arguments = doc.RootElement.Clone();
                }
                catch (JsonException ex)
                {
                    return (Error(use, $"Error: the arguments for '{use.Name}' are not valid JSON ({ex.Message}). Nothing was run."), false);
                }
            }
            if (arguments.ValueKind != JsonValueKind.Object)
                return (Error(use, $"Error: the arguments for '{use.Name}' must be a JSON object. Nothing was run."), false);

            var problems = JsonSchemaValidator.Validate(arguments, tool.Spec.InputSchema);
            if (problems.Count > 0)
                return (Error(use, $"Error: invalid arguments for '{use.Name}'. Nothing was run.\n- " + string.Join("\n- ", problems)), false);

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                if (_timeout is TimeSpan limit) timeout.CancelAfter(limit);
                var output = await tool.InvokeAsync(new ToolCall(use.ToolUseId, use.Name, arguments), timeout.Token).ConfigureAwait(false);
                return (new ToolResultBlock(use.ToolUseId, output.Status, output.Content), true);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && _timeout is TimeSpan limit)
            {
                return (Error(use, $"Error: the tool '{use.Name}' did not finish within {limit.TotalSeconds:0.###} s, its time limit, and was stopped."), true);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return (Error(use, "Error: " + ex.Message), true);
            }
        }

        private static ToolResultBlock Error(ToolUseBlock use, string message) =>
            ToolResultBlock.FromText(use.ToolUseId, ToolResultStatus.Error, message);
    }
}
