using Strands.Models;
using Strands.Models.Fallback;
using Strands.Telemetry;
using Strands.Types;

namespace Strands.Agent
{
    /// <summary>
    /// Limits on what an agent may spend: over its life (<see cref="AgentOptions.Budget"/>) or in one
    /// invocation. Checked after every model call; once a limit is reached no further model call
    /// starts and the invocation ends with <c>BudgetExceeded</c> (docs/agent-loop-semantics.md, Budgets).
    /// </summary>
    public sealed record Budget
    {
        /// <summary>Most tokens (input plus output, cached ones included); null for no limit.</summary>
        public long? Tokens { get; init; }

        /// <summary>Most estimated cost in USD; null for no limit.</summary>
        public decimal? CostUsd { get; init; }

        /// <summary>True when neither limit is set.</summary>
        public bool IsEmpty => Tokens is null && CostUsd is null;

        /// <summary>
        /// Refuses a cost limit on a model whose price is unknown: it could never be enforced, and an
        /// unenforced limit is worse than none.
        /// </summary>
        /// <exception cref="StrandsException"><c>InvalidArgument</c> when a limit is negative or the model (or a model it falls back to) has no known price.</exception>
        public void EnsureEnforceable(IModel model)
        {
            if (CostUsd < 0 || Tokens < 0)
                throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, ErrorText.Of($"A budget cannot be negative ({Setting.CostBudget}, {Setting.TokenBudget})."));
            if (CostUsd is null || model is null) return;
            foreach (var candidate in model is FallbackModel chain ? chain.Models : new[] { model })
            {
                if (CostCalculator.Estimate(candidate.Provider, candidate.ModelName, Usage.Zero) is null)
                    throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                        ErrorText.Of($"The cost budget ({Setting.CostBudget}) cannot be enforced: the price of {candidate.Provider}/{candidate.ModelName} is not known."))
                    {
                        Recommendation = ErrorText.Of($"Use {Setting.TokenBudget} for this model, or a model the price table knows."),
                    };
            }
        }
    }
}
