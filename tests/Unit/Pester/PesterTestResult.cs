namespace Strands.Tests.Pester
{
    /// <summary>One It of a runner run, as reported by <c>Invoke-Pester -PassThru</c>.</summary>
    /// <param name="ExpandedPath">"Describe &gt; Context &gt; It", with <c>&lt;name&gt;</c> placeholders expanded.</param>
    /// <param name="Result">Passed, Failed, Skipped or NotRun.</param>
    /// <param name="ErrorMessage">The failure messages with the failing line of the test file; empty unless failed.</param>
    /// <param name="Duration">Time spent in BeforeEach, the It body and AfterEach.</param>
    public sealed record PesterTestResult(string ExpandedPath, string Result, string ErrorMessage, TimeSpan Duration);
}
