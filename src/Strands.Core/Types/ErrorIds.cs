namespace Strands.Types
{
    /// <summary>Stable ErrorIds, one place so docs and tests agree with the code.</summary>
    public static class ErrorIds
    {
        public const string AuthenticationFailed = "AuthenticationFailed";
        public const string ModelNotFound = "ModelNotFound";
        public const string ModelThrottled = "ModelThrottled";
        public const string ContextWindowOverflow = "ContextWindowOverflow";
        public const string InvalidRequest = "InvalidRequest";
        public const string ProviderError = "ProviderError";
        public const string ConnectionFailed = "ConnectionFailed";
        public const string Timeout = "Timeout";
        public const string ResponseTooLarge = "ResponseTooLarge";
        public const string StreamMalformed = "StreamMalformed";
        public const string UnknownProvider = "UnknownProvider";
        public const string MissingApiKey = "MissingApiKey";
        public const string MissingApiBase = "MissingApiBase";
        public const string MaxCyclesExceeded = "MaxCyclesExceeded";
        public const string MaxTokensReached = "MaxTokensReached";
        public const string BudgetExceeded = "BudgetExceeded";
        public const string StructuredOutputInvalid = "StructuredOutputInvalid";
        public const string AgentBusy = "AgentBusy";
        public const string SessionCorrupt = "SessionCorrupt";
        public const string SessionVersionUnsupported = "SessionVersionUnsupported";
        public const string SessionAgentMismatch = "SessionAgentMismatch";
        public const string SessionSaveFailed = "SessionSaveFailed";
        public const string SessionLoadFailed = "SessionLoadFailed";
        public const string InvalidArgument = "InvalidArgument";
        public const string ReplayMismatch = "ReplayMismatch";
        public const string ReplayExhausted = "ReplayExhausted";
        public const string RecordingInvalid = "RecordingInvalid";
        public const string HookFailed = "HookFailed";
        public const string McpUnavailable = "McpUnavailable";
        public const string McpConnectionFailed = "McpConnectionFailed";
        public const string HostNotInteractive = "HostNotInteractive";
        public const string AttachmentUnsupported = "AttachmentUnsupported";
        public const string AttachmentTooLarge = "AttachmentTooLarge";
        public const string AttachmentUnreadable = "AttachmentUnreadable";
        public const string TraceExportUnavailable = "TraceExportUnavailable";
    }
}
