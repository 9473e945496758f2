using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;

namespace Strands.Models.Bedrock
{
    /// <summary>
    /// AWS Signature Version 4 for header-signed requests, as documented in the IAM user guide
    /// ("Create a signed AWS API request"): canonical request, string to sign, HMAC key chain.
    /// Written here rather than taken from AWSSDK.Core so signing needs no SDK type and the SDK
    /// loads only to find credentials.
    /// </summary>
    internal static class SigV4Signer
    {
        public const string Algorithm = "AWS4-HMAC-SHA256";

        /// <summary>
        /// Adds <c>x-amz-date</c>, <c>x-amz-content-sha256</c>, <c>x-amz-security-token</c> (with a
        /// session token) and <c>Authorization</c> to a request whose body is <paramref name="body"/>.
        /// Signed: host, content-type and every x-amz-* header, as botocore does for Bedrock.
        /// </summary>
        public static void Sign(HttpRequestMessage request, byte[] body, AwsCredentials credentials, string region, string service, DateTime utcNow)
        {
            var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
            var amzDate = utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var payloadHash = Hex(Sha256(body));
            request.Headers.Remove("x-amz-date");
            request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
            request.Headers.Remove("x-amz-content-sha256");
            request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
            request.Headers.Remove("x-amz-security-token");
            if (credentials.SessionToken != null) request.Headers.TryAddWithoutValidation("x-amz-security-token", credentials.SessionToken);

            var headers = new List<KeyValuePair<string, string>> { new("host", uri.Authority) };
            foreach (var h in request.Headers)
                if (h.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)) headers.Add(new(h.Key, string.Join(",", h.Value)));
            if (request.Content?.Headers.ContentType is { } contentType) headers.Add(new("content-type", contentType.ToString()));

            request.Headers.Remove("Authorization");
            request.Headers.TryAddWithoutValidation("Authorization",
                Authorization(request.Method.Method, uri, headers, payloadHash, credentials, region, service, utcNow));
        }

        /// <summary>The <c>Authorization</c> header value for the given request parts.</summary>
        /// <param name="method">HTTP method.</param>
        /// <param name="uri">The URI as sent (its path already percent-encoded once).</param>
        /// <param name="headers">The headers to sign, host included.</param>
        /// <param name="payloadHash">Lower-case hex SHA-256 of the body.</param>
        /// <param name="credentials">Who signs.</param>
        /// <param name="region">Signing region.</param>
        /// <param name="service">Signing service name (<c>bedrock</c>).</param>
        /// <param name="utcNow">The time in <c>x-amz-date</c>.</param>
        public static string Authorization(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, string payloadHash,
            AwsCredentials credentials, string region, string service, DateTime utcNow)
        {
            var canonicalHeaders = headers
                .GroupBy(h => h.Key.ToLowerInvariant(), h => CollapseSpaces(h.Value))
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToList();
            var signedHeaders = string.Join(";", canonicalHeaders.Select(g => g.Key));

            var canonical = new StringBuilder()
                .Append(method).Append('\n')
                .Append(CanonicalPath(uri.AbsolutePath)).Append('\n')
                .Append(CanonicalQuery(uri.Query)).Append('\n');
            foreach (var g in canonicalHeaders) canonical.Append(g.Key).Append(':').Append(string.Join(",", g)).Append('\n');
            canonical.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);

            var date = utcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var scope = $"{date}/{region}/{service}/aws4_request";
            var stringToSign = $"{Algorithm}\n{utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}\n{scope}\n{Hex(Sha256(Encoding.UTF8.GetBytes(canonical.ToString())))}";

            var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), date);
            key = Hmac(key, region);
            key = Hmac(key, service);
            key = Hmac(key, "aws4_request");
            var signature = Hex(Hmac(key, stringToSign));
            return $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        }

        // Every service but S3 signs each path segment encoded twice: Bedrock's model id is already
        // percent-encoded in the URL, so "v1%3A0" is signed as "v1%253A0" (what botocore does).
        private static string CanonicalPath(string path)
        {
            if (string.IsNullOrEmpty(path)) return "/";
            var segments = path.Split('/');
            for (var i = 0; i < segments.Length; i++) segments[i] = Uri.EscapeDataString(segments[i]);
            return string.Join("/", segments);
        }

        private static string CanonicalQuery(string query)
        {
            if (string.IsNullOrEmpty(query) || query == "?") return string.Empty;
            return string.Join("&", query.TrimStart('?').Split('&')
                .Where(p => p.Length > 0)
                .Select(p =>
                {
                    var eq = p.IndexOf('=');
                    var name = Uri.UnescapeDataString(eq < 0 ? p : p.Substring(0, eq));
                    var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(p.Substring(eq + 1));
                    return (Name: Uri.EscapeDataString(name), Value: Uri.EscapeDataString(value));
                })
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .ThenBy(p => p.Value, StringComparer.Ordinal)
                .Select(p => p.Name + "=" + p.Value));
        }

        private static string CollapseSpaces(string value)
        {
            var trimmed = value.Trim();
            if (trimmed.IndexOf("  ", StringComparison.Ordinal) < 0) return trimmed;
            var sb = new StringBuilder(trimmed.Length);
            foreach (var c in trimmed)
                if (c != ' ' || sb.Length == 0 || sb[sb.Length - 1] != ' ') sb.Append(c);
            return sb.ToString();
        }

        private static byte[] Sha256(byte[] data)
        {
            using var sha = SHA256.Create();
            return sha.ComputeHash(data);
        }

        private static byte[] Hmac(byte[] key, string data)
        {
            using var hmac = new HMACSHA256(key);
            return hmac.ComputeHash(Encoding.UTF8.GetBytes(data));
        }

        private static string Hex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
