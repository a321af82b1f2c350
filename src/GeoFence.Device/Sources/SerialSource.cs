using System.IO.Ports;
using GeoFence.Device.Sources.Posix;

namespace GeoFence.Device.Sources;

/// <summary>A receiver on a serial port (UART, USB CDC, or a pty in tests), fixed speed or auto-baud.</summary>
public sealed class SerialSource : IByteSource
{
    private readonly string _path;
    private readonly SerialFraming? _fixed;
    private readonly ILinkProbe? _probe;
    private SerialFraming? _locked;

    /// <summary>Creates a source at a fixed framing, or auto-baud (framing null) verified by <paramref name="probe"/>.</summary>
    public SerialSource(string path, SerialFraming? framing, ILinkProbe? probe = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (framing is null && probe is null)
        {
            throw new ArgumentException("auto-baud needs a link probe", nameof(probe));
        }

        _path = path;
        _fixed = framing;
        _probe = probe;
    }

    /// <inheritdoc/>
    public string Name => $"serial {_path} @ {(_fixed ?? _locked)?.ToString() ?? "auto"}";

    /// <inheritdoc/>
    public bool EndIsFinal => false;

    /// <summary>The framing auto-baud settled on, if any.</summary>
    public SerialFraming? LockedFraming => _locked;

    /// <summary>True when the path is (a link to) a pseudo-terminal, where speed means nothing and hunting is skipped.</summary>
    public static bool IsPseudoTerminal(string path)
    {
        try
        {
            var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
            return target.StartsWith("/dev/pts/", StringComparison.Ordinal) || target == "/dev/ptmx";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IByteChannel> OpenAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            throw new FileNotFoundException($"serial device {_path} does not exist (unplugged, or wrong path)", _path);
        }

        if (_fixed is { } fixedFraming)
        {
            return Open(fixedFraming);
        }

        if (IsPseudoTerminal(_path))
        {
            _locked = SerialFraming.EightN1(9600);
            return Open(_locked.Value);
        }

        if (_locked is { } locked)
        {
            return Open(locked);
        }

        foreach (var candidate in SerialFraming.HuntOrder())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var channel = Open(candidate);
            var right = await _probe!.LooksRightAsync(channel, cancellationToken).ConfigureAwait(false);
            await channel.DisposeAsync().ConfigureAwait(false);
            if (right)
            {
                // a fresh channel: the probed one was read through a pipe; this one hands chunks straight to the intake
                _locked = candidate;
                return Open(candidate);
            }
        }

        throw new IOException($"auto-baud: no speed/framing on {_path} gave valid NMEA or UBX frames");
    }

    private IByteChannel Open(SerialFraming framing)
    {
        if (OperatingSystem.IsLinux())
        {
            return PosixSerialChannel.Open(_path, framing); // poll(2)-driven: no 1 ms polling loop
        }

        var port = new SerialPort(_path, framing.Baud, framing.Parity, framing.DataBits, framing.StopBits)
        {
            Handshake = Handshake.None,
            ReadBufferSize = 64 * 1024,
            DtrEnable = false,
            RtsEnable = false,
        };
        try
        {
            port.Open();
            return new StreamChannel(port.BaseStream, port);
        }
        catch
        {
            port.Dispose();
            throw;
        }
    }
}
