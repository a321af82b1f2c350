using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GeoFence.Gnss.Tests.Support;

/// <summary>
/// One read-write page between two pages that cannot be read (Linux mmap/mprotect): bytes placed at the end of the
/// page are followed by memory whose read kills the process, so a read past them cannot pass unnoticed.
/// </summary>
internal sealed partial class GuardedMemory : IDisposable
{
    private const int ProtNone = 0;
    private const int ProtReadWrite = 3;
    private const int MapPrivateAnonymous = 0x02 | 0x20;

    private readonly nint _mapping;
    private readonly int _page;

    /// <summary>Maps the three pages.</summary>
    public GuardedMemory()
    {
        _page = Environment.SystemPageSize;
        _mapping = Mmap(0, (nuint)(3 * _page), ProtReadWrite, MapPrivateAnonymous, -1, 0);
        if (_mapping == -1 || Mprotect(_mapping, (nuint)_page, ProtNone) != 0 || Mprotect(_mapping + (2 * _page), (nuint)_page, ProtNone) != 0)
        {
            throw new InvalidOperationException("mmap/mprotect failed");
        }
    }

    /// <summary>True where the guard pages can be made (Linux).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Copies <paramref name="bytes"/> to the end of the readable page and returns them there.</summary>
    public ReadOnlySpan<byte> AtEnd(ReadOnlySpan<byte> bytes)
    {
        var start = _mapping + (2 * _page) - bytes.Length;
        var target = MemoryMarshal.CreateSpan(ref Unsafe.AddByteOffset(ref Unsafe.NullRef<byte>(), start), bytes.Length);
        bytes.CopyTo(target);
        return target;
    }

    /// <inheritdoc/>
    public void Dispose() => _ = Munmap(_mapping, (nuint)(3 * _page));

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static partial int Mprotect(nint address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static partial int Munmap(nint address, nuint length);
}
