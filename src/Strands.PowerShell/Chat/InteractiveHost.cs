using System;
using System.Linq;
using System.Management.Automation.Host;
using Strands.Types;

namespace Strands.PowerShell.Chat
{
    /// <summary>
    /// Whether the host can hold a chat: it must read what the user types. Checked before the chat
    /// starts, so a script run unattended fails at once instead of waiting for input nobody gives.
    /// </summary>
    internal static class InteractiveHost
    {
        // pwsh's own switches that end its parameters: what follows belongs to the script or command.
        private static readonly string[] CommandSwitches = { "c", "command", "f", "file", "e", "ec", "encodedcommand", "cwa", "commandwithargs" };

        /// <summary>Null when the host can read input, else the error saying why not.</summary>
        public static StrandsException? Refusal(PSHost host)
        {
            string? why = null;
            if (host.UI == null) why = $"the host '{host.Name}' has no user interface";
            else if (StartedNonInteractive()) why = "PowerShell was started with -NonInteractive";
            else if (host.Name == "ConsoleHost" && Console.IsInputRedirected) why = "its input is redirected";
            return why == null ? null : NotInteractive(why);
        }

        /// <summary>The error for a host whose ReadLine refused (a host this check did not recognise).</summary>
        public static StrandsException NotInteractive(string why) =>
            new(ErrorIds.HostNotInteractive, ErrorKind.InvalidOperation, $"Enter-StrandsChat needs a host that reads what the user types, and {why}.")
            {
                Recommendation = ErrorText.Plain("Run it in an interactive PowerShell session. In scripts and jobs, use Invoke-StrandsAgent $agent 'prompt' instead."),
            };

        // The console host keeps -NonInteractive to itself; the command line is where it can be seen.
        private static bool StartedNonInteractive()
        {
            foreach (var arg in Environment.GetCommandLineArgs().Skip(1))
            {
                var name = arg.TrimStart('-', '/').ToLowerInvariant();
                if (name.Length == arg.Length) continue;
                if (CommandSwitches.Contains(name)) return false;
                if (name.Length >= 4 && "noninteractive".StartsWith(name, StringComparison.Ordinal)) return true;
            }
            return false;
        }
    }
}
