using System.Text;

namespace GeoFence.Device.Hosting;

/// <summary>Reads the unit's device key: 32 raw bytes or 64 hex digits.</summary>
public static class DeviceKey
{
    /// <summary>Reads the key at <paramref name="path"/>; a <see cref="UnitStartupException"/> says what to do when it can't.</summary>
    public static byte[] Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UnitStartupException($"can't read the device key {path} ({ex.Message})", "Unit:DeviceKeyFile",
                "provision the unit (geofence-device provision) or check the path and permissions");
        }

        if (bytes.Length == 32)
        {
            return bytes;
        }

        var text = Encoding.ASCII.GetString(bytes).Trim();
        return text.Length == 64 && text.All(Uri.IsHexDigit)
            ? Convert.FromHexString(text)
            : throw new UnitStartupException($"device key {path} is neither 32 bytes nor 64 hex digits", "Unit:DeviceKeyFile",
                "provision 32 random bytes, e.g. geofence-device provision");
    }
}
