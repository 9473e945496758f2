using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Strands.Models.Bedrock;
using Xunit;

namespace Strands.Tests.Models.Bedrock;

public class SigV4SignerTests
{
    // AWS's documented example key pair (IAM user guide, "Signature Version 4 signing"): not a real key.
    private static readonly AwsCredentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly DateTime ExampleTime = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

    [Fact]
    public void Aws_published_test_vector_iam_ListUsers()
    {
        var headers = new[]
        {
            new KeyValuePair<string, string>("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            new KeyValuePair<string, string>("Host", "iam.amazonaws.com"),
            new KeyValuePair<string, string>("X-Amz-Date", "20150830T123600Z"),
        };
        const string emptyPayload = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        var authorization = SigV4Signer.Authorization("GET", new Uri("https://iam.amazonaws.com/?Version=2010-05-08&Action=ListUsers"),
            headers, emptyPayload, Example, "us-east-1", "iam", ExampleTime);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, "
            + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
            authorization);
    }

    [Fact]
    public void Bedrock_request_signature_matches_botocore_with_the_model_id_encoded_twice()
    {
        // Expected value computed with botocore 1.43 SigV4Auth("bedrock", "us-east-1") for the same
        // request, time and credentials; botocore signs the path "...v1%253A0/converse-stream".
        var body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":[{"text":"hi"}]}]}""");
        using var request = new HttpRequestMessage(HttpMethod.Post,
            "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse-stream")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", "strands-test");

        SigV4Signer.Sign(request, body, new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FAKESESSIONTOKEN"),
            "us-east-1", "bedrock", new DateTime(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc));

        Assert.Equal("20250301T120000Z", request.Headers.GetValues("x-amz-date").Single());
        Assert.Equal("FAKESESSIONTOKEN", request.Headers.GetValues("x-amz-security-token").Single());
        Assert.Equal("c3335e07d6e89650bf94cb98664be69f8774dbc3198df221f113db0a59ea14f0", request.Headers.GetValues("x-amz-content-sha256").Single());
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250301/us-east-1/bedrock/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, "
            + "Signature=6f93925dce921e03e29b3dec68b8748a38920a10b48ae3fbbad940f852f44bad",
            request.Headers.GetValues("Authorization").Single());
    }

    [Fact]
    public void Authorization_header_shape_without_a_session_token()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:8123/model/amazon.nova-micro-v1%3A0/converse") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        SigV4Signer.Sign(request, body, new AwsCredentials("TESTKEYID", "test-secret"), "eu-west-3", "bedrock", DateTime.UtcNow);

        Assert.False(request.Headers.Contains("x-amz-security-token"));
        Assert.Matches(new Regex(@"^AWS4-HMAC-SHA256 Credential=TESTKEYID/\d{8}/eu-west-3/bedrock/aws4_request, "
            + @"SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$"),
            request.Headers.GetValues("Authorization").Single());
    }

    [Fact]
    public void Credentials_never_print_their_secret()
    {
        var text = new AwsCredentials("TESTKEYID", "super-secret-value", "session-token-value").ToString();
        Assert.Contains("TESTKEYID", text);
        Assert.DoesNotContain("super-secret-value", text);
        Assert.DoesNotContain("session-token-value", text);
    }
}
