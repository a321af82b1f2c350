using System.Diagnostics;
using System.Runtime.InteropServices;

namespace GeoFence.Forwarding.Threading;

/// <summary>
/// An auto-reset signal for one sleeping thread, on a Linux futex word. .NET's AutoResetEvent goes through the runtime's
/// wait subsystem on Linux: the setter signals a condition variable while it holds the sleeper's mutex, so the sleeper
/// wakes into a contended mutex (strace of the pipeline thread: a FUTEX_WAIT and a FUTEX_WAKE on that mutex per
/// hand-over, besides the condition variable's own). Here a set is an atomic exchange plus one FUTEX_WAKE only while the
/// owner sleeps, and a wait is one FUTEX_WAIT.
/// </summary>
internal sealed unsafe partial class FutexSignal
{
    private const int Clear = 0;
    private const int Signalled = 1;
    private const int Sleeping = 2;
    private const int FutexWaitPrivate = 128;
    private const int FutexWakePrivate = 129;

    // pinned, and alive as long as anyone can still call Set: the kernel keys the futex on its address
    private readonly int[] _word = GC.AllocateArray<int>(1, pinned: true);

    /// <summary>True on Linux on the architectures whose futex system call number is known here (x64, arm64, arm).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && SystemCallNumber != 0;

    private static nint SystemCallNumber => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 202,
        Architecture.Arm64 => 98,
        Architecture.Arm => 240,
        _ => 0,
    };

    /// <summary>Ends the current wait, or the next one at once if none is in progress.</summary>
    public void Set()
    {
        if (Interlocked.Exchange(ref _word[0], Signalled) == Sleeping)
        {
            fixed (int* word = &_word[0])
            {
                _ = Futex(SystemCallNumber, word, FutexWakePrivate, 1, null, 0, 0);
            }
        }
    }

    /// <summary>Returns when set (consuming it) or once <paramref name="timeoutMilliseconds"/> have passed (-1: no timeout).</summary>
    public void Wait(int timeoutMilliseconds)
    {
        // Stopwatch, not Environment.TickCount64: that is CLOCK_MONOTONIC_COARSE (4 ms steps here), a late re-sleep
        var deadline = timeoutMilliseconds < 0 ? long.MaxValue : Stopwatch.GetTimestamp() + (timeoutMilliseconds * Stopwatch.Frequency / 1000);
        while (true)
        {
            if (Interlocked.Exchange(ref _word[0], Clear) == Signalled)
            {
                return;
            }

            var remaining = -1L;
            if (deadline != long.MaxValue)
            {
                var ticks = deadline - Stopwatch.GetTimestamp();
                if (ticks <= 0)
                {
                    return;
                }

                remaining = (long)Math.Ceiling(ticks * 1000.0 / Stopwatch.Frequency);
            }

            if (Interlocked.CompareExchange(ref _word[0], Sleeping, Clear) != Clear)
            {
                continue; // set meanwhile: the next round consumes it
            }

            Sleep(remaining);
        }
    }

    private void Sleep(long milliseconds)
    {
        var timeout = new Timespec { Seconds = (nint)(milliseconds / 1000), Nanoseconds = (nint)(milliseconds % 1000 * 1_000_000) };
        fixed (int* word = &_word[0])
        {
            // returns on a wake, at the timeout, on a signal, or at once if the word is no longer Sleeping (a set came first)
            _ = Futex(SystemCallNumber, word, FutexWaitPrivate, Sleeping, milliseconds < 0 ? null : &timeout, 0, 0);
        }
    }

    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial nint Futex(nint number, int* word, int operation, int value, Timespec* timeout, nint word2, int value3);

    /// <summary>struct timespec as the futex system call takes it (long-sized fields: 64-bit on x64/arm64, 32-bit on arm).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }
}
