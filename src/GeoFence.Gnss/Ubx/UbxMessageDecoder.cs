using System.Buffers.Binary;
using GeoFence.Gnss.Epochs;
using GeoFence.Gnss.Nmea;

namespace GeoFence.Gnss.Ubx;

/// <summary>Decodes UBX NAV-PVT, NAV-HPPOSLLH and NAV-EOE; other messages are counted and ignored.</summary>
internal sealed class UbxMessageDecoder
{
    private const byte ClassNav = 0x01;
    private const byte IdPvt = 0x07;
    private const byte IdHpPosLlh = 0x14;
    private const byte IdEoe = 0x61;
    private const int KeyBase = 1 << 20;

    private readonly GnssCounters _counters;
    private readonly EpochAssembler _epochs;

    /// <summary>Creates a decoder feeding <paramref name="epochs"/>.</summary>
    public UbxMessageDecoder(GnssCounters counters, EpochAssembler epochs)
    {
        _counters = counters;
        _epochs = epochs;
    }

    /// <summary>Decodes one checksum-valid frame.</summary>
    public void Decode(byte messageClass, byte messageId, ReadOnlySpan<byte> payload, long firstByteTimestamp)
    {
        if (messageClass != ClassNav)
        {
            _counters.Increment(GnssCounter.UbxUnknown);
            return;
        }

        switch (messageId)
        {
            case IdPvt when payload.Length is 84 or 92:
                DecodePvt(payload, firstByteTimestamp);
                break;
            case IdHpPosLlh when payload.Length == 36:
                DecodeHpPosLlh(payload, firstByteTimestamp);
                break;
            case IdEoe when payload.Length == 4:
                _epochs.EndOfEpoch();
                break;
            default:
                _counters.Increment(GnssCounter.UbxUnknown);
                break;
        }
    }

    private void DecodePvt(ReadOnlySpan<byte> p, long firstByteTimestamp)
    {
        var timeOfWeek = BinaryPrimitives.ReadUInt32LittleEndian(p);
        int year = BinaryPrimitives.ReadUInt16LittleEndian(p[4..]);
        int month = p[6];
        int day = p[7];
        int hour = p[8];
        int minute = p[9];
        int second = p[10];
        var validity = p[11];
        var nano = BinaryPrimitives.ReadInt32LittleEndian(p[16..]);
        int fixType = p[20];
        var flags = p[21];
        int satellites = p[23];
        var longitude = BinaryPrimitives.ReadInt32LittleEndian(p[24..]);
        var latitude = BinaryPrimitives.ReadInt32LittleEndian(p[28..]);
        var height = BinaryPrimitives.ReadInt32LittleEndian(p[32..]);
        var heightMsl = BinaryPrimitives.ReadInt32LittleEndian(p[36..]);
        var horizontalAccuracy = BinaryPrimitives.ReadUInt32LittleEndian(p[40..]);
        var verticalAccuracy = BinaryPrimitives.ReadUInt32LittleEndian(p[44..]);
        var groundSpeed = BinaryPrimitives.ReadInt32LittleEndian(p[60..]);
        var heading = BinaryPrimitives.ReadInt32LittleEndian(p[64..]);
        int positionDop = BinaryPrimitives.ReadUInt16LittleEndian(p[76..]);
        var invalidLlh = p.Length >= 92 && (p[78] & 0x01) != 0;

        var validDate = (validity & 0x01) != 0;
        var validTime = (validity & 0x02) != 0;
        if (timeOfWeek >= 604_800_000u || fixType > 5 || latitude is < -900_000_000 or > 900_000_000 || longitude is < -1_800_000_000 or > 1_800_000_000
            || nano is < -1_000_000_000 or > 1_000_000_000 || groundSpeed < 0 || heading is < -36_000_000 or > 36_000_000
            || (validTime && (hour > 23 || minute > 59 || second > 60))
            || (validDate && (year is < 1980 or > 2999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))))
        {
            _counters.Increment(GnssCounter.UbxInvalidField);
            return;
        }

