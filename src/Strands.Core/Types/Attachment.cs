using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Strands.Types
{
    /// <summary>
    /// Turns a file or bytes given with a prompt into the content block every provider maps from:
    /// an <see cref="ImageBlock"/> for Strands' image formats, a <see cref="DocumentBlock"/> for its
    /// document formats. Whether a provider takes it, and at what size, its model checks before
    /// anything is sent (<see cref="Models.AttachmentLimits"/>).
    /// </summary>
    public static class Attachment
    {
        /// <summary>Image formats (Strands' ImageFormat): png, jpeg, gif, webp.</summary>
        public static IReadOnlyList<string> ImageFormats { get; } = new[] { "png", "jpeg", "gif", "webp" };

        /// <summary>Document formats (Strands' DocumentFormat): pdf, csv, doc, docx, xls, xlsx, html, txt, md.</summary>
        public static IReadOnlyList<string> DocumentFormats { get; } = new[] { "pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md" };

        /// <summary>Reads a file; its format is its extension.</summary>
        /// <exception cref="StrandsException"><c>AttachmentUnsupported</c> for another extension, <c>AttachmentUnreadable</c> when it cannot be read.</exception>
        public static ContentBlock FromFile(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            var name = Path.GetFileName(path);
            var format = Normalize(Path.GetExtension(path));
            if (format is null) throw Unsupported(name, Path.GetExtension(path));
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is System.Security.SecurityException)
            {
                throw new StrandsException(ErrorIds.AttachmentUnreadable, ErrorKind.ReadFailed, $"The attachment '{path}' could not be read: {ex.Message}", ex);
            }

            return Create(bytes, format, name);
        }

        /// <summary>Wraps bytes of a named format (an extension such as <c>png</c>, <c>.jpg</c> or <c>pdf</c>).</summary>
        /// <param name="bytes">The file's content.</param>
        /// <param name="format">The format or extension.</param>
        /// <param name="name">A name for messages and for the formats that send one; defaults to <c>attachment.&lt;format&gt;</c>.</param>
        /// <exception cref="StrandsException"><c>AttachmentUnsupported</c> for a format no provider takes.</exception>
        public static ContentBlock FromBytes(ReadOnlyMemory<byte> bytes, string format, string? name = null)
        {
            var normalized = Normalize(format ?? string.Empty);
            if (normalized is null) throw Unsupported(name ?? "(bytes)", format ?? string.Empty);
            return Create(bytes, normalized, string.IsNullOrWhiteSpace(name) ? "attachment." + normalized : name!);
        }

        // The usual spellings of each format: jpg, htm and markdown, any case, with or without the dot.
        private static string? Normalize(string format)
        {
            var f = format.Trim().TrimStart('.').ToLowerInvariant();
            f = f switch { "jpg" => "jpeg", "htm" => "html", "markdown" => "md", _ => f };
            return ImageFormats.Contains(f) || DocumentFormats.Contains(f) ? f : null;
        }

        private static ContentBlock Create(ReadOnlyMemory<byte> bytes, string format, string name)
        {
            if (bytes.IsEmpty)
                throw new StrandsException(ErrorIds.AttachmentUnsupported, ErrorKind.InvalidArgument, $"The attachment '{name}' is empty; no provider takes an empty file.");
            return ImageFormats.Contains(format) ? new ImageBlock(format, bytes, name) : new DocumentBlock(format, name, bytes);
        }

        private static StrandsException Unsupported(string name, string format) =>
            new(ErrorIds.AttachmentUnsupported, ErrorKind.InvalidArgument,
                (format.Trim().TrimStart('.').Length == 0 ? $"The attachment '{name}' has no format (no file extension)" : $"The attachment '{name}' has the format '{format.Trim().TrimStart('.')}'")
                + $", which is not an image ({string.Join(", ", ImageFormats)}) or a document ({string.Join(", ", DocumentFormats)}).")
            {
                Recommendation = ErrorText.Plain("Convert the file to one of those formats, or put its text into the prompt."),
            };
    }
}
