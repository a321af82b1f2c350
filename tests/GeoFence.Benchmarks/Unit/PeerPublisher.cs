using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;

namespace GeoFence.Benchmarks.Unit;

/// <summary>The peer: publishes a Stopwatch timestamp at QoS 1 every <c>interval</c> straight to the broker (no agent).</summary>
internal static class PeerPublisher
{
    public static async Task RunAsync(int port, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("unit-bench-peer").Build(), cancellationToken);
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var message = new MqttApplicationMessageBuilder().WithTopic(TimedConsumer.PeerTopic)
                    .WithPayload(BitConverter.GetBytes(Stopwatch.GetTimestamp())).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
                await client.PublishAsync(message, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }

        await client.DisconnectAsync(cancellationToken: CancellationToken.None);
    }
}
