using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Strands.Otlp
{
    /// <summary>
    /// The load context the OpenTelemetry SDK runs in: an assembly of the otlp/ folder is loaded from
    /// there unless the runtime's own copy is at least as new; everything else comes from the default
    /// context. The module loads this assembly into the default context only to call
    /// <see cref="Bootstrap"/>, which loads a second copy here and hands back a delegate of BCL types.
    /// </summary>
    public sealed class OtlpLoadContext : AssemblyLoadContext
    {
        private static readonly object Gate = new();
        private static Func<string, Action<IReadOnlyList<IReadOnlyDictionary<string, object?>>>>? _open;
        private static readonly Lazy<Dictionary<string, Version?>> Platform = new(ReadPlatformAssemblies);
        private readonly string _directory;

        private OtlpLoadContext(string directory) : base("Strands.Otlp", isCollectible: false) => _directory = directory;

        /// <summary>
        /// Creates the context once per process and returns <see cref="OtlpBridge.Open"/> bound inside it:
        /// an endpoint in, a sink for one invocation's spans out.
        /// </summary>
        public static Func<string, Action<IReadOnlyList<IReadOnlyDictionary<string, object?>>>> Bootstrap(string directory)
        {
            lock (Gate)
            {
                if (_open != null) return _open;
                var context = new OtlpLoadContext(directory);
                var assembly = context.LoadFromAssemblyPath(Path.Combine(directory, "Strands.Otlp.dll"));
                var method = assembly.GetType("Strands.Otlp.OtlpBridge", throwOnError: true)!.GetMethod(nameof(OtlpBridge.Open))!;
                return _open = method.CreateDelegate<Func<string, Action<IReadOnlyList<IReadOnlyDictionary<string, object?>>>>>();
            }
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
