using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using Strands.PowerShell.Hosting;
using Strands.PowerShell.Schema;
using Strands.Tools;
using Strands.Types;

namespace Strands.PowerShell.Tools
{
    /// <summary>
    /// A tool whose body is a PowerShell script block. Its schema comes from the param() block
    /// (types, [Parameter(Mandatory)], validation attributes, comment-based help); it runs on the
    /// pipeline thread of the Invoke-StrandsAgent call, in the caller's scope, so it sees the
    /// caller's variables.
    /// </summary>
    internal sealed class ScriptBlockTool : ITool
    {
        private readonly ScriptBlock _body;

        public ScriptBlockTool(string name, ScriptBlock body, string? description = null)
        {
            _body = body;
            var help = ReadHelp(body);
            var parameters = ReadParameters(body, help);
            var text = description ?? help?.Synopsis?.Trim();
            if (string.IsNullOrWhiteSpace(text)) text = help?.Description?.Trim();
            Spec = new ToolSpec(name, string.IsNullOrWhiteSpace(text) ? $"Runs the PowerShell tool '{name}'." : text!, JsonSchemaBuilder.ForParameters(parameters));
        }

        public ToolSpec Spec { get; }

        public Task<ToolOutput> InvokeAsync(ToolCall call, CancellationToken cancellationToken)
        {
            var context = InvocationContext.Current
                ?? throw new InvalidOperationException("PowerShell tools run only inside Invoke-StrandsAgent.");
            var arguments = PowerShellJson.ToHashtable(call.Arguments);
            return context.Pump.InvokeAsync(() => ToolRunner.Run(context, _body, arguments, cancellationToken), cancellationToken);
        }

        private static CommentHelpInfo? ReadHelp(ScriptBlock body)
        {
            try { return (body.Ast as ScriptBlockAst)?.GetHelpContent(); }
            catch (Exception ex) when (ex is ParseException or InvalidOperationException) { return null; }
        }

        private static IReadOnlyList<ToolParameter> ReadParameters(ScriptBlock body, CommentHelpInfo? help)
        {
            var block = (body.Ast as ScriptBlockAst)?.ParamBlock;
            if (block == null) return Array.Empty<ToolParameter>();
            return block.Parameters.Select(p =>
            {
                var name = p.Name.VariablePath.UserPath;
                var parameter = JsonSchemaBuilder.FromAttributes(name, p.StaticType, p.Attributes.OfType<AttributeAst>().Select(ToAttribute).Where(a => a != null)!);
                // A script-block parameter is only required when it says so, whatever its type.
                parameter = parameter with { Mandatory = p.Attributes.OfType<AttributeAst>().Any(IsMandatory) || parameter.Mandatory && HasValidateNotNull(p) };
                if (parameter.Description == null && help?.Parameters != null && help.Parameters.TryGetValue(name.ToUpperInvariant(), out var text))
                    parameter = parameter with { Description = text.Trim() };
                return parameter;
            }).ToList();
        }

        private static bool HasValidateNotNull(ParameterAst p) =>
            p.Attributes.OfType<AttributeAst>().Any(a => a.TypeName.GetReflectionAttributeType() is Type t
                && (t == typeof(ValidateNotNullOrEmptyAttribute) || t == typeof(ValidateNotNullAttribute)));

        private static bool IsMandatory(AttributeAst a) =>
            a.TypeName.GetReflectionAttributeType() == typeof(ParameterAttribute)
            && a.NamedArguments.Any(n => n.ArgumentName.Equals("Mandatory", StringComparison.OrdinalIgnoreCase)
                                         && (n.ExpressionOmitted || IsTrue(n.Argument)));

        private static bool IsTrue(ExpressionAst e)
        {
            try { return LanguagePrimitives.IsTrue(e.SafeGetValue()); }
            catch (InvalidOperationException) { return false; }
        }

        // Rebuilds the real attribute from constant arguments so one code path (FromAttributes)
        // reads validation rules for script blocks, commands and classes alike.
        private static object? ToAttribute(AttributeAst a)
        {
            var type = a.TypeName.GetReflectionAttributeType();
            if (type == null) return null;
            try
            {
                var positional = a.PositionalArguments.Select(e => e.SafeGetValue()).ToArray();
                if (type == typeof(ValidateSetAttribute))
                    positional = new object[] { positional.SelectMany(Flatten).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!).ToArray() };
                else if (type == typeof(ValidateRangeAttribute) && positional.Length == 2)
                    positional = positional.Select(v => v is PSObject o ? o.BaseObject : v).ToArray();
                var attribute = Activator.CreateInstance(type, positional);
                foreach (var named in a.NamedArguments)
                {
                    var prop = type.GetProperty(named.ArgumentName, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
                    if (prop?.CanWrite == true)
                        prop.SetValue(attribute, LanguagePrimitives.ConvertTo(named.ExpressionOmitted ? true : named.Argument.SafeGetValue(), prop.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
                }
                return attribute;
            }
            catch (Exception ex) when (ex is InvalidOperationException or MissingMethodException or ArgumentException or PSInvalidCastException or System.Reflection.TargetInvocationException)
            {
                return null;
            }
        }

        private static IEnumerable<object> Flatten(object? value) =>
            value is object[] array ? array.SelectMany(Flatten) : value == null ? Enumerable.Empty<object>() : new[] { value };
    }
}
