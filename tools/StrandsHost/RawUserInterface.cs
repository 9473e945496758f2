using System.Management.Automation.Host;

namespace Strands.Host
{
    /// <summary>
    /// Console geometry for the formatter (table widths come from <see cref="BufferSize"/>). Output
    /// is often redirected, where the console has no size, so a wide fixed buffer is the fallback.
    /// </summary>
    public sealed class RawUserInterface : PSHostRawUserInterface
    {
        private static readonly Size Fallback = new(160, 50);

        /// <inheritdoc/>
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

        /// <inheritdoc/>
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

        /// <inheritdoc/>
        public override Coordinates CursorPosition { get; set; }

        /// <inheritdoc/>
        public override Coordinates WindowPosition { get; set; }

        /// <inheritdoc/>
        public override int CursorSize { get; set; } = 25;

        /// <inheritdoc/>
        public override Size BufferSize
        {
            get => ConsoleSize();
            set { }
        }

        /// <inheritdoc/>
        public override Size WindowSize
        {
            get => ConsoleSize();
            set { }
        }

        /// <inheritdoc/>
        public override Size MaxWindowSize => ConsoleSize();

        /// <inheritdoc/>
        public override Size MaxPhysicalWindowSize => ConsoleSize();

        /// <inheritdoc/>
        public override bool KeyAvailable => false;

        /// <inheritdoc/>
        public override string WindowTitle { get; set; } = "StrandsHost";

        /// <inheritdoc/>
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("StrandsHost does not read keys.");

        /// <inheritdoc/>
        public override void FlushInputBuffer() { }

        /// <inheritdoc/>
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException("StrandsHost has no screen buffer.");

        /// <inheritdoc/>
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }

        /// <inheritdoc/>
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }

        /// <inheritdoc/>
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }

        private static Size ConsoleSize()
        {
            if (Console.IsOutputRedirected) return Fallback;
            try
            {
                return Console.WindowWidth > 0 ? new Size(Console.WindowWidth, Math.Max(Console.WindowHeight, 1)) : Fallback;
            }
            catch (IOException)
            {
                return Fallback;
            }
        }
    }
}
