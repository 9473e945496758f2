using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using Strands.PowerShell.Hosting;
using Strands.PowerShell.Schema;
using Strands.Tools;
using Strands.Types;

namespace Strands.PowerShell.Tools
{
    /// <summary>
    /// A tool from a command (advanced function or compiled cmdlet): the default parameter set
    /// becomes the schema, common parameters and pre-bound parameters are left out, and the call
    /// splats the model's arguments plus the pre-bound ones. The schema forbids other properties, so
    /// the core validator refuses any parameter the user did not offer (e.g. -Force).
    /// </summary>
    internal sealed class CommandTool : ITool
    {
        private readonly CommandInfo _command;
        private readonly Hashtable _bound;

        /// <param name="command">The command to run.</param>
        /// <param name="bound">Arguments always applied and hidden from the model.</param>
        /// <param name="help">Help read on the pipeline thread (synopsis, description, parameter texts), or null.</param>
        /// <param name="name">Tool name; defaults to the command name made valid.</param>
        /// <param name="description">Tool description; defaults to the command's help.</param>
        public CommandTool(CommandInfo command, IDictionary? bound, CommandHelp? help, string? name = null, string? description = null)
        {
            _command = command;
            _bound = new Hashtable(StringComparer.OrdinalIgnoreCase);
            if (bound != null)
                foreach (DictionaryEntry e in bound)
                    _bound[Convert.ToString(e.Key, CultureInfo.InvariantCulture)!] = e.Value is PSObject p ? p.BaseObject : e.Value;

            var set = DefaultSet(command);
            foreach (var key in _bound.Keys.Cast<string>())
                if (!set.Parameters.Any(p => p.Name.Equals(key, StringComparison.OrdinalIgnoreCase)))
                    throw Invalid($"The command '{command.Name}' has no parameter '{key}' in its default parameter set to pre-bind.");

            SupportsShouldProcess = command.Parameters?.ContainsKey("WhatIf") == true;
            var parameters = new List<ToolParameter>();
            foreach (var p in set.Parameters)
            {
                if (IsCommon(p.Name) || _bound.ContainsKey(p.Name) || p.Attributes.OfType<ParameterAttribute>().Any(a => a.DontShow)) continue;
                if (!IsRepresentable(p.ParameterType))
                {
                    // Optional parameters the model could not fill in sensibly are simply not offered.
                    if (!p.IsMandatory) continue;
                    throw Invalid($"The mandatory parameter '{p.Name}' of '{command.Name}' has the type {p.ParameterType.Name}, which a model cannot supply as JSON. Pre-bind it: @{{ Command = (Get-Command {command.Name}); Bound = @{{ {p.Name} = ... }} }}.");
                }
                var parameter = JsonSchemaBuilder.FromAttributes(p.Name, p.ParameterType, p.Attributes) with { Mandatory = p.IsMandatory };
                if (parameter.Description == null && !string.IsNullOrWhiteSpace(p.HelpMessage)) parameter = parameter with { Description = p.HelpMessage };
                if (help?.Parameters.TryGetValue(p.Name, out var text) == true) parameter = parameter with { Description = text };
                parameters.Add(parameter);
            }

            var toolName = name ?? ToolNames.Sanitize(command.Name);
            var toolDescription = description ?? help?.Synopsis ?? help?.Description;
            if (string.IsNullOrWhiteSpace(toolDescription)) toolDescription = $"Runs the PowerShell command {command.Name}.";
            Spec = new ToolSpec(toolName, toolDescription!, JsonSchemaBuilder.ForParameters(parameters));
        }

        public ToolSpec Spec { get; }

        /// <summary>True when the command declares SupportsShouldProcess: it is confirmed through Invoke-StrandsAgent.</summary>
        public bool SupportsShouldProcess { get; }

        public Task<ToolOutput> InvokeAsync(ToolCall call, CancellationToken cancellationToken)
        {
            var context = InvocationContext.Current
                ?? throw new InvalidOperationException("PowerShell tools run only inside Invoke-StrandsAgent.");
            var arguments = PowerShellJson.ToHashtable(call.Arguments);
            foreach (DictionaryEntry e in _bound) arguments[e.Key] = e.Value;
            // Confirmation already happened once through Invoke-StrandsAgent's ShouldProcess; the
            // command must not ask a second time.
            if (SupportsShouldProcess) arguments["Confirm"] = false;
            return context.Pump.InvokeAsync(() => ToolRunner.Run(context, _command, arguments, cancellationToken), cancellationToken);
        }

