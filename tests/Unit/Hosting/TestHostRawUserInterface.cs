using System.Management.Automation.Host;

namespace Strands.Tests.Hosting
{
    /// <summary>
    /// A fixed, wide virtual console: format views size their columns from it, and a wide buffer
    /// keeps table rows from wrapping or truncating in assertions.
    /// </summary>
    public sealed class TestHostRawUserInterface : PSHostRawUserInterface
    {
        /// <inheritdoc/>
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

        /// <inheritdoc/>
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

        /// <inheritdoc/>
        public override Size BufferSize { get; set; } = new(240, 9999);

        /// <inheritdoc/>
        public override Coordinates CursorPosition { get; set; }

        /// <inheritdoc/>
        public override int CursorSize { get; set; } = 1;

        /// <inheritdoc/>
        public override bool KeyAvailable => false;

        /// <inheritdoc/>
        public override Size MaxPhysicalWindowSize => new(240, 9999);

        /// <inheritdoc/>
        public override Size MaxWindowSize => new(240, 9999);

        /// <inheritdoc/>
        public override Coordinates WindowPosition { get; set; }

        /// <inheritdoc/>
        public override Size WindowSize { get; set; } = new(240, 9999);

        /// <inheritdoc/>
        public override string WindowTitle { get; set; } = string.Empty;

        /// <inheritdoc/>
        public override void FlushInputBuffer()
        {
        }

        /// <inheritdoc/>
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) =>
            throw new NotSupportedException("The test host has no screen buffer to read.");

        /// <inheritdoc/>
        public override KeyInfo ReadKey(ReadKeyOptions options) =>
            throw new HostException("The test host is non-interactive: it cannot read a key.", null, "NonInteractiveHost", System.Management.Automation.ErrorCategory.NotImplemented);

        /// <inheritdoc/>
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill)
        {
        }

        /// <inheritdoc/>
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents)
        {
        }

        /// <inheritdoc/>
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill)
        {
        }
    }
}
