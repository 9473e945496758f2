using System;
using System.Collections.Generic;
using System.Text.Json;
using Strands.Models.Http;
using Strands.Models.Replay;
using Strands.Models.Routing;
using Strands.Types;

namespace Strands.Models
{
    /// <summary>
    /// One provider's registration: everything the rest of the code needs to know about it. The
    /// router, the factory and replay ask the registrations in <see cref="ProviderTable"/> and never
    /// switch on a provider themselves. Its request writer, reply parser, error mapping and
    /// reasoning-effort mapping live beside it in the provider's folder.
    /// </summary>
    internal abstract class ProviderRegistration
    {
        /// <summary>The routing entries it serves: prefix, default endpoint and environment variables of each.</summary>
        public abstract IReadOnlyList<ProviderInfo> Providers { get; }

        /// <summary>Where its requests hold the tool list and tool results, which replay compares in its own way.</summary>
        public abstract ReplayShape ReplayShape { get; }

        /// <summary>
        /// The settings its routes read beside endpoint and key (LiteLLM's keywords, e.g. Bedrock's
        /// <c>aws_profile_name</c>); none by default. Their values reach <see cref="CompleteRoute"/>
        /// and <see cref="CreateModel"/> through <see cref="ModelRoute.Options"/>.
        /// </summary>
        public virtual IReadOnlyList<ProviderOption> Options => Array.Empty<ProviderOption>();

        /// <summary>
        /// Whether the caller or the environment gives credentials other than a key (Azure's
        /// Microsoft Entra ID settings), so that a missing key is no error; false by default.
        /// </summary>
        /// <param name="options">What the caller set.</param>
        /// <param name="getEnv">Reads an environment variable; blank values come back as null.</param>
        public virtual bool HasOtherCredentials(RouteOptions options, Func<string, string?> getEnv) => false;

        /// <summary>Whether a model id without a provider prefix (lower case) is one of its models; false by default.</summary>
        public virtual bool OwnsBareModelName(string modelId) => false;

        /// <summary>
        /// Adds what its routes need beyond endpoint, key and headers (Bedrock's region, Azure's
        /// api-version); the route as it is by default.
        /// </summary>
        /// <param name="route">The route with endpoint, key and headers resolved.</param>
        /// <param name="options">What the caller set.</param>
        /// <param name="getEnv">Reads an environment variable; blank values come back as null.</param>
        public virtual ModelRoute CompleteRoute(ModelRoute route, RouteOptions options, Func<string, string?> getEnv) => route;

        /// <summary>The names to look a model up by in the price table, most specific first; the name itself by default.</summary>
        public virtual IReadOnlyList<string> PriceTableNames(string modelName) => new[] { modelName };

        /// <summary>
        /// Builds the adapter for a resolved route. Throws <see cref="StrandsException"/> for parameters
        /// the provider cannot take (a reasoning_effort it has no setting for).
        /// </summary>
        public abstract IModel CreateModel(ModelRoute route, ApiKey? apiKey, JsonElement? parameters, HttpSettings http);
    }
}
