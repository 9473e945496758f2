using System.Collections.Generic;
using System.Threading;
using Strands.Types;

namespace Strands.Models
{
    /// <summary>What the event loop sends a model on each cycle.</summary>
    /// <param name="Messages">The conversation, oldest first.</param>
    /// <param name="SystemPrompt">System blocks: <see cref="TextBlock"/>s and <see cref="CachePointBlock"/>s.</param>
    /// <param name="Tools">Tools offered this cycle.</param>
    /// <param name="ToolChoice">Null for the provider default.</param>
    /// <param name="Trace">Receives redacted bodies and retry notices for the host's diagnostics; may be null.</param>
    public sealed record ModelRequest(
        IReadOnlyList<Message> Messages,
        IReadOnlyList<ContentBlock> SystemPrompt,
        IReadOnlyList<ToolSpec> Tools,
        ToolChoice? ToolChoice = null,
        Http.IModelTrace? Trace = null);

    /// <summary>A model provider adapter: maps the request to its wire format and streams the reply back as events.</summary>
    public interface IModel
    {
        /// <summary>The provider's routing name, e.g. <c>anthropic</c>, <c>litellm_proxy</c>.</summary>
        string Provider { get; }

        /// <summary>The model name sent on the wire (no routing prefix).</summary>
        string ModelName { get; }

        /// <summary>
        /// Sends the request and yields the reply. Throws <see cref="ModelException"/> (and its
        /// <see cref="ContextWindowOverflowException"/>) for provider errors, after its own retries.
        /// </summary>
        IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, CancellationToken cancellationToken);
    }
}
