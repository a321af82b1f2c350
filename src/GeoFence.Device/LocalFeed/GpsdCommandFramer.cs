using System.Text;

namespace GeoFence.Device.LocalFeed;

/// <summary>
/// Splits a client's bytes into gpsd commands: each ends at a <c>;</c> outside a JSON string, or at a line end (gpsd
/// clients send <c>?WATCH={...};\n</c>). Blank space between commands is skipped. A command longer than the limit
/// stops the framer for good: the session answers with an ERROR and closes.
/// </summary>
internal sealed class GpsdCommandFramer(int maxCommandLength)
{
    private readonly byte[] command = new byte[maxCommandLength];
    private int length;
    private bool inString;
    private bool escaped;

    /// <summary>True once a command exceeded the limit; nothing more is framed.</summary>
    public bool Overlong { get; private set; }

    /// <summary>Adds received bytes; complete commands go to <paramref name="commands"/>. False when a command is overlong.</summary>
    public bool Append(ReadOnlySpan<byte> bytes, List<string> commands)
    {
        foreach (var b in bytes)
        {
            if (Overlong)
            {
                return false;
            }

            Push(b, commands);
        }

        return !Overlong;
    }

    private void Push(byte b, List<string> commands)
    {
        if (b is (byte)'\n' || (b is (byte)';' && !inString))
        {
            Complete(commands);
            return;
        }

        if (length == 0 && b is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            return;
        }

        if (length == command.Length)
        {
            Overlong = true;
            return;
        }

        command[length++] = b;
        if (escaped)
        {
            escaped = false;
        }
        else if (inString && b == (byte)'\\')
        {
            escaped = true;
        }
        else if (b == (byte)'"')
        {
            inString = !inString;
        }
    }

    private void Complete(List<string> commands)
    {
        var end = length;
        while (end > 0 && command[end - 1] is (byte)'\r' or (byte)' ' or (byte)'\t')
        {
            end--;
        }

        if (end > 0)
        {
            commands.Add(Encoding.UTF8.GetString(command, 0, end));
        }

        length = 0;
        inString = false;
        escaped = false;
    }
}
