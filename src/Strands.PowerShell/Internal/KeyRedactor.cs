using System;
using System.Linq;
using Strands.Types;

namespace Strands.PowerShell.Internal
{
    /// <summary>
    /// Last line of defence for one model's key and provider secrets (AWS secret key and session
    /// token, Entra token and client secret, service-account key): providers sometimes echo the key
    /// they rejected ("Incorrect API key provided: sk-...") and a proxy may log it into a body, so
    /// every text the cmdlets show for a call (Debug, Verbose, errors) passes through here first.
    /// </summary>
    internal sealed class KeyRedactor
    {
        // Shorter values are not keys, and replacing them would mangle ordinary text.
        private const int MinimumKeyLength = 8;
        private const string Masked = "***";
        private readonly ApiKey[] _given;
        private readonly ApiKey? _resolved;
        // The keys of the models it falls back to: their errors reach the same streams.
        private readonly KeyRedactor[] _fallbacks;

        public KeyRedactor(LiteLlmModel model)
        {
            var given = model.Settings.ProviderOptions.Secrets.ToList();
            if (model.Settings.ApiKey != null) given.Insert(0, model.Settings.ApiKey);
            _given = given.Where(k => k.Length >= MinimumKeyLength).ToArray();
            _resolved = model.Route.ApiKey;
            _fallbacks = model.FallbackModels.Length == 0 ? Array.Empty<KeyRedactor>() : Array.ConvertAll(model.FallbackModels, m => new KeyRedactor(m));
        }

        public string Redact(string text)
        {
            if (string.IsNullOrEmpty(text)) return text;
            foreach (var secret in _given) text = Mask(text, secret);
            if (!_given.Any(k => ReferenceEquals(k, _resolved))) text = Mask(text, _resolved);
            foreach (var fallback in _fallbacks) text = fallback.Redact(text);
            return text;
        }

        // The key is revealed only for the search and dropped with this frame.
        private static string Mask(string text, ApiKey? key)
        {
            if (key == null || key.Length < MinimumKeyLength) return text;
            var plain = key.Reveal();
            return text.IndexOf(plain, StringComparison.Ordinal) < 0 ? text : text.Replace(plain, Masked);
        }

        /// <summary>
        /// The same error with the key masked in its message, or the error itself when the key is
        /// absent. The masked copy is worded for cmdlet users already (parameter names).
        /// </summary>
        public StrandsException Redact(StrandsException error)
        {
            var message = Redact(error.Message);
            if (ReferenceEquals(message, error.Message)) return error;
            var action = ErrorPhrasing.RecommendedAction(error);
            // The inner exception is dropped: it may carry the same unredacted text.
            return new StrandsException(error.ErrorId, error.Kind, Redact(ErrorPhrasing.Message(error)))
            {
                Recommendation = action is null ? null : ErrorText.Plain(Redact(action)),
            };
        }
    }
}
