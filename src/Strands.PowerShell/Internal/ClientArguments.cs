using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Security;
using Strands.Models;
using Strands.Models.Routing;
using Strands.Types;

namespace Strands.PowerShell.Internal
{
    /// <summary>
    /// Reads Strands' client_args (New-LiteLlmModel -ClientArgs) strictly: keys case-insensitive,
    /// an unknown key or a value of the wrong type is an InvalidArgument error, never ignored. The
    /// provider settings (<see cref="ProviderTable.Options"/>) may also come in -Params, as LiteLLM
    /// takes every keyword of completion(); they are taken out of the parameters, never sent as body fields.
    /// </summary>
    internal sealed class ClientArguments
    {
        /// <summary>The retry range of -MaxRetries, which num_retries obeys too.</summary>
        public const int MaxRetriesLimit = 20;

        private enum Kind { Text, Secret, Switch, Number, Count, Table }

        // The keys every model takes; each provider's own come from its registration.
        private static readonly Dictionary<string, Kind> CommonKeys = new(StringComparer.OrdinalIgnoreCase)
        {
            ["api_key"] = Kind.Secret,
            ["api_base"] = Kind.Text,
            ["base_url"] = Kind.Text,
            ["use_litellm_proxy"] = Kind.Switch,
            ["timeout"] = Kind.Number,
            ["num_retries"] = Kind.Count,
            ["max_retries"] = Kind.Count,
            ["api_version"] = Kind.Text,
            ["aws_region_name"] = Kind.Text,
            ["extra_headers"] = Kind.Table,
            ["headers"] = Kind.Table,
            ["max_response_bytes"] = Kind.Number,
        };

        private static readonly Dictionary<string, Kind> KnownKeys = AllKeys();

        /// <summary>
        /// LiteLLM's router keys, also taken in -ClientArgs and -Params: they choose models rather than
        /// configure one, so New-LiteLlmModel takes them out before these arguments are read.
        /// </summary>
        public static readonly IReadOnlyList<string> RouterKeys = new[] { "context_window_fallbacks", "fallbacks" };

        private readonly Dictionary<string, object> _args = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Checks every key and value of <paramref name="clientArgs"/>, and takes the provider settings out of <paramref name="parameters"/>.</summary>
        /// <param name="clientArgs">-ClientArgs, or null.</param>
        /// <param name="parameters">-Params, or null; provider settings found in it are removed (an explicit client_args value wins).</param>
        /// <exception cref="StrandsException">InvalidArgument for an unknown key or a wrong type.</exception>
        public ClientArguments(Hashtable? clientArgs, Hashtable? parameters)
        {
            if (parameters != null)
            {
                foreach (var key in parameters.Keys.Cast<object>().Select(k => Convert.ToString(k, CultureInfo.InvariantCulture) ?? string.Empty).ToList())
                {
                    if (!IsProviderOption(key)) continue;
                    var value = Unwrap(parameters[key]);
                    parameters.Remove(key);
                    if (value != null) _args[key] = Check(key, KnownKeys[key], value, "-Params");
                }
            }

            if (clientArgs == null) return;
            foreach (DictionaryEntry entry in clientArgs)
            {
                var key = Convert.ToString(Unwrap(entry.Key), CultureInfo.InvariantCulture) ?? string.Empty;
                if (!KnownKeys.TryGetValue(key, out var kind))
                {
                    throw Invalid($"-ClientArgs has no key '{key}'. Known keys: {string.Join(", ", Keys)}.");
                }
                var value = Unwrap(entry.Value);
                if (value == null) continue;
                _args[key] = Check(key, kind, value, "-ClientArgs");
            }
        }

        /// <summary>Every key -ClientArgs takes, sorted.</summary>
        public static IReadOnlyList<string> Keys { get; } = KnownKeys.Keys.Concat(RouterKeys).OrderBy(k => k, StringComparer.Ordinal).ToArray();

        /// <summary>A text value, or null.</summary>
        public string? String(string key) => _args.TryGetValue(key, out var v) ? (string)v : null;

        /// <summary>A number, or null.</summary>
        public double? Double(string key) => _args.TryGetValue(key, out var v) ? (double)v : null;

