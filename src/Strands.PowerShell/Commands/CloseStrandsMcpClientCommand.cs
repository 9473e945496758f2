using System.Management.Automation;

namespace Strands.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Closes MCP clients from New-StrandsMcpClient: ends their sessions and stops stdio servers' processes. Same as $client.Dispose().</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Close, "StrandsMcpClient")]
    public sealed class CloseStrandsMcpClientCommand : PSCmdlet
    {
        /// <summary>The clients to close; accepts pipeline input.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public StrandsMcpClient[] Client { get; set; } = null!;

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            foreach (var client in Client)
            {
                WriteVerbose($"Closing MCP client {client}");
                client.Dispose();
            }
        }
    }
}
