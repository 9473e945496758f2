using System.Text;

namespace Strands.Tests.Pester
{
    /// <summary>The outcome of running one test file through our Pester-compatible runner.</summary>
    public sealed class PesterRunResult
    {
        internal PesterRunResult(IReadOnlyList<PesterTestResult> tests, IReadOnlyList<string> fileErrors, string hostOutput)
        {
            Tests = tests;
            FileErrors = fileErrors;
            HostOutput = hostOutput;
        }

        /// <summary>Every It, in discovery order.</summary>
        public IReadOnlyList<PesterTestResult> Tests { get; }

        /// <summary>
        /// Failures outside any It: discovery errors, failing AfterAll blocks, a runner that did not run.
        /// BeforeAll failures show up on the Its they fail instead.
        /// </summary>
        public IReadOnlyList<string> FileErrors { get; }

        /// <summary>What the runner printed (one line per test, the summary).</summary>
        public string HostOutput { get; }

        /// <summary>Number of passed Its.</summary>
        public int PassedCount => Count("Passed");

        /// <summary>Number of failed Its.</summary>
        public int FailedCount => Count("Failed");

        /// <summary>Number of skipped Its.</summary>
        public int SkippedCount => Count("Skipped");

        /// <summary>
        /// True when the file ran, has at least one test, and nothing failed. A file without tests counts
        /// as failed: it almost always means discovery went wrong, not that there is nothing to check.
        /// </summary>
        public bool Succeeded => FileErrors.Count == 0 && Tests.Count > 0 && FailedCount == 0;

        /// <summary>Every file error and failed It with its message, for an assertion failure text.</summary>
        public string FailureReport()
        {
            var report = new StringBuilder();
            if (Tests.Count == 0 && FileErrors.Count == 0)
            {
                report.AppendLine("The file contains no tests.");
            }

            foreach (var error in FileErrors)
            {
                report.AppendLine("[file] " + error);
            }

            foreach (var test in Tests.Where(t => t.Result == "Failed"))
            {
                report.AppendLine("[-] " + test.ExpandedPath).AppendLine("    " + test.ErrorMessage.Replace("\n", "\n    "));
            }

            report.AppendLine($"Passed: {PassedCount}, Failed: {FailedCount}, Skipped: {SkippedCount}");
            return report.ToString();
        }

        private int Count(string result) => Tests.Count(t => t.Result == result);
    }
}
