using Microsoft.Extensions.Logging;

namespace GeoFence.Sanitizing.Tests.Support;

/// <summary>An ILogger enabled at Trace that keeps every formatted line and every structured value.</summary>
public sealed class RecordingLogger : ILogger
{
    public List<string> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Lines.Add($"{logLevel} {eventId.Id} {formatter(state, exception)}");
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            Lines.AddRange(values.Select(v => $"  {v.Key}={v.Value}"));
        }
    }
}
