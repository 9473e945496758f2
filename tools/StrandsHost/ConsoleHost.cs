using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace Strands.Host
{
    /// <summary>The smallest PSHost that makes a bare engine show output: without one, Out-Default and host writes go nowhere.</summary>
    public sealed class ConsoleHost : PSHost
    {
        private readonly ConsoleUserInterface _ui = new();

        /// <inheritdoc/>
        public override string Name => "StrandsHost";

        /// <inheritdoc/>
        public override Version Version => typeof(ConsoleHost).Assembly.GetName().Version ?? new Version(0, 1);

        /// <inheritdoc/>
        public override Guid InstanceId { get; } = Guid.NewGuid();

        /// <inheritdoc/>
        public override PSHostUserInterface UI => _ui;

        /// <inheritdoc/>
        public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;

        /// <inheritdoc/>
        public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

        /// <summary>Prints an error record on stderr as the console host would: message, position, id.</summary>
        public void WriteError(ErrorRecord error)
        {
            EndLine();
            var text = error.ErrorDetails?.Message ?? error.Exception?.Message ?? error.ToString();
            Console.Error.WriteLine(ConsoleUserInterface.StripAnsi(text));
            if (error.InvocationInfo?.PositionMessage is { Length: > 0 } position) Console.Error.WriteLine(ConsoleUserInterface.StripAnsi(position));
            if (error.ErrorDetails?.RecommendedAction is { Length: > 0 } action) Console.Error.WriteLine("    Recommended action: " + action);
            Console.Error.WriteLine("    + " + error.CategoryInfo + " : " + error.FullyQualifiedErrorId);
        }

        /// <summary>Ends a line left open by streamed (no-newline) text, so the next output starts cleanly.</summary>
        public void EndLine() => _ui.EndLine();

        /// <inheritdoc/>
        public override void SetShouldExit(int exitCode) { }

        /// <inheritdoc/>
        public override void EnterNestedPrompt() => throw new NotSupportedException("StrandsHost has no nested prompt.");

        /// <inheritdoc/>
        public override void ExitNestedPrompt() => throw new NotSupportedException("StrandsHost has no nested prompt.");

        /// <inheritdoc/>
        public override void NotifyBeginApplication() { }

        /// <inheritdoc/>
        public override void NotifyEndApplication() { }
    }
}
