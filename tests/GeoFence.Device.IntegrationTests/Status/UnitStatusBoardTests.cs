using System.Collections.Concurrent;
using System.Reflection;
using GeoFence.Device.Status;

namespace GeoFence.Device.IntegrationTests.Status;

/// <summary>The status board: atomic updates, change notification, and no room for a coordinate.</summary>
public sealed class UnitStatusBoardTests
{
    [Fact]
    public async Task Concurrent_updates_are_all_applied_and_every_change_is_announced_once()
    {
        var board = new UnitStatusBoard();
        var seen = new ConcurrentBag<long>();
        board.Changed += s => seen.Add(s.Version);

        const int Writers = 4, PerWriter = 500;
        var writers = Enumerable.Range(0, Writers)
            .Select(_ => Task.Run(() =>
            {
                for (var i = 0; i < PerWriter; i++)
                {
                    board.RecordDecision(DecisionClass.Forwarding);
                }
            }));
        await Task.WhenAll(writers);

        Assert.Equal(Writers * PerWriter, board.Current.Counters.Epochs);
        Assert.Equal(Writers * PerWriter, board.Current.Counters.Forwarded);
        Assert.Equal(Writers * PerWriter, board.Current.Version);
        Assert.Equal(Enumerable.Range(1, Writers * PerWriter).Select(v => (long)v), seen.Order());
    }

    [Fact]
    public void An_update_that_changes_nothing_is_not_announced()
    {
        var board = new UnitStatusBoard();
        var changes = 0;
        board.Changed += _ => changes++;

        board.Update(s => s with { SourceAlive = true });
        board.Update(s => s with { SourceAlive = true });
        board.Update(s => s with { Version = 99 });

        Assert.Equal(1, changes);
        Assert.Equal(1, board.Current.Version);
    }

    [Fact]
    public void An_epoch_is_one_change_with_its_class_counted_and_its_fix_satellites_and_queue()
    {
        var board = new UnitStatusBoard();
        var changes = new List<UnitStatus>();
        board.Changed += changes.Add;

        board.RecordEpoch(DecisionClass.RedactingOrHolding, FixState.Fix, 14, 3);
        board.RecordEpoch(DecisionClass.Blocked, FixState.NoFix, 0, 4);

        Assert.Equal(2, changes.Count); // one announcement per epoch, not one per field group
        var first = changes[0];
        Assert.Equal((DecisionClass.RedactingOrHolding, FixState.Fix, 14, 3, 1L), (first.LastDecision, first.Fix, first.SatellitesUsed, first.QueueDepth, first.Version));
        var now = board.Current;
        Assert.Equal((DecisionClass.Blocked, FixState.NoFix, 0, 4, 2L), (now.LastDecision, now.Fix, now.SatellitesUsed, now.QueueDepth, now.Version));
        Assert.Equal((2L, 0L, 1L, 1L), (now.Counters.Epochs, now.Counters.Forwarded, now.Counters.RedactedOrHeld, now.Counters.Blocked));
    }

    [Fact]
    public void An_update_with_state_that_changes_nothing_is_not_announced_and_cannot_set_the_version()
    {
        var board = new UnitStatusBoard();
        var changes = 0;
        board.Changed += _ => changes++;

        board.Update(7, static (s, depth) => s with { QueueDepth = depth });
        board.Update(7, static (s, depth) => s with { QueueDepth = depth });
        board.Update(99L, static (s, version) => s with { Version = version });

        Assert.Equal(1, changes);
        Assert.Equal(1, board.Current.Version);
        Assert.Equal(7, board.Current.QueueDepth);
    }

    [Fact]
    public void The_initial_status_is_fail_closed_and_the_privacy_switch_closes_a_loaded_policy()
    {
        var board = new UnitStatusBoard();
        Assert.True(board.Current.FailClosed);

        board.Update(s => s with { Policy = PolicyState.Loaded });
        Assert.False(board.Current.FailClosed);

        board.Update(s => s with { PrivacySwitchOn = true });
        Assert.True(board.Current.FailClosed);
    }

    [Theory]
    [InlineData("signature-invalid", true)]
    [InlineData("expired", true)]
    [InlineData("near-52", false)]
    [InlineData("lat 52.1 lon 13.4", false)]
    [InlineData("Expired", false)]
    [InlineData("", false)]
    public void Reason_ids_are_lower_case_words_without_digits(string text, bool valid)
    {
        Assert.Equal(valid, ReasonId.TryParse(text, out _));
        Assert.False(ReasonId.TryParse(new string('a', ReasonId.MaximumLength + 1), out _));
    }

    [Fact]
    public void The_status_types_have_no_field_that_could_hold_a_coordinate()
    {
        var numeric = new[] { typeof(double), typeof(float), typeof(decimal), typeof(string) };
        var visited = new HashSet<Type>();
        var offending = new List<string>();
        Walk(typeof(UnitStatus));
        Assert.Empty(offending);

        void Walk(Type type)
        {
            if (!visited.Add(type) || type.Namespace != typeof(UnitStatus).Namespace)
            {
                return;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (numeric.Contains(propertyType) && !(type == typeof(ReasonId) && property.Name == nameof(ReasonId.Value)))
                {
                    offending.Add($"{type.Name}.{property.Name}: {propertyType.Name}");
                }

                Walk(propertyType);
            }
        }
    }
}
