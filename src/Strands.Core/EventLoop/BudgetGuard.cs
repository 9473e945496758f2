using Strands.Agent;
using Strands.Telemetry;
using Strands.Types;

namespace Strands.EventLoop
{
    /// <summary>
    /// Counts what one invocation spends against the agent's budget (its earlier usage included)
    /// and the invocation's own (docs/agent-loop-semantics.md, Budgets). Cost counts what each call
    /// is known to have cost; a budget on a model without a price is refused when it is set.
    /// </summary>
    internal sealed class BudgetGuard
    {
        private readonly Budget? _agent;
        private readonly Budget? _invocation;
        private readonly long _agentTokensBefore;
        private readonly decimal _agentCostBefore;
        private long _tokens;
        private decimal _cost;

        public BudgetGuard(Budget? agent, InvocationMetrics agentTotals, Budget? invocation)
        {
            _agent = agent is { IsEmpty: false } ? agent : null;
            _invocation = invocation is { IsEmpty: false } ? invocation : null;
            if (_agent != null)
            {
                lock (agentTotals)
                {
                    _agentTokensBefore = agentTotals.Usage.TotalTokens;
                    _agentCostBefore = agentTotals.CostUsd ?? 0m;
                }
            }
        }

        /// <summary>Adds a model call's tokens and cost.</summary>
        public void Add(ModelCallRecord call)
        {
            _tokens += call.Usage.TotalTokens;
            _cost += call.CostUsd ?? 0m;
        }

        /// <summary>The error to end the invocation with when a budget is reached, else null.</summary>
        public AgentInvocationException? Reached(string partialText)
        {
            if (_invocation != null)
            {
                if (Over(_invocation.Tokens, _tokens)) return Tokens("invocation's", _tokens, _invocation.Tokens!.Value, partialText);
                if (Over(_invocation.CostUsd, _cost)) return Cost("invocation's", _cost, _invocation.CostUsd!.Value, partialText);
            }
            if (_agent != null)
            {
                if (Over(_agent.Tokens, _agentTokensBefore + _tokens)) return Tokens("agent's", _agentTokensBefore + _tokens, _agent.Tokens!.Value, partialText);
                if (Over(_agent.CostUsd, _agentCostBefore + _cost)) return Cost("agent's", _agentCostBefore + _cost, _agent.CostUsd!.Value, partialText);
            }
            return null;
        }

        private static bool Over(long? limit, long used) => limit is long l && used >= l;

        private static bool Over(decimal? limit, decimal used) => limit is decimal l && used >= l;

        private static AgentInvocationException Tokens(string whose, long used, long limit, string partialText) =>
            new(ErrorIds.BudgetExceeded, ErrorKind.LimitExceeded,
                ErrorText.Of($"The {whose} token budget is reached: {used} tokens used of {limit} ({Setting.TokenBudget}). No further model call was made; the conversation is kept and the partial text is in the error's PartialText."),
                partialText)
            {
                Recommendation = ErrorText.Of($"Raise {Setting.TokenBudget}, or check why the agent needs so many calls."),
            };

        private static AgentInvocationException Cost(string whose, decimal used, decimal limit, string partialText) =>
            new(ErrorIds.BudgetExceeded, ErrorKind.LimitExceeded,
                ErrorText.Of($"The {whose} cost budget is reached: {used:0.######} USD used of {limit:0.######} ({Setting.CostBudget}). No further model call was made; the conversation is kept and the partial text is in the error's PartialText."),
                partialText)
            {
                Recommendation = ErrorText.Of($"Raise {Setting.CostBudget}, or check why the agent needs so many calls."),
            };
    }
}
