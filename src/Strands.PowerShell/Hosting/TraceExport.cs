using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using Strands.Telemetry;
using Strands.Types;

namespace Strands.PowerShell.Hosting
{
    /// <summary>
    /// Turns on OTLP/HTTP export of the agents' spans when an endpoint is given (-TraceTo or
    /// OTEL_EXPORTER_OTLP_ENDPOINT). The OpenTelemetry SDK (otlp/Strands.Otlp.dll and its
    /// dependencies) is loaded then, in its own load context, and never before: a script that sets no
    /// endpoint loads none of it. Like McpLoader, only BCL types cross.
    /// </summary>
    internal static class TraceExport
    {
        /// <summary>The standard OpenTelemetry variable for the exporter's base URL.</summary>
        public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

        private static readonly object Gate = new();
        private static Func<string, Action<IReadOnlyList<IReadOnlyDictionary<string, object?>>>>? _open;
        private static string? _endpoint;

        /// <summary>Exports every later invocation's spans to <paramref name="endpoint"/>; throws InvalidArgument for a URL that is not absolute http(s), TraceExportUnavailable where the SDK cannot load.</summary>
        public static void Use(string endpoint)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, $"The trace endpoint '{endpoint}' is not an http or https URL (the OTLP/HTTP base, e.g. http://localhost:4318).");
            lock (Gate)
            {
                if (string.Equals(_endpoint, endpoint, StringComparison.OrdinalIgnoreCase)) return;
                _open ??= Load();
                SpanRecorder.ExportTo(_open(endpoint));
                _endpoint = endpoint;
            }
        }

        private static Func<string, Action<IReadOnlyList<IReadOnlyDictionary<string, object?>>>> Load()
        {
            var runtime = RuntimeInformation.FrameworkDescription;
            if (runtime.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase) || Environment.Version.Major < 8)
                throw new StrandsException(ErrorIds.TraceExportUnavailable, ErrorKind.NotSupported,
                    $"Exporting traces needs PowerShell 7.4 or later: the OpenTelemetry SDK requires .NET 8, and this is {runtime}.");
            var directory = Path.Combine(Path.GetDirectoryName(typeof(TraceExport).Assembly.Location)!, "otlp");
            var path = Path.Combine(directory, "Strands.Otlp.dll");
            if (!File.Exists(path))
                throw new StrandsException(ErrorIds.TraceExportUnavailable, ErrorKind.Unavailable, $"The module's trace exporter is missing: {path} was not found. Reinstall the module.");
            try
            {
                var bootstrap = Assembly.LoadFrom(path).GetType("Strands.Otlp.OtlpLoadContext", throwOnError: true)!.GetMethod("Bootstrap")!;
                return (Func<string, Action<IReadOnlyList<IReadOnlyDictionary<string, object?>>>>)bootstrap.Invoke(null, new object[] { directory })!;
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                throw new StrandsException(ErrorIds.TraceExportUnavailable, ErrorKind.Unavailable, "The trace exporter could not be loaded: " + ex.InnerException.Message, ex.InnerException);
            }
        }
    }
}
