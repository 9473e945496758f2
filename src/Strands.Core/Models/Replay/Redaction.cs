using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;

namespace Strands.Models.Replay
{
    /// <summary>
    /// Keeps credentials out of recordings. Request headers are never recorded at all; what is
    /// recorded (URL, bodies, response headers) is scrubbed of key-like query values and of every
    /// credential value the request carried, wherever it appears.
    /// </summary>
    public static class Redaction
    {
        /// <summary>What replaces a secret.</summary>
        public const string Mask = "[REDACTED]";

        private static readonly char[] AuthorizationSeparators = { ' ', ',' };
        private static readonly char[] QuerySeparators = { '&' };

        // Shorter values are not scrubbed from bodies: a test key such as "k" would mask every
        // letter k, and real provider keys are far longer.
        private const int MinScrubLength = 8;

        private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase)
        {
            "Authorization", "Proxy-Authorization", "x-api-key", "api-key", "x-goog-api-key",
            "x-amz-security-token", "Cookie",
        };

        private static readonly HashSet<string> DroppedResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
        {
            "Set-Cookie", "Set-Cookie2", "Authorization", "Proxy-Authenticate", "WWW-Authenticate", "x-api-key", "api-key",
            "x-goog-api-key", "x-amz-security-token",
            // Transport framing: the recorded body is already de-chunked and decompressed.
            "Transfer-Encoding", "Content-Length", "Content-Encoding", "Connection", "Keep-Alive",
        };

        private static readonly HashSet<string> SecretQueryNames = new(StringComparer.OrdinalIgnoreCase)
        {
            "key", "api_key", "api-key", "apikey", "access_token", "token", "sig", "signature",
            "x-amz-signature", "x-amz-credential", "x-amz-security-token", "code",
        };

        /// <summary>Whether a request header carries a credential (and so is never recorded or compared).</summary>
        public static bool IsCredentialHeader(string name) => CredentialHeaders.Contains(name);

        /// <summary>Whether a response header is left out of recordings (cookies, credentials, transport framing).</summary>
        public static bool IsDroppedResponseHeader(string name) => DroppedResponseHeaders.Contains(name);

        /// <summary>
        /// The credential values a request carries: each credential header's value, the token
        /// after a scheme (<c>Bearer x</c>), the access key id and signature of a SigV4
        /// <c>Authorization</c>, and key-like query values.
        /// </summary>
        public static IReadOnlyList<string> SecretsOf(HttpRequestMessage request)
        {
            var secrets = new List<string>();
            foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
            {
                if (!IsCredentialHeader(header.Key)) continue;
                foreach (var value in header.Value)
                {
                    secrets.Add(value);
                    // "AWS4-HMAC-SHA256 Credential=AKID/20250101/..., SignedHeaders=..., Signature=abc"
                    foreach (var token in value.Split(AuthorizationSeparators, StringSplitOptions.RemoveEmptyEntries).Skip(1))
                    {
                        var eq = token.IndexOf('=');
                        var part = eq < 0 ? token : token.Substring(eq + 1);
                        if (token.StartsWith("Credential=", StringComparison.OrdinalIgnoreCase) && part.IndexOf('/') is var slash && slash > 0)
                            part = part.Substring(0, slash);
                        if (!token.StartsWith("SignedHeaders=", StringComparison.OrdinalIgnoreCase)) secrets.Add(part);
                    }
                }
            }

            if (request.RequestUri != null) secrets.AddRange(SecretQueryValues(request.RequestUri.Query));
            return secrets.Where(s => s.Length >= MinScrubLength).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();
        }

        /// <summary>Replaces the value of every key-like query parameter (<c>key</c>, <c>api_key</c>, <c>X-Amz-Signature</c>, …) with <see cref="Mask"/>.</summary>
        public static string RedactQuery(string pathAndQuery)
        {
            var q = pathAndQuery.IndexOf('?');
            if (q < 0) return pathAndQuery;
            var parts = pathAndQuery.Substring(q + 1).Split('&');
            for (var i = 0; i < parts.Length; i++)
            {
                var eq = parts[i].IndexOf('=');
                var name = Uri.UnescapeDataString(eq < 0 ? parts[i] : parts[i].Substring(0, eq));
                if (eq >= 0 && SecretQueryNames.Contains(name)) parts[i] = parts[i].Substring(0, eq + 1) + Mask;
            }

            return pathAndQuery.Substring(0, q + 1) + string.Join("&", parts);
        }

        /// <summary>An endpoint base safe to write: without user info, key-like query values masked.</summary>
        public static string RedactUrl(string url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return RedactQuery(url);
            var builder = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty };
            var clean = builder.Uri.GetLeftPart(UriPartial.Path);
            // UriBuilder adds a trailing slash to a bare host; keep the base as the user wrote it.
            if (!url.EndsWith("/", StringComparison.Ordinal) && clean.EndsWith("/", StringComparison.Ordinal) && uri.AbsolutePath == "/") clean = clean.TrimEnd('/');
            return RedactQuery(clean + uri.Query);
        }

        /// <summary>Text with every occurrence of each secret replaced by <see cref="Mask"/>.</summary>
        public static string Scrub(string text, IReadOnlyList<string> secrets)
        {
            foreach (var secret in secrets)
            {
                if (text.IndexOf(secret, StringComparison.Ordinal) >= 0) text = text.Replace(secret, Mask);
            }

            return text;
        }

        /// <summary>Bytes with every UTF-8 occurrence of each secret replaced by <see cref="Mask"/>; the same array when none occurs.</summary>
        public static byte[] Scrub(byte[] data, IReadOnlyList<string> secrets)
        {
            foreach (var secret in secrets)
            {
                var needle = Encoding.UTF8.GetBytes(secret);
                if (IndexOf(data, needle, 0) < 0) continue;
                var mask = Encoding.ASCII.GetBytes(Mask);
                var output = new List<byte>(data.Length);
                var start = 0;
                for (var at = IndexOf(data, needle, 0); at >= 0; at = IndexOf(data, needle, start))
                {
                    for (var i = start; i < at; i++) output.Add(data[i]);
                    output.AddRange(mask);
                    start = at + needle.Length;
                }

                for (var i = start; i < data.Length; i++) output.Add(data[i]);
                data = output.ToArray();
            }

            return data;
        }

        private static IEnumerable<string> SecretQueryValues(string query)
        {
            foreach (var part in query.TrimStart('?').Split(QuerySeparators, StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=');
                if (eq < 0 || !SecretQueryNames.Contains(Uri.UnescapeDataString(part.Substring(0, eq)))) continue;
                var raw = part.Substring(eq + 1);
                yield return raw;
                yield return Uri.UnescapeDataString(raw);
            }
        }

        private static int IndexOf(byte[] haystack, byte[] needle, int from)
        {
            if (needle.Length == 0) return -1;
            for (var i = from; i <= haystack.Length - needle.Length; i++)
            {
                var j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }

            return -1;
        }
    }
}
