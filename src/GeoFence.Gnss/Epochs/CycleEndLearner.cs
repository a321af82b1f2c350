namespace GeoFence.Gnss.Epochs;

/// <summary>
/// Learns which sentence ends a receiver's reporting cycle, as gpsd does: the last sentence seen before the time
/// changes. A candidate becomes the cycle end once it is seen twice in a row; a contradiction starts over.
/// </summary>
internal sealed class CycleEndLearner
{
    private int _candidate = -1;

    /// <summary>Learned cycle-ending sentence key, -1 while unknown.</summary>
    public int CycleEnd { get; private set; } = -1;

    /// <summary>Called when the time changed and <paramref name="lastKey"/> was the last sentence of the closed epoch.</summary>
    public void ObserveTimeChange(int lastKey)
    {
        if (lastKey < 0)
        {
            return;
        }

        if (lastKey == _candidate)
        {
            CycleEnd = lastKey;
        }
        else
        {
            _candidate = lastKey;
        }
    }
}
