using System;
using System.Management.Automation;
using Strands.Models;
using Strands.Types;

namespace Strands.PowerShell.Internal
{
    /// <summary>Lets -Model take a model id string: it is routed with keys from the environment, as New-LiteLlmModel would.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class ModelTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is not string id) return value;
            try
            {
                var settings = new ModelSettings(RecordingPaths.ResolveModelId(engineIntrinsics.SessionState.Path, id));
                var (model, route) = ModelFactory.Create(settings);
                return new LiteLlmModel(model, route, id, new System.Collections.Hashtable(), settings);
            }
            catch (StrandsException ex)
            {
                throw new ArgumentTransformationMetadataException(ex.Message, ex);
            }
        }
    }
}
