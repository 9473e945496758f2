using Strands.Models.Fallback;

namespace Strands.PowerShell
{
    /// <summary>One fallback a model call took (Strands.Fallback): the model that failed, the one asked next, and why.</summary>
    public sealed class StrandsFallback
    {
        internal StrandsFallback(ModelFallback fallback)
        {
            From = fallback.FromProvider + "/" + fallback.FromModel;
            To = fallback.ToProvider + "/" + fallback.ToModel;
            Cause = fallback.ErrorId;
            Message = fallback.Reason;
        }

        /// <summary>The model that failed, provider/model.</summary>
        public string From { get; }
        /// <summary>The model asked next, provider/model.</summary>
        public string To { get; }
        /// <summary>The failure's ErrorId: ModelThrottled, ProviderError, Timeout, ConnectionFailed or ContextWindowOverflow.</summary>
        public string Cause { get; }
        /// <summary>The failure's message.</summary>
        public string Message { get; }

        /// <summary>"from → to: cause".</summary>
        public override string ToString() => $"{From} → {To}: {Cause}";
    }
}
