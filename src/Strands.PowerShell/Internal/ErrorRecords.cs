using System;
using System.Management.Automation;
using Strands.Types;

namespace Strands.PowerShell.Internal
{
    /// <summary>Builds ErrorRecords from core errors: stable ErrorId, mapped category, recommended action.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(StrandsException ex, object? target)
        {
            var category = Enum.TryParse<ErrorCategory>(ex.Category, out var c) ? c : ErrorCategory.NotSpecified;
            var record = new ErrorRecord(ex, ex.ErrorId, category, target);
            if (ex.RecommendedAction != null) record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ex.RecommendedAction };
            return record;
        }

        public static ErrorRecord InvalidArgument(string errorId, string message, object? target) =>
            new(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target);
    }
}
