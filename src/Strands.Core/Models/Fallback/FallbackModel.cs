using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Strands.Types;

namespace Strands.Models.Fallback
{
    /// <summary>
    /// A model with LiteLLM's <c>fallbacks</c> and <c>context_window_fallbacks</c>: when a call still
    /// fails after its retries with a throttle, a 5xx, a timeout or a connection error, and none of its
    /// content was streamed yet, the same request goes to the next model of <see cref="Fallbacks"/>; a
    /// context-window overflow goes to the next of <see cref="ContextWindowFallbacks"/> (and, when none
    /// is left, back to the loop, which reduces the conversation). Authentication errors and bad
    /// requests are raised at once: another model would fail the same way. Each call starts again at
    /// <see cref="Primary"/>.
    /// </summary>
    public sealed class FallbackModel : IModel
    {
        /// <summary>Creates the chain.</summary>
        /// <param name="primary">The model every call starts with.</param>
        /// <param name="fallbacks">Tried in order for throttling, 5xx, timeouts and connection errors.</param>
        /// <param name="contextWindowFallbacks">Tried in order for a context-window overflow (larger models).</param>
        public FallbackModel(IModel primary, IReadOnlyList<IModel> fallbacks, IReadOnlyList<IModel> contextWindowFallbacks)
        {
            Primary = primary ?? throw new ArgumentNullException(nameof(primary));
            Fallbacks = fallbacks ?? Array.Empty<IModel>();
            ContextWindowFallbacks = contextWindowFallbacks ?? Array.Empty<IModel>();
        }

        /// <summary>The model every call starts with.</summary>
        public IModel Primary { get; }

        /// <summary>Models for throttling, 5xx, timeouts and connection errors, in order.</summary>
        public IReadOnlyList<IModel> Fallbacks { get; }

        /// <summary>Models for a context-window overflow, in order.</summary>
        public IReadOnlyList<IModel> ContextWindowFallbacks { get; }

        /// <summary>Every model that may answer, the primary first.</summary>
        public IEnumerable<IModel> Models => new[] { Primary }.Concat(Fallbacks).Concat(ContextWindowFallbacks);

        /// <inheritdoc/>
        public string Provider => Primary.Provider;

        /// <inheritdoc/>
        public string ModelName => Primary.ModelName;

        /// <summary>Whether a failure may go to the next model: it would fail the same way on another only if it is about the request or the credentials.</summary>
        public static bool FallsBack(ModelException error) => error.ErrorId is ErrorIds.ModelThrottled or ErrorIds.ProviderError or ErrorIds.Timeout or ErrorIds.ConnectionFailed;

        /// <inheritdoc/>
        public async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var current = Primary;
            var next = 0;
            var nextLarger = 0;
            var sent = request;
            while (true)
            {
                ModelException? failure = null;
                var content = false;
                var events = current.StreamAsync(sent, cancellationToken).GetAsyncEnumerator(cancellationToken);
                try
                {
                    while (true)
                    {
                        try
                        {
                            if (!await events.MoveNextAsync().ConfigureAwait(false)) break;
                        }
                        catch (ModelException ex) when (!content && !cancellationToken.IsCancellationRequested)
                        {
                            failure = ex;
                            break;
                        }
                        var e = events.Current;
                        content |= e is TextDeltaEvent or ToolUseStartEvent or ReasoningDeltaEvent;
                        yield return e;
                    }
                }
                finally
                {
                    await events.DisposeAsync().ConfigureAwait(false);
                }
                if (failure == null) yield break;

                IModel? to = null;
                if (failure is ContextWindowOverflowException)
                {
                    if (nextLarger < ContextWindowFallbacks.Count) to = ContextWindowFallbacks[nextLarger++];
                }
                else if (FallsBack(failure) && next < Fallbacks.Count)
                {
                    to = Fallbacks[next++];
                }
                if (to == null) throw failure;

                yield return new ModelFallbackEvent(new ModelFallback(current.Provider, current.ModelName, to.Provider, to.ModelName, failure.ErrorId, failure.Message), to);
                if (!string.Equals(to.Provider, Primary.Provider, StringComparison.Ordinal))
                    sent = request with { Messages = ConversationConverter.ForAnotherProvider(request.Messages) };
                current = to;
            }
        }
    }
}
