using System.Globalization;

namespace GeoFence.Benchmarks.Unit;

/// <summary>
/// Per-thread CPU time and context switches of a process (/proc/PID/task/*/stat and status), so a run can say which
/// threads wake how often: at 20 Hz the agent's CPU is mostly wake-ups and hand-offs, not decoding.
/// </summary>
internal sealed class ThreadActivity
{
    private readonly Dictionary<int, ThreadSample> _threads;

    private ThreadActivity(Dictionary<int, ThreadSample> threads) => _threads = threads;

    /// <summary>Reads every thread of <paramref name="pid"/> now (threads that end while being read are skipped).</summary>
    public static ThreadActivity Take(int pid)
    {
        var threads = new Dictionary<int, ThreadSample>();
        foreach (var directory in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var tid = int.Parse(Path.GetFileName(directory), CultureInfo.InvariantCulture);
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                long voluntary = 0, involuntary = 0;
                foreach (var line in File.ReadLines(Path.Combine(directory, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        voluntary = long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                    }
                    else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        involuntary = long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                    }
                }

                threads[tid] = new ThreadSample(name, ticks, voluntary, involuntary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The thread ended between listing and reading.
            }
        }

        return new ThreadActivity(threads);
    }

    /// <summary>One line per thread name (threads of one name summed): CPU % of one core and switches per second between the two samples.</summary>
    public static IEnumerable<string> Compare(ThreadActivity before, ThreadActivity after, TimeSpan wall)
    {
        var seconds = wall.TotalSeconds;
        var rows = after._threads
            .Select(t => (t.Value.Name, Delta: t.Value.Minus(before._threads.GetValueOrDefault(t.Key))))
            .GroupBy(t => t.Name)
            .Select(g => (Name: g.Key, Threads: g.Count(), Ticks: g.Sum(t => t.Delta.Ticks), Voluntary: g.Sum(t => t.Delta.Voluntary), Involuntary: g.Sum(t => t.Delta.Involuntary)))
            .Where(r => r.Ticks > 0 || r.Voluntary + r.Involuntary > 0)
            .OrderByDescending(r => r.Voluntary + r.Involuntary);
        foreach (var r in rows)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  {r.Name,-18} x{r.Threads,-2} CPU {100 * r.Ticks / ProcessSampler.TicksPerSecond / seconds,5:0.00} %  switches/s voluntary {r.Voluntary / seconds,6:0.0} involuntary {r.Involuntary / seconds,5:0.0}");
        }
    }

    private sealed record ThreadSample(string Name, long Ticks, long Voluntary, long Involuntary)
    {
        public ThreadSample Minus(ThreadSample? earlier) =>
            earlier is null ? this : this with { Ticks = Ticks - earlier.Ticks, Voluntary = Voluntary - earlier.Voluntary, Involuntary = Involuntary - earlier.Involuntary };
    }
}
