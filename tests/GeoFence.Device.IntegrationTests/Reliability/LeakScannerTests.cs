using System.IO.Compression;
using System.Text;
using GeoFence.Device.IntegrationTests.Infrastructure;

namespace GeoFence.Device.IntegrationTests.Reliability;

/// <summary>The scanner of the leak audit finds what it is meant to find (else the audit could not fail).</summary>
public sealed class LeakScannerTests
{
    private const double Lat = 38.1105;
    private const double Lon = -122.6269;
    private static readonly LeakScanner Scanner = new(
        [new ForbiddenArea("zone-a1", Lat, Lon, 350), new ForbiddenArea("zone-r2", 38.12, -122.61, 100, Redact: true, RedactGridMetres: 500)],
        ["Secret Depot"]);

    [Theory]
    [InlineData("{\"lat\":38.11100,\"lon\":-122.62700}")] // JSON, lat then lon
    [InlineData("[-122.627,38.111]")] // GeoJSON order, 3 decimals
    [InlineData("position 38.1105123 / -122.6269456 (trace)")] // a log line
    [InlineData("$GPGGA,080000.00,3806.6300,N,12237.6140,W,1,08,1.0,10.0,M,,M,,*00")] // NMEA ddmm.mmmm
    public void A_position_inside_a_forbidden_area_is_found_in_any_form(string text)
    {
        Assert.Contains(Scanner.Scan("t", Encoding.ASCII.GetBytes(text)), f => f.Rule == "forbidden-coordinate");
    }

    [Theory]
    [InlineData("{\"lat\":38.1200,\"lon\":-122.6269}")] // 1 km north
    [InlineData("{\"lat\":38.11,\"lon\":-122.63}")] // 2 decimals: not a precise position
    [InlineData("{\"v\":1,\"state\":\"online\",\"queued\":12}")]
    public void Positions_outside_and_coarse_numbers_are_not_findings(string text)
    {
        Assert.Empty(Scanner.Scan("t", Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Zone_ids_and_names_are_found_case_insensitively_and_ids_only_where_not_allowed()
    {
        var text = Encoding.ASCII.GetBytes("decision zone ZONE-A1 near secret depot");

        Assert.Equal(["zone-name", "zone-id"], Scanner.Scan("t", text).Select(f => f.Rule));
        Assert.Equal(["zone-name"], Scanner.Scan("t", text, new LeakScanner.Rules(ZoneIdsAllowed: true)).Select(f => f.Rule));
    }

    [Theory]
    [InlineData("$GPGSV,3,1,11,03,03,111,00*74")]
    [InlineData("x $GNGSA,A,3,01,02,,,,,,,,,,,1.2,0.8,0.9*2F")]
    [InlineData("$PUBX,00,080000.00*33")]
    [InlineData("$BDGSV,1,1,01*00")]
    public void Raw_sentences_are_found(string text)
    {
        Assert.Contains(Scanner.Scan("t", Encoding.ASCII.GetBytes(text)), f => f.Rule == "raw-sentence");
    }

    [Theory]
    [InlineData("{\"az\":120}")]
    [InlineData("{\"satellites\":[]}")]
    [InlineData("{\"hdop\":0.9}")]
    [InlineData("{\"geoidSep\":-31.2}")]
    [InlineData("{\"magvar\":4.1}")]
    [InlineData("dgpsSta=0120")]
    [InlineData("{\"quality\":4}")]
    [InlineData(" sats: 12")]
    public void Side_channel_fields_are_found(string text)
    {
        Assert.Contains(Scanner.Scan("t", Encoding.ASCII.GetBytes(text)), f => f.Rule == "side-channel");
    }

    [Fact]
    public void A_redact_zone_tolerates_its_grid_answers_but_not_a_precise_track()
    {
        var grid = string.Join('\n', Enumerable.Repeat("{\"lat\":38.120100,\"lon\":-122.610100}", 20));
        var track = string.Join('\n', Enumerable.Range(0, 20).Select(i => FormattableString.Invariant($"{{\"lat\":{38.1195 + (i * 0.00005):F6},\"lon\":-122.610000}}")));

        Assert.Empty(Scanner.Scan("t", Encoding.ASCII.GetBytes(grid)));
        Assert.Contains(Scanner.Scan("t", Encoding.ASCII.GetBytes(track)), f => f.Rule == "precise-in-redact-zone");
    }

    [Fact]
    public void A_forbidden_record_stored_deflated_in_an_outbox_chunk_is_found_after_inflating()
    {
        using var dir = new TestDirectory();
        var outbox = dir.File("outbox.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={outbox};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE chunks(first INTEGER PRIMARY KEY, last INTEGER NOT NULL, data BLOB NOT NULL); INSERT INTO chunks VALUES(1, 1, $data);";
            create.Parameters.AddWithValue("$data", Deflate("{\"seq\":1,\"lat\":38.11050,\"lon\":-122.62690} zone-a1"));
            create.ExecuteNonQuery();
        }

        var raw = LeakFiles.Raw(Path.GetDirectoryName(outbox)!, "outbox.db", out _);
        var inflated = LeakFiles.InflatedChunks(outbox, dir.File("copy"));

        Assert.Empty(Scanner.Scan("raw", raw)); // deflated: invisible to a raw scan, which is why the audit inflates
        Assert.Equal(["forbidden-coordinate", "zone-id"], Scanner.Scan("inflated", inflated).Select(f => f.Rule).Distinct());
    }

    private static byte[] Deflate(string text)
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal))
        {
            deflate.Write(Encoding.ASCII.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
