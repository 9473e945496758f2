using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Strands.Types;

namespace Strands.Models.Vertex
{
    /// <summary>
    /// Vertex AI's settings under LiteLLM's names, and where each is found: the project
    /// (<c>vertex_project</c>, <c>VERTEXAI_PROJECT</c>, <c>GOOGLE_CLOUD_PROJECT</c>, then the
    /// project_id of the service-account key), the location (<c>vertex_location</c>,
    /// <c>VERTEXAI_LOCATION</c>, then <c>us-central1</c>) and the credentials (<c>vertex_credentials</c>).
    /// </summary>
    internal static class VertexOptions
    {
        public const string Project = "vertex_project";
        public const string Location = "vertex_location";
        public const string Credentials = "vertex_credentials";

        /// <summary>LiteLLM's default location.</summary>
        public const string DefaultLocation = "us-central1";

        /// <summary>The options Vertex's registration lists; the credentials hold a private key, so they are secret.</summary>
        public static IReadOnlyList<ProviderOption> All { get; } = new[]
        {
            new ProviderOption(Project),
            new ProviderOption(Location),
            new ProviderOption(Credentials, IsSecret: true),
        };

        /// <summary>The project and location, resolved; the given credentials are kept as they are.</summary>
        /// <exception cref="StrandsException">InvalidArgument when no project is named anywhere.</exception>
        public static ProviderOptions Resolve(ProviderOptions given, Func<string, string?> getEnv)
        {
            var credentials = given.Secret(Credentials);
            var project = given.Value(Project) ?? getEnv("VERTEXAI_PROJECT") ?? getEnv("GOOGLE_CLOUD_PROJECT")
                ?? ProjectOf(credentials?.Reveal()) ?? ProjectOf(getEnv("GOOGLE_APPLICATION_CREDENTIALS"))
                ?? throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                    "vertex_ai needs a Google Cloud project: pass vertex_project, set VERTEXAI_PROJECT, or use a service-account key that names its project_id.");
            var location = given.Value(Location) ?? getEnv("VERTEXAI_LOCATION") ?? DefaultLocation;
            var values = new[] { new KeyValuePair<string, string>(Project, project), new KeyValuePair<string, string>(Location, location) };
            return new ProviderOptions(values, credentials is null ? null : new[] { new KeyValuePair<string, ApiKey>(Credentials, credentials) });
        }

        /// <summary>The regional endpoint, or the global one for <c>global</c>.</summary>
        public static string DefaultApiBase(string location) =>
            string.Equals(location, "global", StringComparison.OrdinalIgnoreCase) ? "https://aiplatform.googleapis.com" : $"https://{location}-aiplatform.googleapis.com";

        // project_id of a service-account key given as JSON or as a path; null when it names none or cannot be read.
        private static string? ProjectOf(string? jsonOrPath)
        {
            if (string.IsNullOrWhiteSpace(jsonOrPath)) return null;
            try
            {
                var text = jsonOrPath!.TrimStart().StartsWith("{", StringComparison.Ordinal) ? jsonOrPath : File.ReadAllText(jsonOrPath);
                using var document = JsonDocument.Parse(text);
                return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("project_id", out var id) && id.ValueKind == JsonValueKind.String
                    ? id.GetString()
                    : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or ArgumentException or NotSupportedException)
            {
                // Google.Apis.Auth reports an unreadable key when the token is fetched; the project can still come from elsewhere.
                return null;
            }
        }
    }
}
