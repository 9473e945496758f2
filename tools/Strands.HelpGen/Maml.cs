using System.Management.Automation;
using System.Reflection;
using System.Xml.Linq;

namespace Strands.HelpGen;

/// <summary>A cmdlet parameter as MAML needs it, one entry per parameter set it belongs to.</summary>
internal sealed record ParameterDoc(string Name, Type Type, IReadOnlyList<ParameterAttribute> Sets, IReadOnlyList<string> Aliases)
{
    public bool IsSwitch => Type == typeof(SwitchParameter);
}

/// <summary>Writes the MAML elements Get-Help reads (command, syntax, parameters, examples).</summary>
internal static class Maml
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace M = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Cmd = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>The cmdlet's own parameters plus -WhatIf/-Confirm when it supports ShouldProcess.</summary>
    public static List<ParameterDoc> ParametersOf(Type cmdlet, CmdletAttribute attribute)
    {
        var list = cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => new ParameterDoc(p.Name, p.PropertyType, p.GetCustomAttributes<ParameterAttribute>().ToList(),
                p.GetCustomAttributes<AliasAttribute>().SelectMany(a => a.AliasNames).ToList()))
            .Where(p => p.Sets.Count > 0)
            .ToList();
        if (attribute.SupportsShouldProcess)
        {
            list.Add(new ParameterDoc("WhatIf", typeof(SwitchParameter), new[] { new ParameterAttribute() }, new[] { "wi" }));
            list.Add(new ParameterDoc("Confirm", typeof(SwitchParameter), new[] { new ParameterAttribute() }, new[] { "cf" }));
        }
        return list;
    }

    public static XElement Command(string name, CmdletAttribute attribute, HelpDocument doc, List<ParameterDoc> parameters) =>
        new(Cmd + "command",
            new XAttribute(XNamespace.Xmlns + "maml", M), new XAttribute(XNamespace.Xmlns + "command", Cmd), new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(Cmd + "details",
                new XElement(Cmd + "name", name),
                new XElement(Cmd + "verb", attribute.VerbName),
                new XElement(Cmd + "noun", attribute.NounName),
                new XElement(M + "description", Paras(new[] { doc.Synopsis }))),
            new XElement(M + "description", Paras(doc.Description)),
            new XElement(Cmd + "syntax", SetNames(parameters).Select(set => SyntaxItem(name, set, parameters, doc))),
            new XElement(Cmd + "parameters", parameters.Select(p => Parameter(p, p.Sets[0], doc))),
            new XElement(Cmd + "inputTypes", doc.Inputs.Select(i => new XElement(Cmd + "inputType", TypeElement(i.Type), new XElement(M + "description", Paras(new[] { i.Text }))))),
            new XElement(Cmd + "returnValues", doc.Outputs.Select(o => new XElement(Cmd + "returnValue", TypeElement(o.Type), new XElement(M + "description", Paras(new[] { o.Text }))))),
            new XElement(M + "alertSet", new XElement(M + "alert", Paras(doc.Notes))),
            new XElement(Cmd + "examples", doc.Examples.Select((e, i) => new XElement(Cmd + "example",
                new XElement(M + "title", $"-------------------------- {e.Title} --------------------------"),
                new XElement(Dev + "code", e.Code),
                new XElement(Dev + "remarks", Paras(e.Remarks))))),
            new XElement(M + "relatedLinks", doc.Links.Select(l => new XElement(M + "navigationLink", new XElement(M + "linkText", l), new XElement(M + "uri")))));

    private static IEnumerable<string> SetNames(List<ParameterDoc> parameters)
    {
        var named = parameters.SelectMany(p => p.Sets).Select(s => s.ParameterSetName).Where(n => n != ParameterAttribute.AllParameterSets).Distinct().ToList();
        return named.Count == 0 ? new[] { ParameterAttribute.AllParameterSets } : named;
    }

    private static XElement SyntaxItem(string name, string set, List<ParameterDoc> parameters, HelpDocument doc) =>
        new(Cmd + "syntaxItem",
            new XElement(M + "name", name),
            parameters
                .Select(p => (Doc: p, Set: p.Sets.FirstOrDefault(s => s.ParameterSetName == set) ?? p.Sets.FirstOrDefault(s => s.ParameterSetName == ParameterAttribute.AllParameterSets)))
                .Where(x => x.Set != null)
                .OrderBy(x => x.Set!.Position < 0 ? int.MaxValue : x.Set.Position)
                .Select(x => Parameter(x.Doc, x.Set!, doc)));

    private static XElement Parameter(ParameterDoc p, ParameterAttribute set, HelpDocument doc)
    {
        var pipeline = (set.ValueFromPipeline, set.ValueFromPipelineByPropertyName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };
        var element = new XElement(Cmd + "parameter",
            new XAttribute("required", set.Mandatory ? "true" : "false"),
            new XAttribute("variableLength", p.Type.IsArray ? "true" : "false"),
            new XAttribute("globbing", "false"),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", set.Position >= 0 ? set.Position.ToString() : "named"),
            new XAttribute("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases)),
            new XElement(M + "name", p.Name),
            new XElement(M + "description", Paras(doc.Parameters.TryGetValue(p.Name, out var text) ? text : new List<string>())));
        if (!p.IsSwitch) element.Add(new XElement(Cmd + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", p.Type.IsArray ? "true" : "false"), FriendlyName(p.Type)));
        // The default comes from the parameter's "Default value:" line in docs/help: a cmdlet's
        // initializer is not visible to reflection without creating the cmdlet, and some defaults
        // ("the agent's") are not values at all.
        element.Add(TypeElement(FriendlyName(p.Type)), new XElement(Dev + "defaultValue", doc.Defaults.TryGetValue(p.Name, out var value) ? value : "None"));
        return element;
    }

    private static XElement TypeElement(string name) => new(Dev + "type", new XElement(M + "name", name), new XElement(M + "uri"));

    private static IEnumerable<XElement> Paras(IEnumerable<string> paragraphs) =>
        paragraphs.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => new XElement(M + "para", p));

    private static string FriendlyName(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsArray ? FriendlyName(underlying.GetElementType()!) + "[]" : underlying.Name;
    }
}
