using System.Management.Automation;
using Strands.Types;

namespace Strands.PowerShell.Internal
{
    /// <summary>
    /// How the cmdlets word the core's errors: each <see cref="Setting"/> by the parameter that
    /// sets it, and each <see cref="ErrorKind"/> as the matching PowerShell <see cref="ErrorCategory"/>.
    /// </summary>
    internal static class ErrorPhrasing
    {
        /// <summary>The error's message with the cmdlets' parameter names.</summary>
        public static string Message(StrandsException error) => error.Text.Render(ParameterOf);

        /// <summary>The error's recommended action with the cmdlets' parameter names, or null.</summary>
        public static string? RecommendedAction(StrandsException error) => error.Recommendation?.Render(ParameterOf);

        /// <summary>The parameter that sets <paramref name="setting"/>.</summary>
        public static string ParameterOf(Setting setting) => setting switch
        {
            Setting.ApiKey => "-ApiKey",
            Setting.ApiBase => "-ApiBase",
            Setting.ModelParameters => "-Params",
            Setting.UseLiteLlmProxy => "-UseLiteLlmProxy",
            Setting.MaxCycles => "-MaxCycles",
            Setting.Timeout => "-TimeoutSec",
            Setting.RecordTo => "-RecordTo",
            Setting.ReplayFrom => "-ReplayFrom",
            Setting.SessionPath => "-SessionPath",
            Setting.TokenBudget => "-TokenBudget",
            Setting.CostBudget => "-CostBudgetUsd",
            _ => ErrorText.PlainName(setting),
        };

        /// <summary>The PowerShell category of <paramref name="kind"/>.</summary>
        public static ErrorCategory CategoryOf(ErrorKind kind) => kind switch
        {
            ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            ErrorKind.Authentication => ErrorCategory.AuthenticationError,
            ErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            ErrorKind.LimitExceeded => ErrorCategory.LimitsExceeded,
            ErrorKind.Timeout => ErrorCategory.OperationTimeout,
            ErrorKind.Busy => ErrorCategory.ResourceBusy,
            ErrorKind.Unavailable => ErrorCategory.ResourceUnavailable,
            ErrorKind.Connection => ErrorCategory.ConnectionError,
            ErrorKind.Protocol => ErrorCategory.ProtocolError,
            ErrorKind.InvalidData => ErrorCategory.InvalidData,
            ErrorKind.InvalidResult => ErrorCategory.InvalidResult,
            ErrorKind.ReadFailed => ErrorCategory.ReadError,
            ErrorKind.WriteFailed => ErrorCategory.WriteError,
            ErrorKind.Stopped => ErrorCategory.OperationStopped,
            ErrorKind.NotSupported => ErrorCategory.NotImplemented,
            ErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
