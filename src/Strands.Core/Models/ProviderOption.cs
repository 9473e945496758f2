namespace Strands.Models
{
    /// <summary>
    /// A setting one provider reads beside endpoint and key, under LiteLLM's snake_case name (e.g.
    /// <c>aws_profile_name</c>). Its registration lists it, so hosts know every name a provider
    /// takes and which of them hold secrets.
    /// </summary>
    /// <param name="Name">LiteLLM's keyword, e.g. <c>vertex_project</c>.</param>
    /// <param name="IsSecret">Whether the value is a secret: held protected, never shown.</param>
    /// <param name="IsSwitch">Whether the value is true or false (held as <c>true</c> / <c>false</c>) rather than text.</param>
    public sealed record ProviderOption(string Name, bool IsSecret = false, bool IsSwitch = false);
}
