using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;

namespace GeoFence.Device.Sources.Posix;

/// <summary>
/// A serial line read by one dedicated thread that sleeps in poll(2) until bytes arrive. It replaces System.IO.Ports'
/// Unix stream, whose I/O loop polls with a 1 ms timeout while a read is pending (about 3 000 system calls a second,
/// most of the unit's CPU at 20 Hz). Bytes go through a bounded pipe whose reader continues on this thread, so a chunk
/// is decoded without a thread-pool hop. Hang-up or EOF ends the stream (the supervisor reopens); an error faults it.
/// </summary>
internal sealed class PosixSerialChannel : IByteChannel
{
    private const int PollTimeoutMilliseconds = 200; // how soon the thread sees a dispose; no effect on latency
    private const int ChunkSize = 4096;
    private readonly int _fd;
    private readonly string _path;
    private readonly Pipe _pipe = new(new PipeOptions(
        pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19,
        readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));

    private readonly Thread _thread;
    private volatile bool _stopping;

    private PosixSerialChannel(int fd, string path)
    {
        _fd = fd;
        _path = path;
        _thread = new Thread(ReadLoop) { IsBackground = true, Name = "serial reader" };
        _thread.Start();
    }

    /// <summary>Opens <paramref name="path"/> exclusively in raw mode at <paramref name="framing"/>.</summary>
    public static unsafe PosixSerialChannel Open(string path, SerialFraming framing)
    {
        var speed = Termios.SpeedConstant(framing.Baud)
            ?? throw new ArgumentException($"{framing.Baud} Bd is not a standard serial speed on Linux", nameof(framing));
        var fd = LibC.Open(path, LibC.ORdWr | LibC.ONoCtty | LibC.ONonBlock | LibC.OCloExec);
        if (fd < 0)
        {
            throw Failure("open", path);
        }

        try
        {
            if (LibC.Ioctl(fd, LibC.TiocExcl, 0) != 0)
            {
                throw Failure("claim", path);
            }

            Termios settings;
            if (LibC.TcGetAttr(fd, &settings) != 0)
            {
                throw Failure("read the settings of", path);
            }

            settings.MakeRaw(framing);
            if (LibC.CfSetISpeed(&settings, speed) != 0 || LibC.CfSetOSpeed(&settings, speed) != 0 || LibC.TcSetAttr(fd, LibC.TcsaNow, &settings) != 0)
            {
                throw Failure($"set {framing} on", path);
            }

            var lines = LibC.TiocMDtr | LibC.TiocMRts;
            _ = LibC.Ioctl(fd, LibC.TiocMBic, (nint)(&lines)); // DTR and RTS low, as before; a pty has no modem lines
            return new PosixSerialChannel(fd, path);
        }
        catch
        {
            _ = LibC.Close(fd);
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var reader = _pipe.Reader;
        var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var available = result.Buffer;
        if (available.IsEmpty)
        {
            reader.AdvanceTo(available.End);
            return 0; // the writer completed: hang-up or EOF
        }

        var count = (int)Math.Min(available.Length, buffer.Length);
        available.Slice(0, count).CopyTo(buffer.Span);
        reader.AdvanceTo(available.GetPosition(count));
        return count;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _stopping = true;
        _pipe.Reader.Complete(); // first: a reader thread waiting for a full pipe to drain is released
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(); // it closes the descriptor as it leaves
        }

        // else: called from a continuation running on the reader thread; its loop ends when this returns
        return ValueTask.CompletedTask;
    }

    private static IOException Failure(string what, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"can't {what} serial device {path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }

    private unsafe void ReadLoop()
    {
        var writer = _pipe.Writer;
        Exception? fault = null;
        try
        {
            while (!_stopping)
            {
                var poll = new LibC.PollFd { Fd = _fd, Events = LibC.PollIn };
                var ready = LibC.Poll(&poll, 1, PollTimeoutMilliseconds);
                if (ready < 0)
                {
                    if (Marshal.GetLastPInvokeError() == LibC.EIntr)
                    {
                        continue;
                    }

                    fault = Failure("poll", _path);
                    return;
                }

                if (ready == 0)
                {
                    continue;
                }

                if ((poll.REvents & LibC.PollIn) == 0)
                {
                    if ((poll.REvents & (LibC.PollErr | LibC.PollNval)) != 0)
                    {
                        fault = new IOException($"serial device {_path} failed (unplugged?)");
                    }

                    return; // POLLHUP alone: the line hung up, an end of stream
                }

                var memory = writer.GetMemory(ChunkSize);
                nint read;
                fixed (byte* target = memory.Span) // a stack pin, not a GCHandle per read
                {
                    read = LibC.Read(_fd, target, (nuint)memory.Length);
                }

                if (read < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno is LibC.EAgain or LibC.EIntr)
                    {
                        continue;
                    }

                    fault = new IOException($"serial device {_path} failed while reading: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
                    return;
                }

                if (read == 0)
                {
                    return; // EOF: the other end went away
                }

                writer.Advance((int)read);
                var flush = writer.FlushAsync();
                if (!flush.IsCompleted)
                {
                    flush.AsTask().GetAwaiter().GetResult(); // 1 MiB unread: the consumer is stuck; the kernel buffer takes the rest
                }
            }
        }
        finally
        {
            writer.Complete(fault); // the consumer may run (and dispose this channel) inline here
            _ = LibC.Close(_fd);
        }
    }
}
