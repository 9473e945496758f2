using System.Collections;
using System.Management.Automation;
using Strands.Tests.Hosting;

namespace Strands.Tests.Pester
{
    /// <summary>Runs a <c>*.Tests.ps1</c> file through <c>tests/PesterRunner/Pester.psm1</c> and reads back its results.</summary>
    public static class PesterRunner
    {
        /// <summary>
        /// Runs <paramref name="testFile"/> in a fresh session so files cannot leak state into each other.
        /// With <paramref name="importModule"/> the built Strands module is imported first, as the
        /// <c>tests/Pester</c> files expect; the runner's own self-tests run without it.
        /// </summary>
        public static PesterRunResult RunFile(string testFile, bool importModule)
        {
            using var session = PowerShellSession.Open(importModule);
            return RunFile(session, testFile);
        }

        /// <summary>
        /// Runs <paramref name="testFile"/> in <paramref name="session"/>, from the file's folder so relative
        /// paths in it resolve as they do under real Pester. The session keeps the file's global state,
        /// which lets a test inspect what the file left behind.
        /// </summary>
        public static PesterRunResult RunFile(PowerShellSession session, string testFile)
        {
            var path = Path.GetFullPath(testFile);
            session.SetLocation(Path.GetDirectoryName(path)!);
            var invocation = session.Invoke(
                "Import-Module -Name $__runner -ErrorAction Stop; Invoke-Pester -Path $__testFile -PassThru -Output Detailed",
                new Dictionary<string, object?> { ["__runner"] = RepoPaths.PesterRunner, ["__testFile"] = path });

            var run = invocation.Output.LastOrDefault(o => o?.TypeNames.Contains("Pester.Run") == true);
            if (run is null)
            {
                return new PesterRunResult([], ["The runner returned no result." + Environment.NewLine + invocation.ErrorSummary], invocation.HostOutput);
            }

            var tests = Items(run, "Tests").Select(ToTestResult).ToList();
            var fileErrors = new List<string>();
            foreach (var container in Items(run, "Containers"))
            {
                fileErrors.AddRange(Items(container, "ErrorRecord").Select(e => "discovery or file-level setup: " + Describe(e)));
            }

            foreach (var block in Items(run, "FailedBlocks"))
            {
                fileErrors.AddRange(Items(block, "ErrorRecord").Select(e => Property(block, "Name") + " AfterAll: " + Describe(e)));
            }

            return new PesterRunResult(tests, fileErrors, invocation.HostOutput);
        }

        private static PesterTestResult ToTestResult(PSObject test) => new(
            (string)Property(test, "ExpandedPath")!,
            (string)Property(test, "Result")!,
            string.Join(Environment.NewLine, Items(test, "ErrorRecord").Select(Describe)),
            (TimeSpan)Property(test, "Duration")!);

        // The message plus the first frame outside the runner: the line of the test file that failed.
        private static string Describe(PSObject error)
        {
            var record = (ErrorRecord)error.BaseObject;
            var frame = (record.ScriptStackTrace ?? string.Empty)
                .Split('\n')
                .FirstOrDefault(line => line.Length > 0 && !line.Contains("Pester.psm1", StringComparison.Ordinal));
            return frame is null ? record.Exception.Message : record.Exception.Message + Environment.NewLine + frame.Trim();
        }

        private static object? Property(PSObject obj, string name) =>
            obj.Properties[name]?.Value is { } value ? (value is PSObject wrapped ? wrapped.BaseObject : value) : null;

        private static IEnumerable<PSObject> Items(PSObject obj, string name) =>
            Property(obj, name) is IEnumerable items and not string
                ? items.Cast<object>().Where(i => i != null).Select(PSObject.AsPSObject)
                : [];
    }
}
