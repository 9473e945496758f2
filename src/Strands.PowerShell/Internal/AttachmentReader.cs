using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Strands.Types;

namespace Strands.PowerShell.Internal
{
    /// <summary>
    /// Reads Invoke-StrandsAgent's -Attachment items into content blocks: paths (PowerShell paths,
    /// wildcards allowed), FileInfo objects (Get-ChildItem), and bytes with a format
    /// (<c>@{ Bytes = …; Format = 'png'; Name = 'chart.png' }</c>, or any object with those properties).
    /// </summary>
    internal static class AttachmentReader
    {
        public static IReadOnlyList<ContentBlock> Read(PSCmdlet cmdlet, IEnumerable<object> items)
        {
            var blocks = new List<ContentBlock>();
            foreach (var raw in items)
            {
                var item = raw is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : raw;
                switch (item)
                {
                    case FileInfo file:
                        blocks.Add(Attachment.FromFile(file.FullName));
                        break;
                    case string path:
                        foreach (var resolved in Resolve(cmdlet, path)) blocks.Add(Attachment.FromFile(resolved));
                        break;
                    case byte[]:
                        throw Invalid("An attachment of bytes needs its format: pass @{ Bytes = $bytes; Format = 'png'; Name = 'chart.png' }.");
                    default:
                        blocks.Add(FromBytes(item, raw));
                        break;
                }
            }

            return blocks;
        }

        private static IEnumerable<string> Resolve(PSCmdlet cmdlet, string path)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(path))
            {
                // A missing file is reported by the reader, which names it.
                return new[] { cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path) };
            }

            var resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
            if (provider.Name != "FileSystem") throw Invalid($"The attachment path '{path}' is not a file-system path.");
            return resolved;
        }

        private static ContentBlock FromBytes(object item, object raw)
        {
            var bytes = Property(item, "Bytes") is var b && (b is PSObject pb ? pb.BaseObject : b) is byte[] array ? array : null;
            var format = Property(item, "Format")?.ToString();
            if (bytes is null || string.IsNullOrWhiteSpace(format))
            {
                throw Invalid("An attachment is a path, a FileInfo, or bytes with a format such as @{ Bytes = $bytes; Format = 'png'; Name = 'chart.png' }; "
                    + $"'{raw}' is none of these.");
            }

            return Attachment.FromBytes(bytes, format!, Property(item, "Name")?.ToString());
        }

        private static object? Property(object item, string name)
        {
            if (item is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                    if (string.Equals(entry.Key?.ToString(), name, StringComparison.OrdinalIgnoreCase)) return entry.Value;
                return null;
            }

            return PSObject.AsPSObject(item).Properties[name]?.Value;
        }

        private static StrandsException Invalid(string message) =>
            new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
    }
}
