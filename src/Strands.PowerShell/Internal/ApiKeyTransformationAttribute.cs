using System;
using System.Management.Automation;
using System.Security;

namespace Strands.PowerShell.Internal
{
    /// <summary>Lets -ApiKey take a SecureString or a plain string; either way it is held as a SecureString.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class ApiKeyTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            switch (value)
            {
                case null: return null;
                case SecureString secure: return secure;
                case string plain:
                    var result = new SecureString();
                    foreach (var ch in plain) result.AppendChar(ch);
                    result.MakeReadOnly();
                    return result;
                default:
                    // The message names the type only: the value may be a key.
                    throw new ArgumentTransformationMetadataException($"-ApiKey takes a SecureString or a string, not {value.GetType().Name}.");
            }
        }
    }
}