        private static CommandParameterSetInfo DefaultSet(CommandInfo command)
        {
            var sets = command.ParameterSets;
            return sets.FirstOrDefault(s => s.IsDefault) ?? sets.FirstOrDefault()
                ?? throw Invalid($"The command '{command.Name}' has no parameter sets.");
        }

        private static bool IsCommon(string name) =>
            Cmdlet.CommonParameters.Contains(name) || Cmdlet.OptionalCommonParameters.Contains(name);

        private static bool IsRepresentable(Type type)
        {
            var t = Nullable.GetUnderlyingType(type) ?? type;
            if (t.IsEnum || t.IsPrimitive || t == typeof(string) || t == typeof(decimal) || t == typeof(BigInteger) || t == typeof(Guid) || t == typeof(Uri)
                || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(SwitchParameter) || t == typeof(object) || t == typeof(PSObject)
                || typeof(IDictionary).IsAssignableFrom(t))
                return t != typeof(IntPtr) && t != typeof(UIntPtr);
            if (t.IsArray) return IsRepresentable(t.GetElementType()!);
            return false;
        }

        private static StrandsException Invalid(string message) => new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
    }

    /// <summary>The help texts a command tool uses: synopsis, description and one text per parameter.</summary>
    internal sealed class CommandHelp
    {
        public string? Synopsis { get; private set; }
        public string? Description { get; private set; }
        public Dictionary<string, string> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Reads help on the pipeline thread: comment-based help straight from a function's AST
        /// (cheap, no Get-Help), otherwise Get-Help's MAML. Help that Get-Help only synthesised
        /// from the syntax carries no description and is ignored.
        /// </summary>
        public static CommandHelp? Read(CommandInfo command)
        {
            if (command is FunctionInfo function && FromComments(function) is { } comments) return comments;
            if (command is not CmdletInfo) return null;
            try
            {
                using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
                ps.AddCommand("Get-Help").AddParameter("Name", command.Name).AddParameter("Full").AddParameter("ErrorAction", "SilentlyContinue");
                var result = ps.Invoke().FirstOrDefault();
                return result == null ? null : FromHelpObject(result);
            }
            catch (Exception ex) when (ex is RuntimeException or InvalidOperationException)
            {
                return null;
            }
        }

        private static CommandHelp? FromComments(FunctionInfo function)
        {
            CommentHelpInfo? info;
            try
            {
                // `function X {}` gives the definition itself; New-Item function:X gives a bare block.
                info = function.ScriptBlock.Ast switch
                {
                    FunctionDefinitionAst definition => definition.GetHelpContent(),
                    ScriptBlockAst block => block.GetHelpContent(),
                    _ => null,
                };
            }
            catch (Exception ex) when (ex is ParseException or InvalidOperationException) { info = null; }
            if (info == null) return null;
            var help = new CommandHelp { Synopsis = Clean(info.Synopsis), Description = Clean(info.Description) };
            foreach (var pair in info.Parameters)
                if (Clean(pair.Value) is { } text) help.Parameters[pair.Key] = text;
            return help;
        }

        private static CommandHelp? FromHelpObject(PSObject help)
        {
            var description = Clean(TextOf(Property(help, "description")));
            if (description == null) return null;
            var result = new CommandHelp { Synopsis = Clean(Property(help, "Synopsis") as string ?? TextOf(Property(help, "Synopsis"))), Description = description };
            foreach (var parameter in Items(Property(Property(help, "parameters"), "parameter")))
            {
                var name = Property(parameter, "name") as string ?? TextOf(Property(parameter, "name"));
                if (name != null && Clean(TextOf(Property(parameter, "description"))) is { } text) result.Parameters[name] = text;
            }
            return result;
        }

        private static object? Property(object? value, string name)
        {
            if (value == null) return null;
            var pso = PSObject.AsPSObject(value);
            var v = pso.Properties[name]?.Value;
            return v is PSObject p && p.BaseObject is not PSCustomObject ? p.BaseObject : v;
        }

        private static IEnumerable<object> Items(object? value) =>
            value switch
            {
                null => Enumerable.Empty<object>(),
                string s => new object[] { s },
                IEnumerable e => e.Cast<object>().Where(o => o != null),
                _ => new[] { value },
            };

        // MAML descriptions are arrays of paragraphs, each an object with a Text property.
        private static string? TextOf(object? value) =>
            value is string s ? s : string.Join("\n", Items(value).Select(i => i is string t ? t : Property(i, "Text") as string).Where(t => !string.IsNullOrWhiteSpace(t)));

        private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
    }
}
