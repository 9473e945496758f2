using Strands.Types;

namespace Strands.Models.Fallback
{
    /// <summary>
    /// Sent by a <see cref="FallbackModel"/> before the events of the next model: the call failed on
    /// one model before any of its content was streamed, and goes on with <see cref="Model"/>.
    /// </summary>
    public sealed class ModelFallbackEvent : ModelStreamEvent
    {
        /// <summary>Creates the event.</summary>
        public ModelFallbackEvent(ModelFallback fallback, IModel model)
        {
            Fallback = fallback;
            Model = model;
        }

        /// <summary>What failed, and why.</summary>
        public ModelFallback Fallback { get; }

        /// <summary>The model that now answers the call.</summary>
        public IModel Model { get; }
    }
}
