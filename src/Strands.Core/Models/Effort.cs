namespace Strands.Models
{
    /// <summary>The values of LiteLLM's <c>reasoning_effort</c> parameter.</summary>
    internal enum Effort
    {
        None,
        Disable,
        Minimal,
        Low,
        Medium,
        High,
        Max,
    }
}
