using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.Types;

namespace Strands.StructuredOutput
{
    /// <summary>
    /// Asks an invocation to end with structured output: like Strands, the model is offered a tool
    /// named after the output type and must call it with valid arguments.
    /// </summary>
    public sealed class StructuredOutputRequest
    {
        /// <summary>Creates the request.</summary>
        /// <param name="spec">The output tool (name = type name, schema = the type's schema).</param>
        /// <param name="maxRetries">How many invalid attempts are sent back to the model before giving up.</param>
        /// <param name="validate">Extra validation beyond the schema (e.g. converting to the PowerShell class); returns problems, empty when valid.</param>
        public StructuredOutputRequest(ToolSpec spec, int maxRetries = 2, Func<JsonElement, CancellationToken, Task<IReadOnlyList<string>>>? validate = null)
        {
            Spec = spec;
            MaxRetries = maxRetries;
            Validate = validate;
        }

        /// <summary>The output tool.</summary>
        public ToolSpec Spec { get; }

        /// <summary>Invalid attempts answered with their errors before <c>StructuredOutputInvalid</c>.</summary>
        public int MaxRetries { get; }

        /// <summary>Extra validation, or null.</summary>
        public Func<JsonElement, CancellationToken, Task<IReadOnlyList<string>>>? Validate { get; }

        /// <summary>The user message Strands adds when the model answered without calling the tool.</summary>
        public const string ForcePrompt = "You must format the previous response as structured output.";

        /// <summary>Strands' description wrapper, so the model calls it last.</summary>
        public static string DescribeTool(string typeName, string? description) =>
            "IMPORTANT: This StructuredOutputTool should only be invoked as the last and final tool before returning the completed result to the caller. "
            + $"<description>{(string.IsNullOrWhiteSpace(description) ? typeName + " structured output tool" : description)}</description>";
    }
}
