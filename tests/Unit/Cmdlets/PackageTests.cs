using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Cmdlets;

/// <summary>
/// The dotnet-only package (packaging/Strands.Packaging.csproj): a
/// PowerShellGet-style nupkg whose root is the module folder, so Install-Module can install it
/// from a local repository.
/// </summary>
public sealed class PackageTests
{
    private static readonly string Version = ManifestVersion();

    [Fact]
    public void The_nupkg_holds_the_module_folder_at_its_root()
    {
        using var package = ZipFile.OpenRead(PackagePath());
        var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("Strands.psd1", entries);
        Assert.Contains("Strands.format.ps1xml", entries);
        Assert.Contains("Strands.PowerShell.dll", entries);
        Assert.Contains("Dependencies/Strands.Core.dll", entries);
        Assert.Contains("Strands.PowerShell.Isolation.dll", entries);
        Assert.DoesNotContain("Strands.Core.dll", entries);
        Assert.Contains("en-US/Strands.PowerShell.dll-Help.xml", entries);
        Assert.Contains("en-US/about_Strands.help.txt", entries);
        Assert.Contains("Strands.nuspec", entries);
        Assert.DoesNotContain(entries, e => e.EndsWith(".pdb", StringComparison.Ordinal) || e.StartsWith("lib/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_nuspec_carries_the_manifest_version_and_PowerShellGet_tags()
    {
        using var package = ZipFile.OpenRead(PackagePath());
        using var stream = package.GetEntry("Strands.nuspec")!.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;

        Assert.Equal("Strands", Value("id"));
        Assert.Equal(Version, Value("version"));
        var tags = Value("tags").Split(' ');
        Assert.Contains("PSModule", tags);
        foreach (var cmdlet in new[] { "New-LiteLlmModel", "New-StrandsAgent", "Invoke-StrandsAgent", "Get-StrandsUsage", "New-StrandsMcpClient", "Close-StrandsMcpClient", "Enter-StrandsChat" })
            Assert.Contains("PSCmdlet_" + cmdlet, tags);
    }

    // Packed once per run from the module the build assembled, the way the README tells users to
    // (`dotnet pack packaging/Strands.Packaging.csproj`), into a folder of this run: packing during the
    // solution build raced the module's assembly in a parallel build.
    private static readonly Lazy<string> Package = new(PackOnce);

    private static string PackagePath() => Package.Value;

    private static string PackOnce()
    {
        var output = Directory.CreateTempSubdirectory("strands-pack-").FullName;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoPaths.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "pack", "packaging/Strands.Packaging.csproj", "-p:NoBuild=true", "-p:PackageOutputPath=" + output + Path.DirectorySeparatorChar })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var path = Path.Combine(output, $"Strands.{Version}.nupkg");
        Assert.True(process.ExitCode == 0 && File.Exists(path), $"dotnet pack failed ({process.ExitCode}): {log.Result}{errors}");
        return path;
    }

    private static string ManifestVersion()
    {
        var line = File.ReadAllLines(Path.Combine(RepoPaths.RepoRoot, "module", "Strands.psd1")).Single(l => l.TrimStart().StartsWith("ModuleVersion", StringComparison.Ordinal));
        return line.Split('\'')[1];
    }
}
