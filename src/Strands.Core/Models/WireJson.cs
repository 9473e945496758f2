using System;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Strands.Models
{
    /// <summary>
    /// Reader and writer helpers shared by the adapters that parse with <see cref="Utf8JsonReader"/>.
    /// Readers are lenient: a value of an unexpected kind is skipped rather than failing the reply.
    /// </summary>
    internal static class WireJson
    {
        /// <summary>
        /// Request bodies go over HTTP and never into HTML, so HTML-sensitive characters need no
        /// escaping; this keeps base64 thought signatures and non-ASCII prompts byte-for-byte.
        /// </summary>
        public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        // One writer per thread, reset onto each request body, so a model call allocates no writer.
        // Request writing is synchronous and calls no user code, so a thread never needs two at once.
        [ThreadStatic] private static Utf8JsonWriter? t_writer;

        /// <summary>This thread's writer (<see cref="WriterOptions"/>), reset onto <paramref name="output"/>; Flush it when done.</summary>
        public static Utf8JsonWriter WriterFor(IBufferWriter<byte> output)
        {
            var w = t_writer;
            if (w == null) t_writer = w = new Utf8JsonWriter(output, WriterOptions);
            else w.Reset(output);
            return w;
        }

        public static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip };

        public static JsonTokenType Next(ref Utf8JsonReader r)
        {
            if (!r.Read()) throw new JsonException("Unexpected end of JSON.");
            return r.TokenType;
        }

        public static void Expect(ref Utf8JsonReader r, JsonTokenType type)
        {
            if (Next(ref r) != type) throw new JsonException($"Expected {type}, found {r.TokenType}.");
        }

        public static void SkipValue(ref Utf8JsonReader r)
        {
            Next(ref r);
            if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
        }

        public static string? ReadString(ref Utf8JsonReader r)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.String) return r.GetString();
            if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
            return null;
        }

        public static long ReadLong(ref Utf8JsonReader r)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.Number && r.TryGetInt64(out var value)) return value;
            if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
            return 0;
        }

        public static bool ReadBool(ref Utf8JsonReader r)
        {
            Next(ref r);
            if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
            return r.TokenType == JsonTokenType.True;
        }

        /// <summary>
        /// The next value as JSON text, sliced from the input rather than rebuilt, so tool arguments
        /// keep the provider's exact text. A string value is returned unquoted (some servers send
        /// arguments as a JSON string); null and other scalars give null.
        /// </summary>
        public static string? ReadRawObject(ref Utf8JsonReader r, ReadOnlyMemory<byte> json)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.String) return r.GetString();
            if (r.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return null;
            var start = (int)r.TokenStartIndex;
            r.Skip();
            var end = (int)r.BytesConsumed;
            return Utf8(json.Slice(start, end - start));
        }

        // netstandard2.0 has no span overload of GetString; the readers' buffers are arrays, so
        // decoding straight from the array segment avoids a copy.
        public static string Utf8(ReadOnlyMemory<byte> bytes)
        {
            if (bytes.IsEmpty) return string.Empty;
            return MemoryMarshal.TryGetArray(bytes, out var segment)
                ? Encoding.UTF8.GetString(segment.Array!, segment.Offset, segment.Count)
                : Encoding.UTF8.GetString(bytes.ToArray());
        }
    }
}
