using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using Strands.FakeProvider.Wire;

namespace Strands.FakeProvider.Tokens;

/// <summary>
/// The token services credentials are fetched from, served by the fake beside the providers:
/// AWS STS (<c>POST /sts</c>, AssumeRole in the Query protocol, answered in XML), Microsoft Entra
/// (<c>POST /{tenant}/oauth2/v2.0/token</c>, client credentials) and Google OAuth
/// (<c>POST /token</c>, a service-account JWT, its RS256 signature verified when
/// <see cref="GoogleServiceAccountKey"/> is set) and an App Service managed-identity endpoint
/// (<c>GET /msi/token</c>, the <c>X-IDENTITY-HEADER</c> checked against <see cref="IdentityHeader"/>). Their requests are kept in <see cref="Requests"/>,
/// apart from the provider requests.
/// </summary>
public sealed class FakeTokenServices
{
    private readonly object _gate = new();
    private readonly List<RecordedRequest> _requests = new();
    private int _issued;

    /// <summary>The temporary access key id AssumeRole hands out.</summary>
    public string AssumedAccessKeyId { get; set; } = "ASIAFAKEASSUMEDROLE";

    /// <summary>The temporary secret AssumeRole hands out.</summary>
    public string AssumedSecretAccessKey { get; set; } = "fake-assumed-secret-key";

    /// <summary>The session token AssumeRole hands out.</summary>
    public string AssumedSessionToken { get; set; } = "fake-assumed-session-token";

    /// <summary>How long issued tokens and temporary credentials last.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The public half of the service-account key whose JWTs the Google endpoint accepts; null accepts none.</summary>
    public System.Security.Cryptography.RSA? GoogleServiceAccountKey { get; set; }

    /// <summary>The <c>IDENTITY_HEADER</c> value the managed-identity endpoint requires.</summary>
    public string IdentityHeader { get; set; } = "fake-identity-header";

    /// <summary>Every token request received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>The access tokens issued so far (Entra and Google), in order.</summary>
    public IReadOnlyList<string> IssuedTokens
    {
        get
        {
            lock (_gate)
            {
                return Enumerable.Range(1, _issued).Select(TokenNumber).ToArray();
            }
        }
    }

    /// <summary>The answer when <paramref name="path"/> is a token endpoint; null otherwise.</summary>
    internal WireResponse? TryAnswer(RecordedRequest request, string path, string origin)
    {
        WireResponse? response = request.Method == "GET" ? path == "/msi/token" ? ManagedIdentity(request) : Discovery(path, origin) : request.Method != "POST" ? null : path switch
        {
            "/sts" or "/sts/" => AssumeRole(Form(request.Body), request),
            _ when path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal) => Entra(Form(request.Body)),
            "/token" => Google(Form(request.Body)),
            _ => null,
        };
        if (response is null) return null;
        lock (_gate)
        {
            _requests.Add(request);
        }

