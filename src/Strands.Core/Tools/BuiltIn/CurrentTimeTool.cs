using System;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.Types;

namespace Strands.Tools.BuiltIn
{
    /// <summary>The built-in <c>current_time</c> tool: the current time in ISO 8601, UTC or a named time zone.</summary>
    public sealed class CurrentTimeTool : ITool
    {
        private static readonly JsonElement Schema = JsonDocument.Parse(
            """{"type":"object","properties":{"timezone":{"type":"string","description":"IANA or Windows time zone id, e.g. UTC, Europe/Paris. Default UTC."}},"additionalProperties":false}""").RootElement.Clone();

        private readonly Func<DateTimeOffset> _now;

        /// <summary>Creates the tool; <paramref name="now"/> replaces the clock in tests.</summary>
        public CurrentTimeTool(Func<DateTimeOffset>? now = null) => _now = now ?? (() => DateTimeOffset.UtcNow);

        /// <inheritdoc/>
        public ToolSpec Spec { get; } = new("current_time", "Returns the current date and time in ISO 8601 format.", Schema);

        /// <inheritdoc/>
        public Task<ToolOutput> InvokeAsync(ToolCall call, CancellationToken cancellationToken)
        {
            var zone = call.Arguments.TryGetProperty("timezone", out var z) ? z.GetString() : null;
            var now = _now();
            if (string.IsNullOrWhiteSpace(zone) || zone!.Equals("UTC", StringComparison.OrdinalIgnoreCase))
                return Task.FromResult(ToolOutput.Text(now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
            try
            {
                var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(zone));
                return Task.FromResult(ToolOutput.Text(local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)));
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                return Task.FromResult(ToolOutput.Error($"Unknown time zone '{zone}'. Use an IANA id such as Europe/Paris, or UTC."));
            }
        }
    }
}
