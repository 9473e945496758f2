using System.Text.Json;

namespace Strands.Models.Replay
{
    /// <summary>
    /// The member of a request object that holds a tool's answer: <see cref="Member"/> of an object
    /// that is the value of <see cref="Parent"/>, or whose string property <see cref="Discriminator"/>
    /// is <see cref="DiscriminatorValue"/>.
    /// </summary>
    /// <param name="Member">The member holding the answer, e.g. <c>content</c>.</param>
    /// <param name="Parent">The name the object is the value of (e.g. <c>toolResult</c>), or null.</param>
    /// <param name="Discriminator">A string property the object must have (e.g. <c>role</c>), or null.</param>
    /// <param name="DiscriminatorValue">The value that property must have (e.g. <c>tool</c>).</param>
    internal sealed record ToolResultPlace(string Member, string? Parent = null, string? Discriminator = null, string? DiscriminatorValue = null)
    {
        /// <summary>Whether <paramref name="member"/> of <paramref name="obj"/>, the value of <paramref name="objName"/>, is this place.</summary>
        public bool Matches(JsonElement obj, string? objName, string member) =>
            member == Member
            && (Parent is null || objName == Parent)
            && (Discriminator is null
                || obj.TryGetProperty(Discriminator, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() == DiscriminatorValue);
    }
}
