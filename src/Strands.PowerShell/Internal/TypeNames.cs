using System.Management.Automation;

namespace Strands.PowerShell.Internal
{
    /// <summary>Adds the documented PSTypeNames (Strands.AgentResult, ...) that the format views and users select on.</summary>
    internal static class TypeNames
    {
        public static PSObject Typed(object value)
        {
            var pso = PSObject.AsPSObject(value);
            var name = value switch
            {
                StreamEvent => "Strands.StreamEvent",
                StrandsAgentResult => "Strands.AgentResult",
                StrandsUsage => "Strands.Usage",
                StrandsAgent => "Strands.Agent",
                LiteLlmModel => "Strands.LiteLlmModel",
                StrandsHookEvent => "Strands.HookEvent",
                StrandsMcpClient => "Strands.McpClient",
                _ => null,
            };
            if (name != null && !pso.TypeNames.Contains(name)) pso.TypeNames.Insert(0, name);
            return pso;
        }
    }
}
