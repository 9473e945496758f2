using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text.RegularExpressions;

namespace Strands.Host
{
    /// <summary>
    /// Writes host output to stdout and diagnostics to stderr, without ANSI escapes; prompts are
    /// refused (scripts run unattended). WriteInformation keeps the base no-op: the engine already
    /// renders Write-Host and streamed text through Write/WriteLine, honouring NoNewLine.
    /// </summary>
    public sealed class ConsoleUserInterface : PSHostUserInterface
    {
        // Format views emit colour codes even with PlainText rendering; redirected output must stay plain text.
        private static readonly Regex Ansi = new(@"\x1B\[[0-?]*[ -/]*[@-~]|\x1B\][^\x07\x1B]*(\x07|\x1B\\)", RegexOptions.Compiled);
        private readonly RawUserInterface _raw = new();
        private readonly object _gate = new();
        private bool _lineOpen;

        /// <summary>Text without ANSI escape sequences.</summary>
        public static string StripAnsi(string text) => Ansi.Replace(text ?? string.Empty, string.Empty);

        /// <inheritdoc/>
        public override PSHostRawUserInterface RawUI => _raw;

        /// <inheritdoc/>
        public override void Write(string value) => Out(value, newLine: false);

        /// <inheritdoc/>
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Out(value, newLine: false);

        /// <inheritdoc/>
        public override void WriteLine(string value) => Out(value, newLine: true);

        /// <inheritdoc/>
        public override void WriteErrorLine(string value) => Err(value);

        /// <inheritdoc/>
        public override void WriteDebugLine(string message) => Err("DEBUG: " + message);

        /// <inheritdoc/>
        public override void WriteVerboseLine(string message) => Err("VERBOSE: " + message);

        /// <inheritdoc/>
        public override void WriteWarningLine(string message) => Err("WARNING: " + message);

        /// <inheritdoc/>
        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            // Progress bars would interleave with streamed text on a plain console; they are left out.
        }

        /// <inheritdoc/>
        public override string ReadLine() => Console.ReadLine() ?? string.Empty;

        /// <inheritdoc/>
        public override SecureString ReadLineAsSecureString() => throw Unattended("read a secure string");

        /// <inheritdoc/>
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw Unattended("prompt for " + string.Join(", ", descriptions.Select(d => d.Name)));

        /// <inheritdoc/>
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
            defaultChoice >= 0 && defaultChoice < choices.Count ? defaultChoice : throw Unattended("choose: " + caption);

        /// <inheritdoc/>
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw Unattended("prompt for a credential");

        /// <inheritdoc/>
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw Unattended("prompt for a credential");

        /// <summary>Ends a line left open by a no-newline write.</summary>
        public void EndLine()
        {
            lock (_gate)
            {
                if (!_lineOpen) return;
                Console.Out.WriteLine();
                Console.Out.Flush();
                _lineOpen = false;
            }
        }

        private void Out(string value, bool newLine)
        {
            var text = StripAnsi(value);
            lock (_gate)
            {
                if (newLine) Console.Out.WriteLine(text);
                else Console.Out.Write(text);
                Console.Out.Flush();
                _lineOpen = !newLine && (text.Length > 0 || _lineOpen);
            }
        }

        private void Err(string value)
        {
            EndLine();
            Console.Error.WriteLine(StripAnsi(value));
        }

        private static HostException Unattended(string what) =>
            new("StrandsHost runs scripts unattended: it cannot " + what + ".", null, "NonInteractiveHost", ErrorCategory.NotImplemented);
    }
}
