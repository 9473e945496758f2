using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Strands.Types
{
    /// <summary>
    /// The text of an error, kept as a template with its facts (the values, limits, variables and
    /// <see cref="Setting"/>s it names) so that a host can render it in its own words: the core
    /// names a setting plainly (<c>api_key</c>), the cmdlets by their parameter (<c>-ApiKey</c>).
    /// </summary>
    public sealed class ErrorText
    {
        private readonly FormattableString _template;

        private ErrorText(FormattableString template) => _template = template;

        /// <summary>A text whose holes may hold <see cref="Setting"/>s: <c>ErrorText.Of($"Raise {Setting.MaxCycles}.")</c>.</summary>
        public static ErrorText Of(FormattableString template) => new(template ?? throw new ArgumentNullException(nameof(template)));

        /// <summary>A text that names no setting.</summary>
        public static ErrorText Plain(string text) => new(FormattableStringFactory.Create("{0}", text));

        /// <summary>The facts the text states, in order (settings among them).</summary>
        public IReadOnlyList<object?> Facts => _template.GetArguments();

        /// <summary>The text with each setting named by <paramref name="nameOf"/>.</summary>
        public string Render(Func<Setting, string> nameOf) => _template.ToString(new SettingFormatter(nameOf));

        /// <summary>The text in the core's words: settings by their plain names, e.g. <c>max_cycles</c>.</summary>
        public override string ToString() => Render(PlainName);

        /// <summary>A setting's plain name: the snake_case option name Strands and LiteLLM use.</summary>
        public static string PlainName(Setting setting) => setting switch
        {
            Setting.ApiKey => "api_key",
            Setting.ApiBase => "api_base",
            Setting.ModelParameters => "params",
            Setting.UseLiteLlmProxy => "use_litellm_proxy",
            Setting.MaxCycles => "max_cycles",
            Setting.Timeout => "timeout",
            Setting.RecordTo => "record_to",
            Setting.ReplayFrom => "replay_from",
            Setting.SessionPath => "session_path",
            Setting.TokenBudget => "token_budget",
            Setting.CostBudget => "cost_budget_usd",
            _ => setting.ToString(),
        };

        // Formats settings through the host's names and every other fact as string interpolation
        // would, in the current culture.
        private sealed class SettingFormatter : IFormatProvider, ICustomFormatter
        {
            private readonly Func<Setting, string> _nameOf;

            public SettingFormatter(Func<Setting, string> nameOf) => _nameOf = nameOf;

            public object? GetFormat(Type? formatType) => formatType == typeof(ICustomFormatter) ? this : null;

            public string Format(string? format, object? arg, IFormatProvider? formatProvider) => arg switch
            {
                Setting setting => _nameOf(setting),
                IFormattable formattable => formattable.ToString(format, CultureInfo.CurrentCulture),
                null => string.Empty,
                _ => arg.ToString() ?? string.Empty,
            };
        }
    }
}
