namespace Strands.Types
{
    /// <summary>What kind of failure an error is; a host maps it to its own categories (the cmdlets to PowerShell's ErrorCategory).</summary>
    public enum ErrorKind
    {
        /// <summary>A value the caller gave cannot be used.</summary>
        InvalidArgument,

        /// <summary>No credentials, or the provider rejected them.</summary>
        Authentication,

        /// <summary>The model, file or resource named does not exist.</summary>
        NotFound,

        /// <summary>A limit was reached: throttling, context window, cycles, output tokens, response size.</summary>
        LimitExceeded,

        /// <summary>Something did not answer in time.</summary>
        Timeout,

        /// <summary>The resource is in use; trying again later may work.</summary>
        Busy,

        /// <summary>The service or component is unavailable.</summary>
        Unavailable,

        /// <summary>The connection could not be made or broke.</summary>
        Connection,

        /// <summary>A reply broke its wire format.</summary>
        Protocol,

        /// <summary>Stored data (a session, a recording) is not valid.</summary>
        InvalidData,

        /// <summary>The model's answer does not meet what was asked (structured output).</summary>
        InvalidResult,

        /// <summary>A file could not be read.</summary>
        ReadFailed,

        /// <summary>A file could not be written.</summary>
        WriteFailed,

        /// <summary>The work was stopped on purpose (a failing hook).</summary>
        Stopped,

        /// <summary>The operation cannot run in the current state of its host or agent (e.g. no interactive input).</summary>
        InvalidOperation,

        /// <summary>The feature is not available on this platform.</summary>
        NotSupported,
    }
}
