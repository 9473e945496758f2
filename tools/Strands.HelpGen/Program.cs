using System.Management.Automation;
using System.Reflection;
using System.Xml.Linq;
using Strands.HelpGen;

// Usage: Strands.HelpGen <module dll> <docs/help folder> <output culture folder>
// Writes <dll name>-Help.xml (MAML) from the cmdlets' metadata plus the markdown, and
// about_*.help.txt from about_*.md. Gaps (an undocumented cmdlet, parameter or example) are
// MSBuild warnings rather than errors, so a colleague's new parameter never breaks the build;
// the help tests fail on them instead.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Strands.HelpGen <module.dll> <docs/help> <output folder>");
    return 2;
}

var (dllPath, docs, output) = (Path.GetFullPath(args[0]), Path.GetFullPath(args[1]), Path.GetFullPath(args[2]));
Directory.CreateDirectory(output);
var problems = new List<string>();
// The module keeps Strands.Core and third-party dlls in Dependencies/, beside the cmdlet assembly.
var dependencies = Path.Combine(Path.GetDirectoryName(dllPath)!, "Dependencies");
AppDomain.CurrentDomain.AssemblyResolve += (_, e) =>
    Path.Combine(dependencies, new AssemblyName(e.Name).Name + ".dll") is var candidate && File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
var assembly = Assembly.LoadFrom(dllPath);
var cmdlets = assembly.GetExportedTypes()
    .Select(t => (Type: t, Attribute: t.GetCustomAttribute<CmdletAttribute>()))
    .Where(c => c.Attribute != null)
    .OrderBy(c => c.Attribute!.VerbName + "-" + c.Attribute.NounName, StringComparer.Ordinal)
    .ToList();

var commands = new List<XElement>();
foreach (var (type, attribute) in cmdlets)
{
    var name = attribute!.VerbName + "-" + attribute.NounName;
    var file = Path.Combine(docs, name + ".md");
    if (!File.Exists(file)) { problems.Add($"{file}: warning HELP001: cmdlet {name} has no help file."); continue; }
    var doc = HelpDocument.Parse(file);
    var parameters = Maml.ParametersOf(type, attribute);
    foreach (var p in parameters.Where(p => !doc.Parameters.TryGetValue(p.Name, out var text) || text.Count == 0))
        problems.Add($"{file}: warning HELP002: parameter -{p.Name} of {name} is not documented.");
    foreach (var stale in doc.Parameters.Keys.Where(k => parameters.All(p => !p.Name.Equals(k, StringComparison.OrdinalIgnoreCase))))
        problems.Add($"{file}: warning HELP003: {name} has no parameter -{stale}.");
    if (doc.Examples.Count < 2) problems.Add($"{file}: warning HELP004: {name} needs at least two examples.");
    if (string.IsNullOrWhiteSpace(doc.Synopsis)) problems.Add($"{file}: warning HELP005: {name} has no synopsis.");
    commands.Add(Maml.Command(name, attribute, doc, parameters));
}

foreach (var problem in problems) Console.WriteLine(problem);

var helpFile = Path.Combine(output, Path.GetFileName(dllPath) + "-Help.xml");
new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(Maml.Msh + "helpItems", new XAttribute("schema", "maml"), commands)).Save(helpFile);
foreach (var about in Directory.GetFiles(docs, "about_*.md"))
    File.WriteAllText(Path.Combine(output, Path.GetFileNameWithoutExtension(about) + ".help.txt"), AboutText.From(File.ReadAllLines(about)));
Console.WriteLine($"Help: {commands.Count} cmdlets -> {helpFile}");
return 0;
