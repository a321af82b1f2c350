namespace GeoFence.Device.IntegrationTests.Infrastructure;

/// <summary>The gpsd captures copied into tests/data/gpsd (BSD-2-Clause, see COPYING.gpsd there).</summary>
public static class Corpus
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "data", "gpsd");

    public static string PathOf(string name) => Path.Combine(Directory, name);

    public static byte[] Read(string name) => File.ReadAllBytes(PathOf(name));
}
