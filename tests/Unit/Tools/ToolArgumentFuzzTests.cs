using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strands.Tools;
using Strands.Types;
using Xunit;
using Xunit.Abstractions;

namespace Strands.Tests.Tools;

/// <summary>
/// Seeded property tests of tool-argument binding: random schemas (well-formed, and hostile ones as a
/// user's -OutputSchema hashtable can be) against values built to conform, their mutations and random
/// JSON. Properties: <see cref="JsonSchemaValidator"/> and <see cref="ToolExecutor"/> never throw; a
/// conforming value validates and runs the tool with exactly those arguments; a tool runs only with a
/// JSON object its schema accepts, and every refusal is an error result for the model.
/// Case i uses seed <c>Seed + i</c> (no per-process hash randomization), so a reported case replays alone.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class ToolArgumentFuzzTests
{
    private const int Seed = 0x70_01_A2;

    // 75% of the shared fuzz budget; SchemaGenerationFuzzTests takes the rest.
    internal static readonly int TotalCases =
        int.TryParse(Environment.GetEnvironmentVariable("STRANDS_FUZZ_CASES"), out var cases) && cases > 0 ? cases : 100_000;

    private static readonly string[] Names = { "a", "name", "path", "count", "", "with space", "ünïcode", "$ref", "__proto__", "a.b", "items" };

    // Patterns with a value known to match; "([" does not compile and is treated as matching anything.
    private static readonly (string Pattern, string Sample)[] Patterns = { ("^[a-z]+$", "abc"), ("^\\d{3}$", "123"), ("x", "axb"), ("([", "anything") };

    // Kinds no value of another can match (only a string schema may also take null).
    private static readonly string[] DisjointKinds = { "string", "boolean", "object", "array" };

    private readonly ITestOutputHelper _output;

    public ToolArgumentFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Argument_binding_survives_random_schemas_and_values()
    {
        var count = TotalCases * 3 / 4;
        var failures = new List<string>();
        var watch = Stopwatch.StartNew();
        int ran = 0, refused = 0;
        for (var i = 0; i < count && failures.Count < 5; i++)
        {
            var rng = new Random(Seed + i);
            string? schemaText = null, argsText = null;
            try
            {
                var hostile = rng.Next(10) == 0;
                var wellFormed = hostile ? null : RandomSchema(rng, 0, root: true);
                schemaText = (wellFormed ?? HostileSchema(rng, 0)).ToJsonString();
                using var schemaDoc = JsonDocument.Parse(schemaText);
                var schema = schemaDoc.RootElement;

                var conforming = wellFormed == null ? null : Conforming(rng, wellFormed);
                argsText = rng.Next(4) switch
                {
                    0 when conforming != null => conforming.ToJsonString(),
                    1 when conforming != null => Mutate(rng, conforming.ToJsonString()),
                    2 => Text(RandomJson(rng, 0)),
                    _ => Mutate(rng, Text(RandomJson(rng, 0))),
                };

                if (conforming != null && argsText == conforming.ToJsonString())
                {
                    using var value = JsonDocument.Parse(argsText);
                    var problems = JsonSchemaValidator.Validate(value.RootElement, schema);
                    if (problems.Count > 0) failures.Add($"case {i}: a conforming value was refused: {string.Join("; ", problems)}");
                }

                var (outcome, received) = Execute(schema, argsText);
                if (received is JsonElement args)
                {
                    ran++;
                    if (args.ValueKind != JsonValueKind.Object) failures.Add($"case {i}: the tool ran with a {args.ValueKind}");
                    else if (JsonSchemaValidator.Validate(args, schema).Count > 0) failures.Add($"case {i}: the tool ran with arguments its schema refuses");
                    if (outcome.Status != ToolResultStatus.Success) failures.Add($"case {i}: the tool ran but the result is {outcome.Status}");
                }
                else
                {
                    refused++;
                    if (outcome.Status != ToolResultStatus.Error || !outcome.ToText().StartsWith("Error:", StringComparison.Ordinal))
                        failures.Add($"case {i}: refused without an error result: {outcome.ToText()}");
                    if (conforming != null && argsText == conforming.ToJsonString())
                        failures.Add($"case {i}: a conforming value did not run the tool: {outcome.ToText()}");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"case {i}: {ex.GetType().Name} escaped: {ex.Message}\n  schema {schemaText}\n  args {argsText}\n{ex.StackTrace}");
            }
        }

        _output.WriteLine($"tool arguments: {count:N0} cases, {ran:N0} ran, {refused:N0} refused, {watch.Elapsed.TotalSeconds:0.00} s (seed {Seed}).");
        Assert.True(failures.Count == 0, $"tool-argument fuzz (seed {Seed}) failed:\n" + string.Join("\n", failures));
    }

    private static (ToolResultBlock Result, JsonElement? Received) Execute(JsonElement schema, string argsText)
    {
        var tool = new RecordingTool(new ToolSpec("probe", "Records its arguments.", schema));
        var executor = new ToolExecutor(new ToolRegistry(new[] { tool }));
        var use = new ToolUseBlock("call_1", "probe", default, argsText);
        // The recording tool completes synchronously, so blocking costs nothing and keeps the loop fast.
        var (result, _) = executor.ExecuteAsync(use, CancellationToken.None).GetAwaiter().GetResult();
        return (result, tool.Received);
    }

    private sealed class RecordingTool(ToolSpec spec) : ITool
    {
        public ToolSpec Spec { get; } = spec;

        public JsonElement? Received { get; private set; }

        public Task<ToolOutput> InvokeAsync(ToolCall call, CancellationToken cancellationToken)
        {
            Received = call.Arguments.Clone();
            return Task.FromResult(ToolOutput.Text("ok"));
        }
    }

    /// <summary>A schema in the subset our builders emit and the validator documents.</summary>
    private static JsonObject RandomSchema(Random rng, int depth, bool root = false, string? kind = null)
    {
        var schema = new JsonObject();
        kind ??= root ? "object" : (depth >= 3 ? rng.Next(4) : rng.Next(9)) switch
        {
            0 => "string",
            1 => "integer",
            2 => "number",
            3 => "boolean",
            4 => "object",
            5 => "array",
            6 => "enum",
            7 => "anyOf",
            _ => "any",
        };
        switch (kind)
        {
            case "string":
                schema["type"] = rng.Next(5) == 0 ? new JsonArray("string", "null") : "string";
                if (rng.Next(3) == 0)
                {
                    var min = rng.Next(4);
                    schema["minLength"] = min;
                    if (rng.Next(2) == 0) schema["maxLength"] = min + rng.Next(6);
                }
                else if (rng.Next(4) == 0) schema["pattern"] = Patterns[rng.Next(Patterns.Length)].Pattern;
                else if (rng.Next(6) == 0) schema["format"] = "date-time";
                break;
            case "integer":
            case "number":
                schema["type"] = kind;
                if (rng.Next(2) == 0)
                {
                    var min = rng.Next(-100, 100);
                    schema["minimum"] = min;
                    if (rng.Next(2) == 0) schema["maximum"] = min + rng.Next(200);
                }
                if (rng.Next(6) == 0) schema["nullable"] = true;
                break;
            case "boolean":
                schema["type"] = "boolean";
                break;
            case "object":
                schema["type"] = "object";
                var properties = new JsonObject();
                var required = new JsonArray();
                foreach (var name in Names.OrderBy(_ => rng.Next()).Take(rng.Next(root ? 5 : 4)))
                {
                    properties[name] = RandomSchema(rng, depth + 1);
                    if (rng.Next(2) == 0) required.Add(name);
                }
                schema["properties"] = properties;
                schema["required"] = required;
                var closed = rng.Next(3);
                if (closed == 0) schema["additionalProperties"] = false;
                else if (closed == 1 && depth < 3) schema["additionalProperties"] = RandomSchema(rng, depth + 1);
                break;
            case "array":
                schema["type"] = "array";
                schema["items"] = RandomSchema(rng, depth + 1);
                if (rng.Next(3) == 0)
                {
                    var min = rng.Next(3);
                    schema["minItems"] = min;
                    if (rng.Next(2) == 0) schema["maxItems"] = min + rng.Next(4);
                }
                break;
            case "enum":
                schema["enum"] = new JsonArray(Enumerable.Range(0, rng.Next(1, 4)).Select(_ => RandomScalar(rng)).ToArray());
                break;
            case "anyOf" when rng.Next(2) == 0:
                schema["anyOf"] = new JsonArray(RandomSchema(rng, depth + 1), RandomSchema(rng, depth + 1));
                break;
            case "anyOf":
                // oneOf needs exactly one branch to match, so its branches take disjoint JSON types:
                // a value built for one branch can then never match the other.
                var kinds = DisjointKinds.OrderBy(_ => rng.Next()).Take(2).ToArray();
                schema["oneOf"] = new JsonArray(RandomSchema(rng, depth + 1, kind: kinds[0]), RandomSchema(rng, depth + 1, kind: kinds[1]));
                break;
        }

        if (rng.Next(4) == 0) schema["description"] = "A field.";
        return schema;
    }

    /// <summary>Keywords of the wrong JSON type, in the places a hand-written schema hashtable could put them.</summary>
    private static JsonNode HostileSchema(Random rng, int depth)
    {
        if (depth > 0 && rng.Next(5) == 0) return RandomJson(rng, 2)!;
        var schema = new JsonObject();
        var keywords = new[] { "type", "properties", "required", "additionalProperties", "items", "enum", "const", "minimum", "maximum",
            "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "format", "minItems", "maxItems", "anyOf", "oneOf", "nullable" };
        foreach (var keyword in keywords.OrderBy(_ => rng.Next()).Take(rng.Next(1, 7)))
        {
            schema[keyword] = rng.Next(4) switch
            {
                0 when depth < 3 => keyword is "properties" ? new JsonObject { ["a"] = HostileSchema(rng, depth + 1), ["b"] = HostileSchema(rng, depth + 1) }
                    : keyword is "anyOf" or "oneOf" ? new JsonArray(HostileSchema(rng, depth + 1), HostileSchema(rng, depth + 1))
                    : HostileSchema(rng, depth + 1),
                1 => new JsonArray(RandomScalar(rng), RandomScalar(rng)),
                _ => RandomScalar(rng),
            };
        }

        return schema;
    }

    /// <summary>A value the well-formed <paramref name="schema"/> accepts, or null when the generator cannot be sure of one.</summary>
    private static JsonNode? Conforming(Random rng, JsonObject schema)
    {
        if (schema["enum"] is JsonArray allowed) return allowed[rng.Next(allowed.Count)]?.DeepClone();
        if (schema["anyOf"] is JsonArray any) return Conforming(rng, (JsonObject)any[rng.Next(any.Count)]!);
        if (schema["oneOf"] is JsonArray one) return Conforming(rng, (JsonObject)one[rng.Next(one.Count)]!);
        var type = schema["type"] is JsonArray types ? (rng.Next(3) == 0 ? "null" : "string") : (string?)schema["type"];
        switch (type)
        {
            case "null":
                return null;
            case "string":
                if (schema["pattern"] is JsonNode pattern) return Patterns.First(p => p.Pattern == (string?)pattern).Sample;
                if (schema["format"] is not null) return DateTimeOffset.UnixEpoch.AddSeconds(rng.Next()).ToString("O", CultureInfo.InvariantCulture);
                var min = (int?)schema["minLength"] ?? 0;
                var max = (int?)schema["maxLength"] ?? min + 8;
                return new string((char)('a' + rng.Next(26)), rng.Next(min, max + 1));
            case "integer":
            case "number":
                var low = Number(schema["minimum"]) ?? -1e6;
                var high = Number(schema["maximum"]) ?? 1e6;
                var n = low + (high - low) * rng.NextDouble();
                return type == "integer" ? JsonValue.Create((long)Math.Clamp(Math.Round(n), Math.Ceiling(low), Math.Floor(high))) : JsonValue.Create(n);
            case "boolean":
                return rng.Next(2) == 0;
            case "array":
                var minItems = (int?)schema["minItems"] ?? 0;
                var maxItems = (int?)schema["maxItems"] ?? minItems + 3;
                var items = (JsonObject)schema["items"]!;
                return new JsonArray(Enumerable.Range(0, rng.Next(minItems, maxItems + 1)).Select(_ => Conforming(rng, items)).ToArray());
            case "object":
                var value = new JsonObject();
                var required = ((JsonArray?)schema["required"])?.Select(r => (string)r!).ToHashSet() ?? new HashSet<string>();
                foreach (var (name, propertySchema) in (JsonObject)schema["properties"]!)
                {
                    if (required.Contains(name) || rng.Next(2) == 0) value[name] = Conforming(rng, (JsonObject)propertySchema!);
                }
                return value;
            default:
                return RandomJson(rng, 2);
        }
    }

    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static double? Number(JsonNode? node) => node == null ? null : double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    private static JsonNode? RandomJson(Random rng, int depth) => (depth >= 4 ? rng.Next(5) : rng.Next(8)) switch
    {
        0 or 1 or 2 or 3 => RandomScalar(rng),
        4 => null,
        5 => new JsonArray(Enumerable.Range(0, rng.Next(4)).Select(_ => RandomJson(rng, depth + 1)).ToArray()),
        _ => RandomObject(rng, depth),
    };

    private static JsonObject RandomObject(Random rng, int depth)
    {
        var o = new JsonObject();
        foreach (var name in Names.OrderBy(_ => rng.Next()).Take(rng.Next(5))) o[name] = RandomJson(rng, depth + 1);
        return o;
    }

    private static JsonNode? RandomScalar(Random rng) => rng.Next(9) switch
    {
        0 => rng.Next(-5, 200),
        1 => rng.NextDouble() * 1e3 - 500,
        2 => rng.Next(2) == 0,
        3 => "",
        4 => "abc",
        5 => "2026-12-01T00:00:00Z",
        6 => JsonValue.Create(long.MaxValue),
        7 => null,
        _ => "ü\uD83D\uDE00x",
    };

    private const string MutationAlphabet = "{}[]\":,0-e.tfn\\ ";

    // Text-level damage plus the number spellings that break naive readers (overflow, exponent, -0).
    private static string Mutate(Random rng, string text)
    {
        var s = new StringBuilder(text);
        for (var m = rng.Next(1, 4); m > 0; m--)
        {
            var at = rng.Next(s.Length + 1);
            switch (rng.Next(7))
            {
                case 0 when at < s.Length: s.Remove(at, 1); break;
                case 1: s.Insert(at, MutationAlphabet[rng.Next(MutationAlphabet.Length)]); break;
                case 2: s.Length = at; break;
                case 3: s.Insert(at, new[] { "1e400", "-1e400", "1E+308", "-0", "0.0000001e-400", "18446744073709551616", "1.5" }[rng.Next(7)]); break;
                case 4: s.Insert(at, new string('[', rng.Next(60, 80))); break;
                case 5 when s.Length > 0 && s[0] == '{': s.Insert(1, "\"a\":1e400,"); break;
                default: s.Insert(at, "\"\\ud800\""); break;
            }
        }

        return s.ToString();
    }
}
