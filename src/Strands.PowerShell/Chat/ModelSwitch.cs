using System.Collections;
using Strands.Models;
using Strands.Types;

namespace Strands.PowerShell.Chat
{
    /// <summary>
    /// The model for /model &lt;id&gt;. An id of the same provider keeps the current model's key,
    /// endpoint, parameters and HTTP settings (a chat against a proxy or a local server stays there);
    /// an id of another provider gets that provider's environment variables, as -Model 'id' would.
    /// </summary>
    internal static class ModelSwitch
    {
        public static LiteLlmModel Create(LiteLlmModel current, string resolvedId, string id)
        {
            try
            {
                var inherited = current.Settings with { ModelId = resolvedId };
                var (model, route) = ModelFactory.Create(inherited);
                if (route.Provider.Name == current.Provider)
                    return new LiteLlmModel(model, route, id, (Hashtable)current.Params.Clone(), inherited);
            }
            catch (StrandsException)
            {
                // The current settings do not fit the new provider; its own defaults are tried below.
            }
            var settings = new ModelSettings(resolvedId);
            var (fresh, freshRoute) = ModelFactory.Create(settings);
            return new LiteLlmModel(fresh, freshRoute, id, new Hashtable(), settings);
        }
    }
}
