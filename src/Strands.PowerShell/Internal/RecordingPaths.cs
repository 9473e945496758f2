using System.Management.Automation;
using Strands.Models.Replay;

namespace Strands.PowerShell.Internal
{
    /// <summary>Resolves recording paths against the PowerShell location, which the core (and the process's current directory) does not know.</summary>
    internal static class RecordingPaths
    {
        /// <summary><c>replay/&lt;relative path&gt;</c> becomes <c>replay/&lt;full path&gt;</c>; any other id is returned unchanged.</summary>
        public static string ResolveModelId(PathIntrinsics paths, string modelId) =>
            ModelRecording.TryGetReplayPath(modelId, out var path)
                ? ModelRecording.ReplayPrefix + paths.GetUnresolvedProviderPathFromPSPath(path)
                : modelId;
    }
}
