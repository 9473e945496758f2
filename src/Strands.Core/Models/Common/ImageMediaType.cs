namespace Strands.Models.Common
{
    /// <summary>The media type of an image block's format, as the OpenAI, Anthropic and Gemini formats all want it.</summary>
    internal static class ImageMediaType
    {
        /// <summary>What the OpenAI and Gemini formats are sent for a format this table does not know.</summary>
        public const string Unknown = "application/octet-stream";

        /// <summary>The media type of a known format (png, jpeg/jpg, gif, webp), or null for any other.</summary>
        public static string? Of(string format) => format.ToLowerInvariant() switch
        {
            "jpg" or "jpeg" => "image/jpeg",
            "png" => "image/png",
            "gif" => "image/gif",
            "webp" => "image/webp",
            _ => null,
        };
    }
}
