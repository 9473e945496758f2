using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Pester
{
    /// <summary>
    /// Runs every <c>tests/Pester/*.Tests.ps1</c> of the repository (not copies in bin, so an edited
    /// file needs no rebuild) through our runner, one xunit case per file, with the built module imported.
    /// </summary>
    public sealed class PesterFilesTests
    {
        /// <summary>The file names, so each case is displayed by its file.</summary>
        public static TheoryData<string> Files()
        {
            var data = new TheoryData<string>();
            foreach (var file in Directory.GetFiles(RepoPaths.PesterTests, "*.Tests.ps1").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }

            return data;
        }

        /// <summary>Fails with every failed It and file-level error of <paramref name="file"/>.</summary>
        [Theory]
        [MemberData(nameof(Files))]
        public void Run(string file)
        {
            var result = PesterRunner.RunFile(Path.Combine(RepoPaths.PesterTests, file), importModule: true);

            Assert.True(result.Succeeded, file + Environment.NewLine + result.FailureReport());
        }
    }
}
