using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;

namespace GeoFence.Device.Sources.Posix;

/// <summary>
/// A serial line read by one dedicated thread that sleeps in poll(2) until bytes arrive. It replaces System.IO.Ports'
/// Unix stream, whose I/O loop polls with a 1 ms timeout while a read is pending (about 3 000 system calls a second,
/// most of the unit's CPU at 20 Hz). The thread starts with the first use: <see cref="PushAsync"/> (the unit's intake)
/// hands each chunk to the consumer on this thread, nothing in between; <see cref="ReadAsync"/> (probe, selftest) reads
/// through a bounded pipe whose reader continues on this thread. Hang-up or EOF ends the stream (the supervisor
/// reopens); an error faults it.
/// </summary>
internal sealed class PosixSerialChannel : IPushingByteChannel
{
    private const int NotStarted = 0;
    private const int Pulling = 1;
    private const int Pushing = 2;
    private const int PollTimeoutMilliseconds = 200; // how soon the thread sees a dispose; no effect on latency
    private const int ChunkSize = 4096;
    private readonly int _fd;
    private readonly string _path;
    private readonly Pipe _pipe = new(new PipeOptions(
        pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19,
        readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));

    private readonly Thread _thread;
    private readonly TaskCompletionSource _pushEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action<ReadOnlyMemory<byte>>? _onChunk;
    private CancellationToken _pushCancellation;
    private int _mode;
    private volatile bool _stopping;

    private PosixSerialChannel(int fd, string path)
    {
        _fd = fd;
        _path = path;
        _thread = new Thread(ReadLoop) { IsBackground = true, Name = "serial reader" };
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
    public bool CanPush => Volatile.Read(ref _mode) == NotStarted;

    /// <inheritdoc/>
    public Task PushAsync(Action<ReadOnlyMemory<byte>> onChunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onChunk);
        Claim(Pushing); // first: a refused second push must not touch the running one
        _onChunk = onChunk;
        _pushCancellation = cancellationToken;
        _thread.Start();
        return _pushEnded.Task;
    }

    /// <inheritdoc/>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _mode) != Pulling)
        {
            Claim(Pulling);
            _thread.Start();
        }

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
        if (Interlocked.CompareExchange(ref _mode, Pulling, NotStarted) == NotStarted)
        {
            _ = LibC.Close(_fd); // never read
            return ValueTask.CompletedTask;
        }

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

    /// <summary>Takes the channel for one way of reading; the caller then starts the thread.</summary>
    private void Claim(int mode)
    {
        if (Interlocked.CompareExchange(ref _mode, mode, NotStarted) != NotStarted)
        {
            throw new InvalidOperationException($"serial channel {_path} is already being read");
        }
    }

    private unsafe void ReadLoop()
    {
        var pushing = _mode == Pushing;
        var writer = _pipe.Writer;
        var chunk = pushing ? new byte[ChunkSize] : null;
        Exception? fault = null;
        var cancelled = false;
        try
        {
            while (!_stopping)
            {
                if (pushing && _pushCancellation.IsCancellationRequested)
                {
                    cancelled = true;
                    return;
                }

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

                var memory = chunk ?? writer.GetMemory(ChunkSize);
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

                if (chunk is not null)
                {
                    _onChunk!(chunk.AsMemory(0, (int)read));
                    continue;
                }

                writer.Advance((int)read);
                var flush = writer.FlushAsync();
                if (!flush.IsCompleted)
                {
                    flush.AsTask().GetAwaiter().GetResult(); // 1 MiB unread: the consumer is stuck; the kernel buffer takes the rest
                }
            }
        }
        catch (Exception e) when (pushing)
        {
            fault = e; // the consumer's own failure ends the push as a fault, as an exception out of a read would
        }
        finally
        {
            _ = LibC.Close(_fd);
            if (!pushing)
            {
                writer.Complete(fault); // the consumer may run (and dispose this channel) inline here
            }
            else if (fault is not null)
            {
                _pushEnded.TrySetException(fault);
            }
            else if (cancelled)
            {
                _pushEnded.TrySetCanceled(_pushCancellation);
            }
            else
            {
                _pushEnded.TrySetResult();
            }
        }
    }
}