        /// <summary>A whole number (num_retries), or null.</summary>
        public int? Int(string key) => _args.TryGetValue(key, out var v) ? (int)v : null;

        /// <summary>A switch; false when absent.</summary>
        public bool Bool(string key) => _args.TryGetValue(key, out var v) && (bool)v;

        /// <summary>A table, or null.</summary>
        public IDictionary? Table(string key) => _args.TryGetValue(key, out var v) ? (IDictionary)v : null;

        /// <summary>A secret, or null.</summary>
        public SecureString? SecureString(string key) => _args.TryGetValue(key, out var v) ? (SecureString)v : null;

        /// <summary>The provider settings given, secrets kept protected, with the credential pair of -Credential.</summary>
        public ProviderOptions ProviderOptions(ProviderCredential? credential)
        {
            var values = new List<KeyValuePair<string, string>>();
            var secrets = new List<KeyValuePair<string, ApiKey>>();
            foreach (var option in ProviderTable.Options)
            {
                if (!_args.TryGetValue(option.Name, out var value)) continue;
                if (value is SecureString secure) secrets.Add(new(option.Name, new ApiKey(secure)));
                else if (value is bool on) values.Add(new(option.Name, on ? "true" : "false"));
                else values.Add(new(option.Name, (string)value));
            }
            return new ProviderOptions(values, secrets, credential);
        }

        /// <summary>Whether <paramref name="key"/> is a provider setting (accepted in -Params too) rather than a model parameter.</summary>
        public static bool IsProviderOption(string key) =>
            string.Equals(key, "aws_region_name", StringComparison.OrdinalIgnoreCase) || ProviderTable.Options.Any(o => string.Equals(o.Name, key, StringComparison.OrdinalIgnoreCase));

        private static Dictionary<string, Kind> AllKeys()
        {
            var keys = new Dictionary<string, Kind>(CommonKeys, StringComparer.OrdinalIgnoreCase);
            foreach (var option in ProviderTable.Options) keys[option.Name] = option.IsSecret ? Kind.Secret : option.IsSwitch ? Kind.Switch : Kind.Text;
            return keys;
        }

        // Returns the value in the form the getters hand out; the messages name the type, never the value (it may be a secret).
        private static object Check(string key, Kind kind, object value, string where)
        {
            switch (kind)
            {
                case Kind.Text when value is string or Uri or char || IsNumber(value):
                    return Convert.ToString(value, CultureInfo.InvariantCulture)!;
                case Kind.Secret when value is SecureString:
                    return value;
                case Kind.Secret when value is string plain:
                    var secure = new SecureString();
                    foreach (var c in plain) secure.AppendChar(c);
                    secure.MakeReadOnly();
                    return secure;
                case Kind.Switch when value is bool or SwitchParameter:
                    return LanguagePrimitives.IsTrue(value);
                case Kind.Number when AsNumber(value) is double number:
                    return number;
                case Kind.Count when AsNumber(value) is double count:
                    if (count < 0 || count > MaxRetriesLimit || count != Math.Floor(count))
                        throw Invalid($"{where} {key} must be a whole number from 0 to {MaxRetriesLimit}, like -MaxRetries (got {count.ToString(CultureInfo.InvariantCulture)}).");
                    return (int)count;
                case Kind.Table when value is IDictionary table:
                    return table;
            }

            throw Invalid($"{where} {key} takes {Expected(kind)}, not {value.GetType().Name}.");
        }

        private static string Expected(Kind kind) => kind switch
        {
            Kind.Text => "a string",
            Kind.Secret => "a SecureString or a string",
            Kind.Switch => "a boolean ($true or $false)",
            Kind.Number => "a number",
            Kind.Count => $"a whole number from 0 to {MaxRetriesLimit}",
            _ => "a hashtable",
        };

        private static bool IsNumber(object value) =>
            value is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal;

        private static double? AsNumber(object value)
        {
            if (IsNumber(value)) return Convert.ToDouble(value, CultureInfo.InvariantCulture);
            return value is string text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        }

        private static object? Unwrap(object? value) => value is PSObject p ? p.BaseObject : value;

        private static StrandsException Invalid(string message) => new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
    }
}
