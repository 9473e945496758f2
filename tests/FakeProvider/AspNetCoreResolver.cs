using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Strands.FakeProvider;

/// <summary>
/// Lets a pwsh process load this assembly: pwsh's own deps.json names only Microsoft.NETCore.App, so
/// Kestrel and the rest of Microsoft.AspNetCore.App are not found by the default load context. That
/// framework's folder sits beside the runtime's (<c>Microsoft.AspNetCore.App/&lt;version&gt;</c> next to
/// <c>Microsoft.NETCore.App/&lt;version&gt;</c>); this resolves from there what nothing else could. Inside dotnet test the deps.json
/// already names that framework and the handler is never asked.
/// </summary>
internal static class AspNetCoreResolver
{
    // A module initializer is what makes this work in pwsh: the handler is in place before any type
    // of this assembly (and so Kestrel) is touched, whichever type a script names first.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Install()
    {
        var directory = FrameworkDirectory();
        if (directory is null)
        {
            return;
        }

        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var path = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
        };
    }

    // The ASP.NET Core framework of the running runtime's version, else the newest of its major version.
    private static string? FrameworkDirectory()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        if (runtimeDirectory is null)
        {
            return null;
        }

        var frameworks = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "Microsoft.AspNetCore.App"));
        if (!Directory.Exists(frameworks))
        {
            return null;
        }

        var exact = Path.Combine(frameworks, Path.GetFileName(runtimeDirectory));
        if (Directory.Exists(exact))
        {
            return exact;
        }

        var major = Environment.Version.Major + ".";
        return Directory.GetDirectories(frameworks)
            .Where(d => Path.GetFileName(d).StartsWith(major, StringComparison.Ordinal))
            .OrderByDescending(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version())
            .FirstOrDefault();
    }
}
