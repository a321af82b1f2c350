namespace GeoFence.Device.IntegrationTests.NativeAot;

/// <summary>
/// A fact about the published NativeAOT executable. Skipped (reported as skipped, never as passed) unless
/// <see cref="NativeAotExecutable.Variable"/> names one; build.cake's Test target publishes it and sets the variable.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NativeAotFactAttribute : FactAttribute
{
    public NativeAotFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(NativeAotExecutable.Variable)))
        {
            Skip = $"{NativeAotExecutable.Variable} is not set (dotnet cake --target=Test publishes the NativeAOT build and sets it; --aot=false does not)";
        }
    }
}
