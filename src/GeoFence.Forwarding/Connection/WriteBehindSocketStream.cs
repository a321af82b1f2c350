using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace GeoFence.Forwarding.Connection;

/// <summary>
/// The broker socket as a stream: reads block (the session thread sleeps in recv), writes never do. A write is tried
/// once with MSG_DONTWAIT; what the kernel does not take is queued and written by a pool thread, in order, while later
/// writes queue behind it. So the pipeline thread that publishes a matured record is not held by a slow uplink or a
/// broker that stopped reading; the queue is bounded by what is in flight (the forwarder's cap) and by a hard byte limit, and a failed
/// background write shuts the socket down, which ends the session's read.
/// </summary>
internal sealed partial class WriteBehindSocketStream(Socket socket, long maxPendingBytes = WriteBehindSocketStream.DefaultMaxPendingBytes) : Stream
{
    /// <summary>Most bytes queued behind a full socket before the connection counts as failed (far above any in-flight window at the default settings).</summary>
    public const long DefaultMaxPendingBytes = 64L * 1024 * 1024;

    private const int MsgDontWait = 0x40;
    private const int MsgNoSignal = 0x4000;
    private const int EAgain = 11;
    private const int EIntr = 4;

    private readonly Lock _gate = new();
    private readonly Queue<byte[]> _pending = new();
    private bool _flushing;
    private bool _disposed;
    private Exception? _failure;

    /// <summary>Bytes waiting to be written by the background writer.</summary>
    public long PendingBytes { get; private set; }

    /// <summary>Writes that did not fit the socket at once and were queued.</summary>
    public long WritesQueued { get; private set; }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer) => socket.Receive(buffer, SocketFlags.None);

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_failure is not null)
            {
                throw new IOException("the broker connection failed while writing", _failure);
            }

            if (!_flushing)
            {
                var sent = TrySendNow(buffer);
                if (sent == buffer.Length)
                {
                    return;
                }

                buffer = buffer[sent..];
            }

            if (PendingBytes + buffer.Length > maxPendingBytes)
            {
                // Bounded: the broker has not read this much; the session fails and reconnects (the outbox keeps the records).
                throw new IOException($"more than {maxPendingBytes} bytes wait for the broker to read them");
            }

            _pending.Enqueue(buffer.ToArray());
            PendingBytes += buffer.Length;
            WritesQueued++;
            if (!_flushing)
            {
                _flushing = true;
                ThreadPool.UnsafeQueueUserWorkItem(static s => s.FlushPending(), this, preferLocal: false);
            }
        }
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                _disposed = true;
                _pending.Clear();
                PendingBytes = 0;
            }

            BrokerLink.TryShutdown(socket);
            socket.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>One non-blocking send; the count the kernel took (0 when the socket buffer is full).</summary>
    private unsafe int TrySendNow(ReadOnlySpan<byte> buffer)
    {
        var total = 0;
        fixed (byte* start = buffer)
        {
            while (total < buffer.Length)
            {
                var sent = Send(socket.SafeHandle, start + total, (nuint)(buffer.Length - total), MsgDontWait | MsgNoSignal);
                if (sent < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == EIntr)
                    {
                        continue;
                    }

                    if (errno == EAgain)
                    {
                        return total;
                    }

                    throw new IOException($"send to the broker failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
                }

                total += (int)sent;
            }
        }

        return total;
    }

    /// <summary>The background writer: blocking sends of the queue, in order, until it is empty.</summary>
    private void FlushPending()
    {
        while (true)
        {
            byte[] next;
            lock (_gate)
            {
                if (_pending.Count == 0 || _disposed)
                {
                    _flushing = false;
                    return;
                }

                next = _pending.Peek();
            }

            try
            {
                var sent = 0;
                while (sent < next.Length)
                {
                    sent += socket.Send(next.AsSpan(sent), SocketFlags.None);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                lock (_gate)
                {
                    _failure = e;
                    _pending.Clear();
                    PendingBytes = 0;
                    _flushing = false;
                }

                BrokerLink.TryShutdown(socket); // the session's blocked read ends, and with it the connection
                return;
            }

            lock (_gate)
            {
                if (_pending.Count > 0 && ReferenceEquals(_pending.Peek(), next))
                {
                    _pending.Dequeue();
                    PendingBytes -= next.Length;
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static unsafe partial nint Send(SafeSocketHandle socket, byte* buffer, nuint length, int flags);
}
