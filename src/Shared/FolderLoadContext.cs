using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Strands.Isolation
{
    /// <summary>
    /// A load context over one folder of the module (mcp/, otlp/): an assembly of the folder is loaded
    /// from there unless the runtime's own copy is at least as new, so on a newer host one Activity or
    /// JsonElement type serves the SDK and the framework alike; everything else comes from the default
    /// context. Compiled into each isolated assembly (linked source), so each folder owns its context.
    /// </summary>
    internal sealed class FolderLoadContext : AssemblyLoadContext
    {
        private static readonly Lazy<Dictionary<string, Version?>> Platform = new(ReadPlatformAssemblies);
        private readonly string _directory;

        private FolderLoadContext(string name, string directory) : base(name, isCollectible: false) => _directory = directory;

        /// <summary>
        /// Loads <paramref name="assemblyName"/>.dll of <paramref name="directory"/> into a new context
        /// named <paramref name="assemblyName"/> and binds <paramref name="typeName"/>.<paramref name="methodName"/>
        /// there: the module, which loaded the calling copy into the default context, only holds BCL types.
        /// </summary>
        public static TDelegate Bind<TDelegate>(string directory, string assemblyName, string typeName, string methodName)
            where TDelegate : Delegate
        {
            var context = new FolderLoadContext(assemblyName, directory);
            var assembly = context.LoadFromAssemblyPath(Path.Combine(directory, assemblyName + ".dll"));
            var method = assembly.GetType(typeName, throwOnError: true)!.GetMethod(methodName)!;
            return method.CreateDelegate<TDelegate>();
        }

        /// <inheritdoc/>
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(_directory, assemblyName.Name + ".dll");
            if (!File.Exists(path)) return null;
            if (assemblyName.Name != null && Platform.Value.TryGetValue(assemblyName.Name, out var shipped)
                && shipped != null && assemblyName.Version != null && shipped >= assemblyName.Version)
                return null;
            return LoadFromAssemblyPath(path);
        }

        // The runtime's trusted platform assemblies (shared framework and the host's own) with their versions.
        private static Dictionary<string, Version?> ReadPlatformAssemblies()
        {
            var map = new Dictionary<string, Version?>(StringComparer.OrdinalIgnoreCase);
            var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            foreach (var file in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                try { map[Path.GetFileNameWithoutExtension(file)] = AssemblyName.GetAssemblyName(file).Version; }
                catch (Exception ex) when (ex is BadImageFormatException or IOException or UnauthorizedAccessException) { }
            }
            return map;
        }
    }
}
