namespace Strands.Models.Routing
{
    /// <summary>
    /// An extra HTTP header a provider expects, filled from an environment variable or a default.
    /// </summary>
    /// <param name="Name">Header name, e.g. <c>X-Title</c>.</param>
    /// <param name="EnvVar">Environment variable whose value is sent, when set.</param>
    /// <param name="DefaultValue">Value sent when the variable is unset; null to omit the header.</param>
    public sealed record ProviderHeader(string Name, string EnvVar, string? DefaultValue);
}
