using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Strands.Types;

namespace Strands.Models
{
    /// <summary>
    /// Which attachments a provider's format takes and how large each may be, as the provider
    /// documents it. A model checks a prompt against them before anything is sent, so a file the
    /// provider would refuse (or silently drop) fails at once with the file, the provider and the limit.
    /// </summary>
    public sealed class AttachmentLimits
    {
        private const double BytesPerMegabyte = 1024 * 1024;

        /// <summary>Describes what a provider takes.</summary>
        /// <param name="imageFormats">Image formats it takes.</param>
        /// <param name="documentFormats">Document formats it takes (none for a provider without documents).</param>
        /// <param name="maxImageMegabytes">Largest image, in MB (MiB, as the providers count); null for no documented limit.</param>
        /// <param name="maxDocumentMegabytes">Largest document, in MB; null for no documented limit.</param>
        public AttachmentLimits(IEnumerable<string> imageFormats, IEnumerable<string> documentFormats, double? maxImageMegabytes, double? maxDocumentMegabytes)
        {
            ImageFormats = (imageFormats ?? throw new ArgumentNullException(nameof(imageFormats))).ToArray();
            DocumentFormats = (documentFormats ?? throw new ArgumentNullException(nameof(documentFormats))).ToArray();
            MaxImageMegabytes = maxImageMegabytes;
            MaxDocumentMegabytes = maxDocumentMegabytes;
        }

        /// <summary>Image formats the provider takes.</summary>
        public IReadOnlyList<string> ImageFormats { get; }

        /// <summary>Document formats the provider takes.</summary>
        public IReadOnlyList<string> DocumentFormats { get; }

        /// <summary>Largest image in MB, or null.</summary>
        public double? MaxImageMegabytes { get; }

        /// <summary>Largest document in MB, or null.</summary>
        public double? MaxDocumentMegabytes { get; }

        /// <summary>Throws for the first image or document in <paramref name="content"/> the provider cannot take.</summary>
        /// <param name="provider">The provider's routing name, for the message.</param>
        /// <param name="content">The blocks about to be sent.</param>
        /// <exception cref="StrandsException"><c>AttachmentUnsupported</c> or <c>AttachmentTooLarge</c> (both InvalidArgument).</exception>
        public void Check(string provider, IEnumerable<ContentBlock> content)
        {
            if (content is null) throw new ArgumentNullException(nameof(content));
            foreach (var block in content)
            {
                switch (block)
                {
                    case ImageBlock image:
                        Check(provider, image.Name ?? "(image)", "image", image.Format, image.Bytes.Length, ImageFormats, MaxImageMegabytes);
                        break;
                    case DocumentBlock document:
                        Check(provider, document.Name, "document", document.Format, document.Bytes.Length, DocumentFormats, MaxDocumentMegabytes);
                        break;
                }
            }
        }

        private static void Check(string provider, string name, string kind, string format, int length, IReadOnlyList<string> formats, double? maxMegabytes)
        {
            if (!formats.Contains(format))
            {
                var takes = formats.Count == 0 ? $"takes no {kind}s" : $"takes {kind}s in {string.Join(", ", formats)}";
                throw new StrandsException(ErrorIds.AttachmentUnsupported, ErrorKind.InvalidArgument,
                    $"The attachment '{name}' ({format} {kind}) cannot be sent to {provider}: it {takes}. Nothing was sent.")
                {
                    Recommendation = ErrorText.Plain($"Convert '{name}' to a format {provider} takes, put its text into the prompt, or use a model whose provider takes {format} {kind}s."),
                };
            }

            if (maxMegabytes is double max && length > max * BytesPerMegabyte)
            {
                throw new StrandsException(ErrorIds.AttachmentTooLarge, ErrorKind.InvalidArgument,
                    $"The attachment '{name}' is {Megabytes(length)} MB; {provider} takes {kind}s of up to {max.ToString("0.##", CultureInfo.InvariantCulture)} MB. Nothing was sent.")
                {
                    Recommendation = ErrorText.Plain($"Make '{name}' smaller (compress or resize it, or send fewer pages), or split it."),
                };
            }
        }

        private static string Megabytes(int length) => (length / BytesPerMegabyte).ToString("0.##", CultureInfo.InvariantCulture);
    }
}
