using Strands.Types;

namespace Strands.Agent
{
    /// <summary>
    /// An invocation that ended without a usable answer (max tokens, too many cycles, invalid
    /// structured output). Whatever text the model produced stays reachable in <see cref="PartialText"/>.
    /// </summary>
    public sealed class AgentInvocationException : StrandsException
    {
        /// <summary>Creates the error.</summary>
        public AgentInvocationException(string errorId, ErrorKind kind, ErrorText text, string partialText)
            : base(errorId, kind, text)
        {
            PartialText = partialText;
        }

        /// <summary>Text the model produced before the invocation ended.</summary>
        public string PartialText { get; }
    }
}
