using GeoFence.Device.Hosting;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Device.IntegrationTests.Reliability;
using GeoFence.Sanitizing.Audit;
using GeoFence.Sanitizing.Secrets;
using GeoFence.Zones.Hosting;

namespace GeoFence.Device.IntegrationTests.Hosting;

/// <summary>The unit's audit log on a real tmpfs that fills up (needs root, as CI runs).</summary>
public sealed class UnitAuditDiskFullTests : IDisposable
{
    private readonly TestDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void A_write_refused_by_a_full_disk_throws_and_once_space_returns_the_chain_continues_intact()
    {
        var data = Directory.CreateDirectory(dir.File("data")).FullName;
        var path = Path.Combine(data, "audit.jsonl");
        var decision = new AuditDecision(PipelineHarness.Start, AuditOutcome.Allow, [], "pipeline-test", 1);
        int refused;
        long losses;
        using (var disk = new SoakDataTmpfs(data, 1))
        {
            using (var audit = new UnitAudit(path, new HkdfUnitSecrets(new byte[32]), TimeProvider.System))
            {
                audit.Use(PolicyState.Usable(TestPolicies.Compile(TestPolicies.Json())));
                Assert.Equal(3, RecordTimes(audit, decision, 3));
                var filler = disk.Fill();
                refused = 100 - RecordTimes(audit, decision, 100); // the log's last page takes a few more, then ENOSPC
                losses = audit.Losses;

                for (var i = 0; i < 5; i++)
                {
                    audit.Record(decision); // buffered: nothing is written yet, so nothing fails yet
                }

                Assert.Throws<IOException>(audit.Flush);
                Assert.Equal(losses + 1, audit.Losses); // the five are lost, and the sanitiser learns it from the count
                File.Delete(filler);
                Assert.Equal(3, RecordTimes(audit, decision, 3));
                Assert.Equal(audit.LastTicket, audit.WrittenThrough);
            }

            var verification = AuditVerifier.Verify(path);
            Assert.True(verification.Intact, string.Join("; ", verification.Problems)); // was: entries repeating an index and a prev hash
            Assert.InRange(refused, 1, 100);
            Assert.Equal(refused, losses); // each refused write lost the one entry it held
            Assert.Equal(3 + 100 - refused + 3, verification.Entries);
        }
    }

    /// <summary>Records and writes <paramref name="times"/> entries one by one (as for records without delay); returns how many were written.</summary>
    private static int RecordTimes(UnitAudit audit, AuditDecision decision, int times)
    {
        var written = 0;
        for (var i = 0; i < times; i++)
        {
            try
            {
                audit.Record(decision);
                audit.Flush();
                written++;
            }
            catch (IOException)
            {
                // disk full: the sanitiser drops what depended on the entry
            }
        }

        return written;
    }
}
