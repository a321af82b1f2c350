using System.Globalization;
using System.Runtime.InteropServices;

namespace GeoFence.Device.Cli.Selftest;

/// <summary>
/// File owners and user ids on Linux, which .NET does not expose: <c>statx(2)</c> (its struct has one layout on every
/// architecture, so arm, arm64 and x64 read the owner at the same offset), <c>geteuid(2)</c> and <c>/etc/passwd</c>.
/// </summary>
internal static partial class UnixOwnership
{
    private const int AtFdCwd = -100;
    private const uint StatxUid = 0x0008;

    /// <summary>The uid owning <paramref name="path"/>, or null when it cannot be read (missing file, not Linux).</summary>
    public static uint? OwnerOf(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new StatxBuffer();
        return NativeMethods.Statx(AtFdCwd, path, 0, StatxUid, ref buffer) == 0 && (buffer.Mask & StatxUid) != 0 ? buffer.Uid : null;
    }

    /// <summary>The effective uid of this process (null when not on Linux).</summary>
    public static uint? EffectiveUid() => OperatingSystem.IsLinux() ? NativeMethods.Geteuid() : null;

    /// <summary>The uid of <paramref name="user"/> from <paramref name="passwd"/> (default /etc/passwd), or null.</summary>
    public static uint? UidOf(string user, string passwd = "/etc/passwd")
    {
        try
        {
            foreach (var line in File.ReadLines(passwd))
            {
                var fields = line.Split(':');
                if (fields.Length > 2 && fields[0] == user && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
                {
                    return uid;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }

    /// <summary>The name of <paramref name="uid"/> from /etc/passwd, or the number.</summary>
    public static string NameOf(uint uid, string passwd = "/etc/passwd")
    {
        try
        {
            foreach (var line in File.ReadLines(passwd))
            {
                var fields = line.Split(':');
                if (fields.Length > 2 && fields[2] == uid.ToString(CultureInfo.InvariantCulture))
                {
                    return fields[0];
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Fall back to the number.
        }

        return uid.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The first fields of <c>struct statx</c>; the kernel writes 256 bytes.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct StatxBuffer
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint Links;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, ref StatxBuffer buffer);

        [DllImport("libc", EntryPoint = "geteuid")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern uint Geteuid();
    }
}
