using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace Strands.Tests.Hosting
{
    /// <summary>
    /// Captures every host write into one buffer and refuses to wait for a user: a test that
    /// prompts must fail fast, never hang the run.
    /// </summary>
    public sealed class TestHostUserInterface : PSHostUserInterface
    {
        // CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles): format views
        // emit them even with PlainText rendering, and they would break string assertions.
        private static readonly Regex Ansi = new(@"\x1B\[[0-?]*[ -/]*[@-~]|\x1B\][^\x07\x1B]*(\x07|\x1B\\)", RegexOptions.Compiled);

        private readonly StringBuilder _buffer = new();
        private readonly object _gate = new();
        private readonly TestHostRawUserInterface _raw = new();

        /// <summary>Everything written so far, ANSI escapes removed.</summary>
        public string Output
        {
            get
            {
                lock (_gate)
                {
                    return _buffer.ToString();
                }
            }
        }

        /// <summary>Forgets what was written so far.</summary>
        public void Clear()
        {
            lock (_gate)
            {
                _buffer.Clear();
            }
        }

        /// <inheritdoc/>
        public override PSHostRawUserInterface RawUI => _raw;

        /// <inheritdoc/>
        public override void Write(string value) => Append(value);

        /// <inheritdoc/>
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Append(value);

        /// <inheritdoc/>
        public override void WriteLine(string value) => Append(value + "\n");

        /// <inheritdoc/>
        public override void WriteErrorLine(string value) => Append(value + "\n");

        /// <inheritdoc/>
        public override void WriteDebugLine(string message) => Append("DEBUG: " + message + "\n");

        /// <inheritdoc/>
        public override void WriteVerboseLine(string message) => Append("VERBOSE: " + message + "\n");

        /// <inheritdoc/>
        public override void WriteWarningLine(string message) => Append("WARNING: " + message + "\n");

        /// <inheritdoc/>
        public override void WriteInformation(InformationRecord record) => Append(record.MessageData + "\n");

        /// <inheritdoc/>
        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            // Progress is transient UI; tests read it from the Progress stream instead.
        }

        /// <inheritdoc/>
        public override string ReadLine() => throw NonInteractive("read a line");

        /// <inheritdoc/>
        public override SecureString ReadLineAsSecureString() => throw NonInteractive("read a secure string");

        /// <inheritdoc/>
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw NonInteractive("prompt for " + string.Join(", ", descriptions.Select(d => d.Name)));

        /// <summary>Answers with the default choice, as a non-interactive console would; throws when there is none.</summary>
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            if (defaultChoice < 0 || defaultChoice >= choices.Count)
            {
                throw NonInteractive("choose (" + caption + ": " + message + ") without a default choice");
            }

            Append(caption + "\n" + message + "\n" + "[answered with default: " + choices[defaultChoice].Label + "]\n");
            return defaultChoice;
        }

        /// <inheritdoc/>
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw NonInteractive("prompt for a credential");

        /// <inheritdoc/>
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw NonInteractive("prompt for a credential");

        private static HostException NonInteractive(string what) =>
            new("The test host is non-interactive: it cannot " + what + ".", null, "NonInteractiveHost", ErrorCategory.NotImplemented);

        private void Append(string value)
        {
            var clean = Ansi.Replace(value ?? string.Empty, string.Empty);
            lock (_gate)
            {
                _buffer.Append(clean);
            }
        }
    }
}
