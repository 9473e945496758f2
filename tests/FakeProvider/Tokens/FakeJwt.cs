using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Strands.FakeProvider.Tokens;

/// <summary>Checks a compact JWT the way Google's token endpoint does: RS256 over header.payload, with the key's public half.</summary>
public static class FakeJwt
{
    /// <summary>Whether <paramref name="jwt"/> is an RS256 JWT signed by the private half of <paramref name="publicKey"/>.</summary>
    public static bool VerifyRs256(string jwt, RSA publicKey)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        ArgumentNullException.ThrowIfNull(publicKey);
        var parts = jwt.Split('.');
        if (parts.Length != 3) return false;
        try
        {
            using var header = JsonDocument.Parse(Base64Url(parts[0]));
            if (header.RootElement.GetProperty("alg").GetString() != "RS256") return false;
            return publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (Exception e) when (e is FormatException or JsonException or System.Collections.Generic.KeyNotFoundException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The JSON payload of a compact JWT, unverified.</summary>
    public static JsonDocument Payload(string jwt)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        return JsonDocument.Parse(Base64Url(jwt.Split('.')[1]));
    }

    private static byte[] Base64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
