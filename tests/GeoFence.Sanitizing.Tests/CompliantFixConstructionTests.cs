using System.Reflection;
using GeoFence.Sanitizing.Output;

namespace GeoFence.Sanitizing.Tests;

public sealed class CompliantFixConstructionTests
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    [Fact]
    public void No_public_way_to_construct_a_CompliantFix()
    {
        var type = typeof(CompliantFix);
        Assert.True(type.IsClass && type.IsSealed, "a sealed class (a struct always has a public default constructor)");
        Assert.Empty(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
        Assert.All(type.GetConstructors(Everything), c => Assert.True(c.IsAssembly, $"{c} must be internal"));
        Assert.Null(type.GetMethod("<Clone>$", Everything)); // not a record: no `with`
        Assert.False(typeof(ICloneable).IsAssignableFrom(type));
        Assert.All(type.GetProperties(), p => Assert.Null(p.SetMethod));
        Assert.Empty(type.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static));
    }

    [Fact]
    public void No_public_member_anywhere_hands_out_a_single_CompliantFix_from_outside_input()
    {
        foreach (var type in typeof(CompliantFix).Assembly.GetExportedTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                Assert.False(method.ReturnType == typeof(CompliantFix), $"{type.Name}.{method.Name} returns a CompliantFix");
                Assert.DoesNotContain(method.GetParameters(), p => p.IsOut && p.ParameterType.GetElementType() == typeof(CompliantFix));
            }
        }
    }

    [Fact]
    public void Only_the_sanitiser_returns_collections_of_them()
    {
        var producers = typeof(CompliantFix).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType.IsGenericType && m.ReturnType.GetGenericArguments().Contains(typeof(CompliantFix)))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .Distinct() // overloads: Process with and without the arrival time
            .Order()
            .ToArray();
        Assert.Equal(["Sanitizer.Process", "Sanitizer.Pump"], producers);
    }
}
