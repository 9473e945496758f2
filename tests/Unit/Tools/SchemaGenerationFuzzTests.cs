using System.Collections;
using System.ComponentModel;
using System.Diagnostics;
using System.Management.Automation;
using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;
using System.Text.Json;
using Strands.Tests.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace Strands.Tests.Tools;

/// <summary>
/// Seeded property tests of schema generation: random .NET classes (emitted, with random property types,
/// nesting, cycles and PowerShell validation attributes) and constructed types through
/// <c>JsonSchemaBuilder.ForType</c>, which turns -OutputSchema classes and tool parameters into JSON
/// schemas. Properties: it never throws; a class gives an object schema whose every node has a known
/// type, whose required names are all properties, whose enums are non-empty and whose bounds are ordered.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class SchemaGenerationFuzzTests
{
    private const int Seed = 0x5C_4E_3A;
    private const int PoolSize = 160;

    private static readonly string[] KnownTypes = { "string", "integer", "number", "boolean", "object", "array" };

    private static readonly Type[] Leaves =
    {
        typeof(int), typeof(long), typeof(short), typeof(byte), typeof(uint), typeof(ulong), typeof(sbyte), typeof(ushort),
        typeof(double), typeof(float), typeof(decimal), typeof(BigInteger), typeof(bool), typeof(SwitchParameter),
        typeof(string), typeof(char), typeof(Guid), typeof(Uri), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan),
        typeof(object), typeof(PSObject), typeof(Hashtable), typeof(IDictionary), typeof(DayOfWeek), typeof(ConsoleColor),
        typeof(ScriptBlock), typeof(IntPtr), typeof(Type), typeof(Exception), typeof(Stream),
    };

    private readonly ITestOutputHelper _output;

    public SchemaGenerationFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Schema_generation_survives_random_types()
    {
        var forType = LoadForType();
        var count = ToolArgumentFuzzTests.TotalCases - ToolArgumentFuzzTests.TotalCases * 3 / 4;
        var pool = EmitPool(new Random(Seed));
        var failures = new List<string>();
        var watch = Stopwatch.StartNew();
        long nodes = 0;
        for (var i = 0; i < count && failures.Count < 5; i++)
        {
            var rng = new Random(Seed + i);
            var type = rng.Next(4) == 0 ? RandomType(rng, pool, 0) : pool[rng.Next(pool.Length)];
            try
            {
                var schema = forType(type);
                if (IsClass(type))
                {
                    if (schema.GetProperty("type").GetString() != "object") failures.Add($"case {i}: {Describe(type)} gave a {schema.GetProperty("type")} schema");
                    else if (schema.GetProperty("properties").ValueKind != JsonValueKind.Object) failures.Add($"case {i}: {Describe(type)} has no properties object");
                }

                nodes += Check(schema, $"case {i} ({Describe(type)})", failures, 0);
            }
            catch (Exception ex)
            {
                failures.Add($"case {i}: {ex.GetType().Name} escaped for {Describe(type)}: {ex.Message}\n{ex.StackTrace}");
            }
        }

        _output.WriteLine($"schema generation: {count:N0} cases, {nodes:N0} schema nodes checked, {watch.Elapsed.TotalSeconds:0.00} s (seed {Seed}).");
        Assert.True(failures.Count == 0, $"schema-generation fuzz (seed {Seed}) failed:\n" + string.Join("\n", failures));
    }

    /// <summary>The module's internal builder, from the assembly Import-Module loads (the tests never reference it directly).</summary>
    private static Func<Type, JsonElement> LoadForType()
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Strands.PowerShell")
            ?? Assembly.LoadFrom(Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest)!, "Strands.PowerShell.dll"));
        var method = assembly.GetType("Strands.PowerShell.Schema.JsonSchemaBuilder", throwOnError: true)!
            .GetMethod("ForType", BindingFlags.Public | BindingFlags.Static)!;
        return method.CreateDelegate<Func<Type, JsonElement>>();
    }

    /// <summary>Walks every schema node: known types, required ⊆ properties, non-empty enums, ordered bounds. Returns the node count.</summary>
    private static int Check(JsonElement schema, string where, List<string> failures, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            failures.Add($"{where}: a schema node is a {schema.ValueKind}");
            return 1;
        }

        var count = 1;
        if (schema.TryGetProperty("type", out var type) && !KnownTypes.Contains(type.GetString()))
            failures.Add($"{where}: unknown type {type}");
        if (schema.TryGetProperty("enum", out var allowed) && (allowed.ValueKind != JsonValueKind.Array || allowed.GetArrayLength() == 0))
            failures.Add($"{where}: empty or malformed enum {allowed}");
        if (schema.TryGetProperty("minimum", out var min) && schema.TryGetProperty("maximum", out var max) && min.GetDouble() > max.GetDouble())
            failures.Add($"{where}: minimum {min} > maximum {max}");
        if (schema.TryGetProperty("minLength", out var minLength) && schema.TryGetProperty("maxLength", out var maxLength) && minLength.GetInt32() > maxLength.GetInt32())
            failures.Add($"{where}: minLength {minLength} > maxLength {maxLength}");
        if (schema.TryGetProperty("properties", out var properties))
        {
            var names = properties.EnumerateObject().Select(p => p.Name).ToHashSet();
            if (schema.TryGetProperty("required", out var required))
            {
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()).Where(n => !names.Contains(n!)))
                    failures.Add($"{where}: required '{name}' is not a property");
            }

            foreach (var property in properties.EnumerateObject()) count += Check(property.Value, where, failures, depth + 1);
        }

        if (schema.TryGetProperty("items", out var items)) count += Check(items, where, failures, depth + 1);
        return count;
    }

    private static bool IsClass(Type type) =>
        type.IsClass && !type.IsArray && !type.IsGenericType && type.Assembly.IsDynamic;

    private static string Describe(Type type) => type.IsGenericType || type.IsArray ? type.ToString() : type.Name;

    /// <summary>A constructed type around leaves and pool classes: arrays (deep ones too), lists, dictionaries, nullables.</summary>
    private static Type RandomType(Random rng, Type[] pool, int depth)
    {
        if (depth > 2 || rng.Next(3) == 0) return rng.Next(3) == 0 ? pool[rng.Next(pool.Length)] : Leaves[rng.Next(Leaves.Length)];
        switch (rng.Next(9))
        {
            case 0: return RandomType(rng, pool, depth + 1).MakeArrayType();
            case 1: return typeof(List<>).MakeGenericType(RandomType(rng, pool, depth + 1));
            case 2: return typeof(Dictionary<,>).MakeGenericType(typeof(string), RandomType(rng, pool, depth + 1));
            case 3: return typeof(IEnumerable<>).MakeGenericType(RandomType(rng, pool, depth + 1));
            case 4: return RandomType(rng, pool, depth + 1).MakeArrayType(2);
            case 5:
                var valueType = Leaves.Where(t => t.IsValueType && t != typeof(IntPtr)).ElementAt(rng.Next(20));
                return typeof(Nullable<>).MakeGenericType(valueType);
            case 6:
                // Deeply nested arrays: each level is one more level of "items".
                var deep = Leaves[rng.Next(Leaves.Length)];
                for (var n = rng.Next(1, 90); n > 0; n--) deep = deep.MakeArrayType();
                return deep;
            case 7: return typeof(HashSet<>).MakeGenericType(RandomType(rng, pool, depth + 1));
            default: return typeof(KeyValuePair<,>).MakeGenericType(typeof(string), RandomType(rng, pool, depth + 1));
        }
    }

    /// <summary>
    /// Emits <see cref="PoolSize"/> classes whose properties may be any leaf, constructed type or pool class
    /// (itself included, so cycles occur), with random validation attributes, read-only and static members.
    /// </summary>
    private static Type[] EmitPool(Random rng)
    {
        var module = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("StrandsSchemaFuzz" + Seed), AssemblyBuilderAccess.Run).DefineDynamicModule("Types");
        var builders = Enumerable.Range(0, PoolSize).Select(i => module.DefineType($"Fuzz{i}", TypeAttributes.Public | TypeAttributes.Class)).ToArray();
        for (var i = 0; i < builders.Length; i++)
        {
            var builder = builders[i];
            if (rng.Next(6) == 0) builder.SetCustomAttribute(Attribute<DescriptionAttribute>(new object[] { "Class \"" + i + "\" \u00fc" }));
            for (var p = rng.Next(0, 7); p > 0; p--)
            {
                // Few enough references to other classes that the schema of a class graph stays small
                // (each class is expanded once per path to it), enough that graphs and cycles are common.
                Type propertyType = rng.Next(16) switch
                {
                    0 => builders[rng.Next(builders.Length)],
                    1 => builder,
                    2 => typeof(List<>).MakeGenericType(builders[rng.Next(builders.Length)]),
                    3 => builders[rng.Next(builders.Length)].MakeArrayType(),
                    4 or 5 or 6 or 7 => RandomType(rng, new[] { typeof(int) }, 1),
                    _ => Leaves[rng.Next(Leaves.Length)],
                };
                AddProperty(rng, builder, "P" + p + (rng.Next(8) == 0 ? "_\u00e9" : ""), propertyType);
            }
        }

        return builders.Select(b => b.CreateType()).ToArray();
    }

    private static void AddProperty(Random rng, TypeBuilder type, string name, Type propertyType)
    {
        var isStatic = rng.Next(12) == 0;
        var field = type.DefineField("_" + name, propertyType, isStatic ? FieldAttributes.Private | FieldAttributes.Static : FieldAttributes.Private);
        var property = type.DefineProperty(name, PropertyAttributes.None, propertyType, null);
        var attributes = MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig | (isStatic ? MethodAttributes.Static : 0);
        var getter = type.DefineMethod("get_" + name, attributes, propertyType, Type.EmptyTypes);
        var il = getter.GetILGenerator();
        if (isStatic) il.Emit(OpCodes.Ldsfld, field);
        else { il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldfld, field); }
        il.Emit(OpCodes.Ret);
        property.SetGetMethod(getter);
        if (rng.Next(8) != 0)
        {
            var setter = type.DefineMethod("set_" + name, attributes, null, new[] { propertyType });
            il = setter.GetILGenerator();
            if (isStatic) { il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Stsfld, field); }
            else { il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Stfld, field); }
            il.Emit(OpCodes.Ret);
            property.SetSetMethod(setter);
        }

        for (var a = rng.Next(4); a > 0; a--) property.SetCustomAttribute(RandomAttribute(rng));
    }

    private static CustomAttributeBuilder RandomAttribute(Random rng)
    {
        switch (rng.Next(11))
        {
            case 0:
                var (min, max) = rng.Next(6) switch
                {
                    0 => ((object)rng.Next(-10, 10), (object)rng.Next(10, 100)),
                    1 => ((object)(long)rng.Next(-10, 10), (object)long.MaxValue),
                    2 => ((object)double.NegativeInfinity, (object)double.PositiveInfinity),
                    3 => ((object)-1e308, (object)double.MaxValue),
                    4 => ((object)0.5f, (object)float.MaxValue),
                    _ => ((object)(byte)1, (object)(byte)200),
                };
                return new CustomAttributeBuilder(typeof(ValidateRangeAttribute).GetConstructor(new[] { typeof(object), typeof(object) })!, new[] { min, max });
            case 1:
                var values = Enumerable.Range(0, rng.Next(1, 5)).Select(v => new[] { "a", "B", "with space", "quote\"d", "\u00fcml", "x" + v }[rng.Next(6)]).Distinct().ToArray();
                return Attribute<ValidateSetAttribute>(new object[] { values });
            case 2:
                var minLength = rng.Next(0, 5);
                return Attribute<ValidateLengthAttribute>(new object[] { minLength, minLength + rng.Next(0, 50) });
            case 3:
                var minCount = rng.Next(0, 5);
                return Attribute<ValidateCountAttribute>(new object[] { minCount, minCount + rng.Next(0, 50) });
            case 4: return Attribute<ValidatePatternAttribute>(new object[] { new[] { "^[a-z]+$", "([", "\\d{3}\"" }[rng.Next(3)] });
            case 5: return Attribute<DescriptionAttribute>(new object[] { new[] { "", " ", "A \"quoted\" description", "line\nbreak", "\u0000nul" }[rng.Next(5)] });
            case 6:
                return new CustomAttributeBuilder(typeof(ParameterAttribute).GetConstructor(Type.EmptyTypes)!, Array.Empty<object>(),
                    new[] { typeof(ParameterAttribute).GetProperty(nameof(ParameterAttribute.Mandatory))! },
                    new object[] { rng.Next(2) == 0 });
            case 7: return Attribute<ValidateNotNullAttribute>(Array.Empty<object>());
            case 8: return Attribute<ValidateNotNullOrEmptyAttribute>(Array.Empty<object>());
            case 9: return Attribute<HiddenAttribute>(Array.Empty<object>());
            default: return Attribute<ObsoleteAttribute>(Array.Empty<object>());
        }
    }

    private static CustomAttributeBuilder Attribute<T>(object[] arguments) where T : Attribute =>
        new(typeof(T).GetConstructor(arguments.Select(a => a.GetType()).ToArray())!, arguments);
}
