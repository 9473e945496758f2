using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.Types;

namespace Strands.Tools.BuiltIn
{
    /// <summary>The built-in <c>calculator</c> tool (strands_tools' calculator): safe arithmetic, never code execution.</summary>
    public sealed class CalculatorTool : ITool
    {
        private static readonly JsonElement Schema = JsonDocument.Parse(
            """{"type":"object","properties":{"expression":{"type":"string","description":"The arithmetic expression, e.g. (2+2)*sqrt(16)/3. Operators + - * / % ^, functions sqrt abs round floor ceil exp ln log sin cos tan min max, constants pi and e."}},"required":["expression"],"additionalProperties":false}""").RootElement.Clone();

        /// <inheritdoc/>
        public ToolSpec Spec { get; } = new("calculator", "Evaluates an arithmetic expression and returns the number.", Schema);

        /// <inheritdoc/>
        public Task<ToolOutput> InvokeAsync(ToolCall call, CancellationToken cancellationToken)
        {
            var expression = call.Arguments.GetProperty("expression").GetString() ?? string.Empty;
            try
            {
                return Task.FromResult(ToolOutput.Text(ArithmeticEvaluator.Format(ArithmeticEvaluator.Evaluate(expression))));
            }
            catch (FormatException ex)
            {
                return Task.FromResult(ToolOutput.Error(ex.Message));
            }
        }
    }
}
