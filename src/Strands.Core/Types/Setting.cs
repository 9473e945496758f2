namespace Strands.Types
{
    /// <summary>
    /// A setting the user controls, named in error texts through <see cref="ErrorText"/> so that each
    /// host can call it what its users call it (the cmdlets name their parameters).
    /// </summary>
    public enum Setting
    {
        /// <summary>The API key given explicitly rather than through an environment variable.</summary>
        ApiKey,

        /// <summary>The endpoint given explicitly.</summary>
        ApiBase,

        /// <summary>The model parameters (Strands' params).</summary>
        ModelParameters,

        /// <summary>Sending every model id to a LiteLLM proxy.</summary>
        UseLiteLlmProxy,

        /// <summary>The most model calls one invocation may make.</summary>
        MaxCycles,

        /// <summary>How long to wait for a provider's headers and between its body's reads.</summary>
        Timeout,

        /// <summary>The recording file a model writes.</summary>
        RecordTo,

        /// <summary>The recording file a model answers from.</summary>
        ReplayFrom,

        /// <summary>The file an agent's session is kept in.</summary>
        SessionPath,

        /// <summary>The most tokens an agent (over its life) or an invocation may use.</summary>
        TokenBudget,

        /// <summary>The most estimated cost in USD an agent (over its life) or an invocation may run up.</summary>
        CostBudget,
    }
}
