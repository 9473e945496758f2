using System.IO;
using Strands.Types;

namespace Strands.Models.Replay
{
    /// <summary>
    /// A replayed script asked for something its recording does not hold: a request that differs
    /// (<c>ReplayMismatch</c>) or one call too many (<c>ReplayExhausted</c>).
    /// </summary>
    public sealed class ReplayException : StrandsException
    {

        private ReplayException(string errorId, string message, int requestNumber, RequestDifference? difference)
            : base(errorId, ErrorKind.InvalidData, message)
        {
            RequestNumber = requestNumber;
            Difference = difference;
            Recommendation = ErrorText.Of($"If the change is intended, record the session again with {Setting.RecordTo}; otherwise change the script back.");
        }

        /// <summary>Which request of the session (1-based) failed; 0 when the model itself does not match.</summary>
        public int RequestNumber { get; }

        /// <summary>The first difference, for <c>ReplayMismatch</c>.</summary>
        public RequestDifference? Difference { get; }

        /// <summary>The request being sent differs from the recorded one.</summary>
        public static ReplayException Mismatch(string recordingPath, int requestNumber, int recorded, RequestDifference difference)
        {
            var which = requestNumber == 0 ? "The model" : $"Request {requestNumber} of {recorded}";
            return new ReplayException(ErrorIds.ReplayMismatch,
                $"{which} does not match the recording '{Path.GetFileName(recordingPath)}' at {difference.Location}: expected {difference.Expected}, got {difference.Actual}.",
                requestNumber, difference);
        }

        /// <summary>The script made more requests than were recorded.</summary>
        public static ReplayException Exhausted(string recordingPath, int requestNumber, int recorded) =>
            new(ErrorIds.ReplayExhausted,
                $"The script made request {requestNumber}, but the recording '{Path.GetFileName(recordingPath)}' holds only {recorded}.",
                requestNumber, null);
    }
}
