using System;
using System.Collections.Generic;
using System.Linq;
using Strands.Types;

namespace Strands.Models
{
    /// <summary>
    /// The values the caller gave for <see cref="ProviderOption"/>s: plain values by name, secrets as
    /// <see cref="ApiKey"/>s. <see cref="ToString"/> names the options set, never a value.
    /// </summary>
    public sealed class ProviderOptions
    {
        private readonly Dictionary<string, string> _values;
        private readonly Dictionary<string, ApiKey> _secrets;

        /// <summary>Creates the set; blank values count as unset.</summary>
        /// <param name="values">Plain values by option name.</param>
        /// <param name="secrets">Secret values by option name.</param>
        /// <param name="credential">A user name and secret given as one credential, or null.</param>
        public ProviderOptions(IEnumerable<KeyValuePair<string, string>>? values, IEnumerable<KeyValuePair<string, ApiKey>>? secrets = null, ProviderCredential? credential = null)
        {
            Credential = credential;
            _values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var kv in values ?? Array.Empty<KeyValuePair<string, string>>())
                if (!string.IsNullOrWhiteSpace(kv.Value)) _values[kv.Key] = kv.Value.Trim();
            _secrets = new Dictionary<string, ApiKey>(StringComparer.OrdinalIgnoreCase);
            foreach (var kv in secrets ?? Array.Empty<KeyValuePair<string, ApiKey>>())
                if (kv.Value is { Length: > 0 }) _secrets[kv.Key] = kv.Value;
        }

        /// <summary>No options set.</summary>
        public static ProviderOptions None { get; } = new(null);

        /// <summary>A user name and secret given as one credential; each provider says what it means.</summary>
        public ProviderCredential? Credential { get; }

        /// <summary>Every secret given (the credential's too), for masking them wherever a text may echo one.</summary>
        public IEnumerable<ApiKey> Secrets => Credential is null ? _secrets.Values : _secrets.Values.Append(Credential.Secret);

        /// <summary>The names of the options set, plain and secret, sorted.</summary>
        public IReadOnlyList<string> Names => _values.Keys.Concat(_secrets.Keys).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        /// <summary>A plain value, or null when it is not set.</summary>
        public string? Value(string name) => _values.TryGetValue(name, out var value) ? value : null;

        /// <summary>A secret value, or null when it is not set.</summary>
        public ApiKey? Secret(string name) => _secrets.TryGetValue(name, out var value) ? value : null;

        /// <summary>The names of the options set; never a value.</summary>
        public override string ToString() =>
            Names.Count == 0 && Credential is null ? "(none)" : string.Join(", ", Credential is null ? Names : Names.Append("credential"));
    }
}
