using System;
using System.Collections.Generic;
using Strands.Models.Fallback;
using Strands.Types;

namespace Strands.Telemetry
{
    /// <summary>One request to the model: what it cost and how long it took.</summary>
    /// <param name="Provider">Provider routing name of the model that answered.</param>
    /// <param name="Model">Wire name of the model that answered (a fallback's, when one was taken).</param>
    /// <param name="Usage">Tokens, in the common convention.</param>
    /// <param name="Latency">Request start to the end of the reply.</param>
    /// <param name="TimeToFirstByte">Request start to the first content event, when one came.</param>
    /// <param name="CostUsd">Provider-reported or price-table cost; null when the model is not priced.</param>
    /// <param name="StopReason">Why the model stopped.</param>
    public sealed record ModelCallRecord(string Provider, string Model, Usage Usage, TimeSpan Latency, TimeSpan? TimeToFirstByte, decimal? CostUsd, StopReason StopReason)
    {
        /// <summary>The fallbacks taken before a model answered, in order; empty when the first model did.</summary>
        public IReadOnlyList<ModelFallback> Fallbacks { get; init; } = Array.Empty<ModelFallback>();
    }
}
