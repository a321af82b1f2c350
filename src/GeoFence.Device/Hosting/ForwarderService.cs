using GeoFence.Device.Gpio;
using GeoFence.Device.Status;
using GeoFence.Forwarding.Publishing;
using Microsoft.Extensions.Hosting;

namespace GeoFence.Device.Hosting;

/// <summary>
/// Runs the <see cref="MqttForwarder"/> while the privacy switch is off. Turning the switch on cuts the broker link at
/// once (the outbox keeps what it had); turning it off reconnects. Forwarder states and acknowledgements go to the board.
/// </summary>
public sealed class ForwarderService(MqttForwarder forwarder, IPrivacySwitch privacySwitch, UnitStatusBoard board) : BackgroundService
{
    private static readonly ReasonId Privacy = ReasonId.Parse("privacy-switch");
    private static readonly ReasonId NotApproved = ReasonId.Parse("broker-not-approved");

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        forwarder.StateChanged += Mirror;
        forwarder.BatchAcknowledged += Acknowledged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (privacySwitch.IsOn)
                {
                    board.Update(s => s with { Broker = BrokerState.Disconnected, BrokerReason = Privacy });
                    await WhenSwitchIs(false, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                void Cut(bool on)
                {
                    if (on)
                    {
                        run.Cancel();
                    }
                }

                privacySwitch.Changed += Cut;
                try
                {
                    if (!privacySwitch.IsOn)
                    {
                        await forwarder.RunAsync(run.Token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    privacySwitch.Changed -= Cut;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            forwarder.StateChanged -= Mirror;
            forwarder.BatchAcknowledged -= Acknowledged;
        }
    }

    private async Task WhenSwitchIs(bool on, CancellationToken cancellationToken)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(bool state)
        {
            if (state == on)
            {
                changed.TrySetResult();
            }
        }

        privacySwitch.Changed += Handler;
        try
        {
            if (privacySwitch.IsOn != on)
            {
                await changed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            privacySwitch.Changed -= Handler;
        }
    }

    private void Mirror(ForwarderState state) => board.Update(s => s with
    {
        Broker = state switch
        {
            ForwarderState.Connected => BrokerState.Connected,
            ForwarderState.NotApproved => BrokerState.NotApproved,
            _ => BrokerState.Disconnected,
        },
        BrokerReason = state == ForwarderState.NotApproved ? NotApproved : privacySwitch.IsOn ? Privacy : null,
    });

    private void Acknowledged(long total) => board.Update(total, static (s, published) => s with { Counters = s.Counters with { Published = published } });
}
