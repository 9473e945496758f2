using Strands.Models.Bedrock;
using Xunit;

namespace Strands.Tests.Models.Bedrock;

/// <summary>
/// Converse refuses a document whose name has characters other than letters, digits, single
/// whitespace characters, hyphens, parentheses and square brackets, so any file name becomes one it takes.
/// </summary>
public sealed class BedrockDocumentNameTests
{
    [Theory]
    [InlineData("Q3 report_v2.pdf", "Q3 report-v2")]
    [InlineData("budget (draft) [v3].xlsx", "budget (draft) [v3]")]
    [InlineData("two   spaces\tand\ttabs.txt", "two spaces and tabs")]
    [InlineData("über-straße.md", "-ber-stra-e")]
    [InlineData("notes.v1.final.md", "notes-v1-final")]
    [InlineData(".pdf", "document")]
    [InlineData("   .txt", "document")]
    public void A_file_name_becomes_a_name_Bedrock_takes(string fileName, string expected)
    {
        var name = BedrockRequestWriter.DocumentName(fileName);

        Assert.Equal(expected, name);
        Assert.Matches(@"^[A-Za-z0-9\-\(\)\[\]]+( [A-Za-z0-9\-\(\)\[\]]+)*$", name);
    }

    [Fact]
    public void A_long_name_is_cut_to_200_characters()
    {
        Assert.Equal(200, BedrockRequestWriter.DocumentName(new string('a', 250) + ".pdf").Length);
    }
}