        return response;
    }

    // What MSAL may read before asking an Entra authority for a token: instance and tenant discovery.
    private static WireResponse? Discovery(string path, string origin)
    {
        if (path == "/common/discovery/instance")
            return WireResponse.Json(200, $$"""{"tenant_discovery_endpoint":"{{origin}}/common/v2.0/.well-known/openid-configuration","api-version":"1.1","metadata":[]}""");
        const string suffix = "/v2.0/.well-known/openid-configuration";
        if (!path.EndsWith(suffix, StringComparison.Ordinal)) return null;
        var tenant = origin + path.Substring(0, path.Length - suffix.Length);
        return WireResponse.Json(200, $$"""{"token_endpoint":"{{tenant}}/oauth2/v2.0/token","authorization_endpoint":"{{tenant}}/oauth2/v2.0/authorize","issuer":"{{tenant}}/v2.0"}""");
    }

    private WireResponse AssumeRole(IReadOnlyDictionary<string, string> form, RecordedRequest request)
    {
        if (!request.Headers.TryGetValue("Authorization", out var auth) || !auth.StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal))
            return StsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        if (form.GetValueOrDefault("Action") != "AssumeRole" || !form.ContainsKey("RoleArn") || !form.ContainsKey("RoleSessionName"))
            return StsError(400, "ValidationError", "AssumeRole needs RoleArn and RoleSessionName");

        var expires = DateTime.UtcNow.Add(Lifetime).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var xml = $"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>{AssumedAccessKeyId}</AccessKeyId>
                  <SecretAccessKey>{AssumedSecretAccessKey}</SecretAccessKey>
                  <SessionToken>{AssumedSessionToken}</SessionToken>
                  <Expiration>{expires}</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <AssumedRoleId>AROAFAKE:{WebUtility.HtmlEncode(form["RoleSessionName"])}</AssumedRoleId>
                  <Arn>{WebUtility.HtmlEncode(form["RoleArn"])}</Arn>
                </AssumedRoleUser>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>fake-sts-request</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """;
        return WireResponse.Bytes(200, "text/xml", Encoding.UTF8.GetBytes(xml));
    }

    private static WireResponse StsError(int status, string code, string message) =>
        WireResponse.Bytes(status, "text/xml", Encoding.UTF8.GetBytes(
            $"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>fake</RequestId></ErrorResponse>"));

    private WireResponse Entra(IReadOnlyDictionary<string, string> form)
    {
        if (form.GetValueOrDefault("grant_type") != "client_credentials" || !form.ContainsKey("client_id") || !form.ContainsKey("client_secret"))
            return WireResponse.Json(400, """{"error":"invalid_request","error_description":"AADSTS900144: client_credentials with client_id and client_secret required."}""");
        return Issue();
    }

    // App Service's 2019-08-01 protocol: the resource in the query, the secret header, expires_on in Unix seconds.
    private WireResponse ManagedIdentity(RecordedRequest request)
    {
        if (!request.Headers.TryGetValue("X-IDENTITY-HEADER", out var header) || header != IdentityHeader)
            return WireResponse.Json(401, """{"statusCode":401,"message":"X-IDENTITY-HEADER missing or wrong."}""");
        var query = request.Path.Contains('?', StringComparison.Ordinal) ? Form(request.Path.Split('?', 2)[1]) : new Dictionary<string, string>();
        if (!query.TryGetValue("resource", out var resource))
            return WireResponse.Json(400, """{"statusCode":400,"message":"resource is required."}""");
        int number;
        lock (_gate)
        {
            number = ++_issued;
        }

        var expiresOn = DateTimeOffset.UtcNow.Add(Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return WireResponse.Json(200, $$"""{"access_token":"{{TokenNumber(number)}}","expires_on":"{{expiresOn}}","resource":"{{resource}}","token_type":"Bearer"}""");
    }

    private WireResponse Google(IReadOnlyDictionary<string, string> form)
    {
        if (form.GetValueOrDefault("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" || !form.TryGetValue("assertion", out var jwt))
            return WireResponse.Json(400, """{"error":"unsupported_grant_type","error_description":"Invalid grant_type."}""");
        if (GoogleServiceAccountKey is null || !FakeJwt.VerifyRs256(jwt, GoogleServiceAccountKey))
            return WireResponse.Json(400, """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""");
        return Issue();
    }

    private WireResponse Issue()
    {
        int number;
        lock (_gate)
        {
            number = ++_issued;
        }

        return WireResponse.Json(200, $$"""{"access_token":"{{TokenNumber(number)}}","expires_in":{{(int)Lifetime.TotalSeconds}},"ext_expires_in":{{(int)Lifetime.TotalSeconds}},"token_type":"Bearer"}""");
    }

    private static string TokenNumber(int number) => "fake-access-token-" + number.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Form(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => WebUtility.UrlDecode(p[0]), p => p.Length > 1 ? WebUtility.UrlDecode(p[1]) : string.Empty, StringComparer.Ordinal);
}