        var d = SentenceData.Empty;
        d.UbxTimeOfWeek = timeOfWeek;
        if (validTime)
        {
            // UTC rounded to the millisecond (the solution epoch); nano may move it across midnight.
            var ticks = (((hour * 60L) + minute) * 60L + second) * TimeSpan.TicksPerSecond + (nano / 100);
            ticks = (long)Math.Round(ticks / (double)TimeSpan.TicksPerMillisecond) * TimeSpan.TicksPerMillisecond;
            var dayShift = 0;
            if (ticks < 0)
            {
                ticks += TimeSpan.TicksPerDay;
                dayShift = -1;
            }
            else if (ticks >= TimeSpan.TicksPerDay && second != 60)
            {
                ticks -= TimeSpan.TicksPerDay;
                dayShift = 1;
            }

            d.TimeOfDay = ticks;
            if (validDate)
            {
                var date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).AddDays(dayShift);
                d.Year = date.Year;
                d.Month = date.Month;
                d.Day = date.Day;
            }
        }

        var gnssFixOk = (flags & 0x01) != 0;
        var differential = (flags & 0x02) != 0;
        var carrierSolution = (flags >> 6) & 0x03;
        var hasPosition = gnssFixOk && !invalidLlh && fixType is >= 1 and <= 4;
        d.Satellites = satellites;
        d.Pdop = positionDop * 0.01;
        d.QualityRank = 3;
        if (!hasPosition)
        {
            d.Quality = 0;
            d.Mode = (int)FixMode.NoFix;
        }
        else
        {
            d.Latitude = latitude * 1e-7;
            d.Longitude = longitude * 1e-7;
            d.AltitudeHae = height * 1e-3;
            d.AltitudeMsl = heightMsl * 1e-3;
            d.GeoidSeparation = (height - heightMsl) * 1e-3;
            d.HorizontalAccuracy = horizontalAccuracy * 1e-3;
            d.VerticalAccuracy = verticalAccuracy * 1e-3;
            d.SpeedMps = groundSpeed * 1e-3;
            var course = heading * 1e-5;
            d.CourseDeg = course < 0 ? course + 360 : course;
            d.Mode = fixType == 2 || fixType == 1 ? (int)FixMode.TwoD : (int)FixMode.ThreeD;
            d.Quality = fixType == 1 ? (int)FixQuality.DeadReckoning
                : carrierSolution == 2 ? (int)FixQuality.RtkFixed
                : carrierSolution == 1 ? (int)FixQuality.RtkFloat
                : differential ? (int)FixQuality.Dgnss
                : (int)FixQuality.Gnss;
        }

        _epochs.Add(ref d, KeyBase + IdPvt, firstByteTimestamp, fromUbx: true);
    }

    private void DecodeHpPosLlh(ReadOnlySpan<byte> p, long firstByteTimestamp)
    {
        var invalidLlh = (p[3] & 0x01) != 0;
        var timeOfWeek = BinaryPrimitives.ReadUInt32LittleEndian(p[4..]);
        var longitude = BinaryPrimitives.ReadInt32LittleEndian(p[8..]);
        var latitude = BinaryPrimitives.ReadInt32LittleEndian(p[12..]);
        var height = BinaryPrimitives.ReadInt32LittleEndian(p[16..]);
        var heightMsl = BinaryPrimitives.ReadInt32LittleEndian(p[20..]);
        var longitudeHp = (sbyte)p[24];
        var latitudeHp = (sbyte)p[25];
        var heightHp = (sbyte)p[26];
        var heightMslHp = (sbyte)p[27];
        var horizontalAccuracy = BinaryPrimitives.ReadUInt32LittleEndian(p[28..]);
        var verticalAccuracy = BinaryPrimitives.ReadUInt32LittleEndian(p[32..]);
        if (timeOfWeek >= 604_800_000u || latitude is < -900_000_000 or > 900_000_000 || longitude is < -1_800_000_000 or > 1_800_000_000 // never Math.Abs: int.MinValue throws (fuzz finding)
            || Math.Abs((int)longitudeHp) > 99 || Math.Abs((int)latitudeHp) > 99 || Math.Abs((int)heightHp) > 9 || Math.Abs((int)heightMslHp) > 9)
        {
            _counters.Increment(GnssCounter.UbxInvalidField);
            return;
        }

        var d = SentenceData.Empty;
        d.UbxTimeOfWeek = timeOfWeek;
        if (!invalidLlh)
        {
            // Integer sum in units of 1e-9 degrees / 0.1 mm, then one scaling: exact to double rounding.
            d.Latitude = ((latitude * 100L) + latitudeHp) * 1e-9;
            d.Longitude = ((longitude * 100L) + longitudeHp) * 1e-9;
            d.AltitudeHae = ((height * 10L) + heightHp) * 1e-4;
            d.AltitudeMsl = ((heightMsl * 10L) + heightMslHp) * 1e-4;
            d.GeoidSeparation = d.AltitudeHae - d.AltitudeMsl;
            d.HorizontalAccuracy = horizontalAccuracy * 1e-4;
            d.VerticalAccuracy = verticalAccuracy * 1e-4;
        }

        _epochs.Add(ref d, KeyBase + IdHpPosLlh, firstByteTimestamp, fromUbx: true);
    }
}
