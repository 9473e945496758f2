using System.Net.Http.Headers;
using System.Text;
using Strands.Models.Replay;
using Xunit;

namespace Strands.Tests.Replay;

/// <summary>Credentials never reach a recording: headers are dropped, query keys masked, echoed values scrubbed.</summary>
public sealed class RedactionTests
{
    [Fact]
    public void Key_like_query_values_are_masked_and_others_kept()
    {
        Assert.Equal("/v1beta/models/g:generateContent?alt=sse&key=[REDACTED]", Redaction.RedactQuery("/v1beta/models/g:generateContent?alt=sse&key=AIzaSECRET"));
        Assert.Equal("/x?X-Amz-Signature=[REDACTED]&api-version=2025-02-01-preview", Redaction.RedactQuery("/x?X-Amz-Signature=abc&api-version=2025-02-01-preview"));
        Assert.Equal("/chat/completions", Redaction.RedactQuery("/chat/completions"));
    }

    [Fact]
    public void Urls_lose_user_info_and_query_keys()
    {
        Assert.Equal("https://proxy.example:4000/v1?key=[REDACTED]", Redaction.RedactUrl("https://user:pw@proxy.example:4000/v1?key=secret123"));
        Assert.Equal("http://localhost:4000", Redaction.RedactUrl("http://localhost:4000"));
    }

    [Fact]
    public void Secrets_are_taken_from_every_credential_header_and_sigv4_parts()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://h/x?key=query-secret-1");
        request.Headers.Authorization = new AuthenticationHeaderValue("AWS4-HMAC-SHA256",
            "Credential=AKIAEXAMPLEKEYID/20250101/us-west-2/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef");
        request.Headers.TryAddWithoutValidation("x-api-key", "sk-ant-SECRET-1");
        request.Headers.TryAddWithoutValidation("x-goog-api-key", "AIza-SECRET-2");
        var secrets = Redaction.SecretsOf(request);
        Assert.Contains("AKIAEXAMPLEKEYID", secrets);
        Assert.Contains("0123456789abcdef", secrets);
        Assert.Contains("sk-ant-SECRET-1", secrets);
        Assert.Contains("AIza-SECRET-2", secrets);
        Assert.Contains("query-secret-1", secrets);
        Assert.DoesNotContain("host;x-amz-date", secrets);
    }

    [Fact]
    public void Scrub_replaces_every_occurrence_in_bytes_and_text()
    {
        var secrets = new[] { "sk-test-SECRET-abc123" };
        var bytes = Encoding.UTF8.GetBytes("a sk-test-SECRET-abc123 b sk-test-SECRET-abc123");
        Assert.Equal("a [REDACTED] b [REDACTED]", Encoding.UTF8.GetString(Redaction.Scrub(bytes, secrets)));
        Assert.Equal("Incorrect key [REDACTED]", Redaction.Scrub("Incorrect key sk-test-SECRET-abc123", secrets));
    }

    [Fact]
    public void Credential_and_framing_response_headers_are_dropped()
    {
        Assert.True(Redaction.IsDroppedResponseHeader("Set-Cookie"));
        Assert.True(Redaction.IsDroppedResponseHeader("content-length"));
        Assert.False(Redaction.IsDroppedResponseHeader("x-litellm-response-cost"));
        Assert.True(Redaction.IsCredentialHeader("api-key"));
    }
}
