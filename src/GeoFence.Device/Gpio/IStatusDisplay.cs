namespace GeoFence.Device.Gpio;

/// <summary>A small text display (e.g. an SSD1306 on I2C): the seam between the status text and the hardware.</summary>
public interface IStatusDisplay
{
    /// <summary>Shows <paramref name="lines"/>, each at most <see cref="StatusDisplayText.Width"/> characters.</summary>
    void Show(IReadOnlyList<string> lines);
}
