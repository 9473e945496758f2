using System.Collections.ObjectModel;
using System.Management.Automation;

namespace Strands.Tests.Hosting
{
    /// <summary>What one invocation produced, stream by stream.</summary>
    public sealed class PowerShellResult
    {
        internal PowerShellResult(Collection<PSObject> output, PSDataStreams streams, bool hadErrors, ErrorRecord? terminatingError, string hostOutput)
        {
            Output = output;
            Errors = streams.Error.ReadAll();
            Verbose = streams.Verbose.ReadAll();
            Warning = streams.Warning.ReadAll();
            Debug = streams.Debug.ReadAll();
            Information = streams.Information.ReadAll();
            Progress = streams.Progress.ReadAll();
            TerminatingError = terminatingError;
            HadErrors = hadErrors || terminatingError != null;
            HostOutput = hostOutput;
        }

        // The engine hands back the pipeline's ErrorRecord with a placeholder exception; put the real
        // one (PipelineStoppedException, MethodInvocationException...) back so tests can assert its type.
        internal static ErrorRecord TerminatingErrorOf(RuntimeException ex) => new(ex.ErrorRecord, ex);

        /// <summary>The success stream.</summary>
        public Collection<PSObject> Output { get; }

        /// <summary>Non-terminating errors, in order.</summary>
        public Collection<ErrorRecord> Errors { get; }

        /// <summary>The verbose stream.</summary>
        public Collection<VerboseRecord> Verbose { get; }

        /// <summary>The warning stream.</summary>
        public Collection<WarningRecord> Warning { get; }

        /// <summary>The debug stream.</summary>
        public Collection<DebugRecord> Debug { get; }

        /// <summary>The information stream (Write-Information, and Write-Host in a full engine).</summary>
        public Collection<InformationRecord> Information { get; }

        /// <summary>The progress stream, including Completed records.</summary>
        public Collection<ProgressRecord> Progress { get; }

        /// <summary>
        /// The error that ended the pipeline (a <c>throw</c>, <c>-ErrorAction Stop</c>, a stop), or null.
        /// Kept here rather than thrown so a test can assert on its FullyQualifiedErrorId.
        /// </summary>
        public ErrorRecord? TerminatingError { get; }

        /// <summary>True when any error was written or the pipeline ended with one.</summary>
        public bool HadErrors { get; }

        /// <summary>What was written to the host during this invocation, ANSI escapes removed.</summary>
        public string HostOutput { get; }

        /// <summary>Every error of this invocation as text, the terminating one last; empty when there were none.</summary>
        public string ErrorSummary =>
            string.Join(Environment.NewLine, Errors.Select(Describe).Concat(TerminatingError is null ? [] : [Describe(TerminatingError)]));

        /// <summary>
        /// Throws with <see cref="ErrorSummary"/> when an error was recorded; returns this result otherwise.
        /// Looks at the records, not <see cref="HadErrors"/>, which the engine also sets for a plain <c>exit</c>.
        /// </summary>
        public PowerShellResult ThrowIfErrors() =>
            Errors.Count > 0 || TerminatingError != null ? throw new InvalidOperationException("PowerShell reported errors:" + Environment.NewLine + ErrorSummary) : this;

        private static string Describe(ErrorRecord error) =>
            error.FullyQualifiedErrorId + ": " + error.Exception.Message +
            (error.InvocationInfo?.PositionMessage is { Length: > 0 } position ? Environment.NewLine + position : string.Empty);
    }
}
