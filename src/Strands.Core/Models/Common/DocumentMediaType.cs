namespace Strands.Models.Common
{
    /// <summary>
    /// The media type of a document block's format (Strands' document formats), as the OpenAI and
    /// Gemini formats send it, and which formats are plain text (sent as text where a format has a
    /// text source, as Anthropic's).
    /// </summary>
    internal static class DocumentMediaType
    {
        /// <summary>The media type of a document format; <c>application/octet-stream</c> for one this table does not know.</summary>
        public static string Of(string format) => format switch
        {
            "pdf" => "application/pdf",
            "csv" => "text/csv",
            "doc" => "application/msword",
            "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xls" => "application/vnd.ms-excel",
            "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "html" => "text/html",
            "txt" => "text/plain",
            "md" => "text/markdown",
            _ => "application/octet-stream",
        };

        /// <summary>Whether the format is text a model can read as it is (txt, md, csv, html).</summary>
        public static bool IsText(string format) => format is "txt" or "md" or "csv" or "html";
    }
}
