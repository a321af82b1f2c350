using GeoFence.Gnss.Nmea;

namespace GeoFence.Gnss.Epochs;

/// <summary>
/// Groups validated sentences and UBX messages into receiver epochs and emits exactly one <see cref="Fix"/> per epoch:
/// an epoch ends when the time changes, at UBX NAV-EOE, at the learned cycle-ending sentence, or on timeout.
/// </summary>
internal sealed class EpochAssembler
{
    private const long TicksPerDay = TimeSpan.TicksPerDay;
    private const long HalfDay = TicksPerDay / 2;

    private readonly GnssCounters _counters;
    private readonly IGnssSink _sink;
    private readonly DateResolver _dates;
    private readonly EmittedEpochs _emitted = new();
    private readonly CycleEndLearner _cycleEnd = new();
    private readonly double _timeoutFactor;
    private readonly long _timestampFrequency;

    private EpochAccumulator _pending;
    private int _lastKey = -1;
    private long _intervalTicks;
    private long _lastClosedTimeOfDay = -1;
    private long _referenceDateTicks = -1;
    private long _referenceTimeOfDay;

    /// <summary>Creates an assembler writing fixes to <paramref name="sink"/>.</summary>
    public EpochAssembler(GnssOptions options, GnssCounters counters, IGnssSink sink)
    {
        _counters = counters;
        _sink = sink;
        _dates = new DateResolver(options.MinimumPlausibleDate);
        _timeoutFactor = options.EpochTimeoutFactor;
        _timestampFrequency = options.TimestampFrequency;
        _intervalTicks = options.DefaultEpochInterval.Ticks;
    }

    /// <summary>Learned cycle-ending sentence key (for tests), -1 while unknown.</summary>
    public int CycleEnd => _cycleEnd.CycleEnd;

    /// <summary>Observed epoch interval (receiver time).</summary>
    public TimeSpan EpochInterval => TimeSpan.FromTicks(_intervalTicks);

    /// <summary>
    /// Adds a validated sentence (or UBX message) identified by <paramref name="key"/> that can set the value groups
    /// <paramref name="contents"/>.
    /// </summary>
    public void Add(ref SentenceData d, int key, long firstByteTimestamp, bool fromUbx, SentenceContents contents = SentenceContents.All)
    {
        long dateTicks = -1;
        if (d.Day >= 0 && d.TimeOfDay >= 0)
        {
            if (_dates.TryResolve(d.Year, d.Month, d.Day, d.TwoDigitYear, out var date))
            {
                dateTicks = date.Ticks;
                _referenceDateTicks = dateTicks;
                _referenceTimeOfDay = d.TimeOfDay;
            }
            else
            {
                _counters.Increment(GnssCounter.ImplausibleDates);
            }
        }

        if (d.DateReferenceOnly)
        {
            return;
        }

        if (_pending.HasData)
        {
            var timeChanged = d.TimeOfDay >= 0 && _pending.TimeOfDay >= 0 && _pending.TimeOfDay != d.TimeOfDay;
            var otherUbxEpoch = d.UbxTimeOfWeek >= 0 && _pending.UbxTimeOfWeek >= 0 && _pending.UbxTimeOfWeek != d.UbxTimeOfWeek;
            if (timeChanged || otherUbxEpoch)
            {
                _cycleEnd.ObserveTimeChange(_lastKey);
                Close();
            }
        }

        if (!_pending.HasData)
        {
            _pending.Start(firstByteTimestamp);
        }

        _pending.Merge(ref d, fromUbx, contents);
        if (dateTicks >= 0)
        {
            _pending.DateTicks = dateTicks;
        }

        _lastKey = key;
        if (key == _cycleEnd.CycleEnd && d.CanEndCycle)
        {
            Close();
        }
    }

    /// <summary>
    /// Adds a validated sentence that carries no time, date or value (GSV): the same as <see cref="Add"/> with an empty
    /// <see cref="SentenceData"/>, without clearing and merging one. It opens an epoch or, as the cycle end, closes it.
    /// </summary>
    public void AddValueless(int key, bool canEndCycle, long firstByteTimestamp)
    {
        if (!_pending.HasData)
        {
            _pending.Start(firstByteTimestamp);
        }

        _lastKey = key;
        if (key == _cycleEnd.CycleEnd && canEndCycle)
        {
            Close();
        }
    }

    /// <summary>UBX NAV-EOE: the receiver says the epoch is complete.</summary>
    public void EndOfEpoch() => Close();

    /// <summary>True while an epoch has data and is not yet closed.</summary>
    public bool HasPending => _pending.HasData;

    /// <summary>Closes the pending epoch when its timeout (factor × observed interval since its first byte) has passed.</summary>
    public void Poll(long nowTimestamp)
    {
        if (!_pending.HasData)
        {
            return;
        }

        var timeoutSeconds = _timeoutFactor * _intervalTicks / TimeSpan.TicksPerSecond;
        var elapsedSeconds = (double)(nowTimestamp - _pending.FirstByteTimestamp) / _timestampFrequency;
        if (elapsedSeconds >= timeoutSeconds)
        {
            _counters.Increment(GnssCounter.EpochTimeouts);
            Close();
        }
    }

    /// <summary>End of stream: closes the pending epoch.</summary>
    public void Complete() => Close();

    private void Close()
    {
        if (!_pending.HasData)
        {
            return;
        }

        // Read in place: nothing below writes to the pending epoch before the fix is built.
        ref readonly var epoch = ref _pending;
        _pending.HasData = false;
        if (epoch.TimeOfDay < 0)
        {
            _counters.Increment(GnssCounter.TimelessEpochs);
            return;
        }

        ObserveInterval(epoch.TimeOfDay);
        long dateTicks;
        if (epoch.DateTicks >= 0)
        {
            dateTicks = epoch.DateTicks;
        }
        else if (_referenceDateTicks >= 0)
        {
            // Date of the last dated sentence, moved by a day when the clock crossed midnight since.
            dateTicks = _referenceDateTicks;
            var difference = epoch.TimeOfDay - _referenceTimeOfDay;
            if (difference < -HalfDay)
            {
                dateTicks += TicksPerDay;
            }
            else if (difference > HalfDay)
            {
                dateTicks -= TicksPerDay;
            }
        }
        else
        {
            _counters.Increment(GnssCounter.UndatedEpochs);
            return;
        }

        var utcTicks = dateTicks + epoch.TimeOfDay;
        if (_emitted.Contains(utcTicks))
        {
            _counters.Increment(GnssCounter.DuplicateEpochs);
            return;
        }

        _emitted.Add(utcTicks);
        var fix = epoch.ToFix(new DateTime(utcTicks, DateTimeKind.Utc));
        _counters.Increment(GnssCounter.Epochs);
        _counters.Increment(GnssCounter.FixesNone + (int)fix.Quality);
        _sink.OnFix(in fix);
    }

    private void ObserveInterval(long timeOfDay)
    {
        if (_lastClosedTimeOfDay >= 0)
        {
            var delta = timeOfDay - _lastClosedTimeOfDay;
            if (delta > 0 && delta <= 60 * TimeSpan.TicksPerSecond)
            {
                _intervalTicks = delta;
            }
        }

        _lastClosedTimeOfDay = timeOfDay;
    }
}
