using System;
using System.Management.Automation;
using Strands.Types;

namespace Strands.PowerShell.Internal
{
    /// <summary>Builds ErrorRecords from core errors: stable ErrorId, mapped category, and the message and action phrased for cmdlet users.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(StrandsException ex, object? target)
        {
            var record = new ErrorRecord(ex, ex.ErrorId, ErrorPhrasing.CategoryOf(ex.Kind), target)
            {
                ErrorDetails = new ErrorDetails(ErrorPhrasing.Message(ex)) { RecommendedAction = ErrorPhrasing.RecommendedAction(ex) },
            };
            return record;
        }

        public static ErrorRecord InvalidArgument(string errorId, string message, object? target) =>
            new(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target);
    }
}
