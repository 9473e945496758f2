using System;

namespace Strands.PowerShell.Hosting
{
    /// <summary>Something that must step aside while the host asks the user a question on the pipeline thread.</summary>
    internal interface IHostPromptGuard
    {
        /// <summary>Called on the pipeline thread before the question; disposing it ends the question.</summary>
        IDisposable Prompting();
    }
}
