using GeoFence.Gnss.Tests.Support;

namespace GeoFence.Gnss.Tests;

/// <summary>Epoch assembly: one fix per receiver epoch, dates, timeouts (explicit timestamps, no sleeps).</summary>
public sealed class EpochTests
{
    [Fact]
    public void GGA_RMC_GSA_GST_of_one_time_merge_into_one_fix()
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed(TestNmea.Gga("123519.00", quality: "4"), 100);
        decoder.Feed(TestNmea.Sentence("GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1"), 200);
        decoder.Feed(TestNmea.Sentence("GPGST,123519.00,0.006,0.023,0.020,273.6,0.030,0.040,0.050"), 300);
        decoder.Feed(TestNmea.Rmc("123519.00", "231120"), 400);
        Assert.Empty(sink.Fixes);
        decoder.Complete();

        var fix = Assert.Single(sink.Fixes);
        Assert.Equal(new DateTimeOffset(2020, 11, 23, 12, 35, 19, TimeSpan.Zero), fix.Time);
        Assert.Equal(48 + (7.0381 / 60), fix.Latitude!.Value, 12);
        Assert.Equal(11 + (31.0002 / 60), fix.Longitude!.Value, 12);
        Assert.Equal(545.4, fix.AltitudeMsl);
        Assert.Equal(46.9, fix.GeoidSeparation);
        Assert.Equal(545.4 + 46.9, fix.AltitudeHae!.Value, 9);
        Assert.Equal(FixMode.ThreeD, fix.Mode);
        Assert.Equal(FixQuality.RtkFixed, fix.Quality);
        Assert.Equal(8, fix.SatellitesUsed);
        Assert.Equal(1.3, fix.Hdop);
        Assert.Equal(2.5, fix.Pdop);
        Assert.Equal(2.1, fix.Vdop);
        Assert.Equal(0.05, fix.HorizontalAccuracy!.Value, 12);
        Assert.Equal(0.05, fix.VerticalAccuracy);
        Assert.Equal(22.4 * 1852 / 3600, fix.SpeedMps!.Value, 9);
        Assert.Equal(84.4, fix.CourseDeg);
        Assert.Equal(FixSource.Nmea, fix.Source);
        Assert.Equal(100, fix.FirstByteTimestamp);
    }

    [Fact]
    public void A_time_change_closes_the_epoch_and_every_epoch_gives_exactly_one_fix()
    {
        var (decoder, sink) = TestNmea.Decoder();
        for (var second = 10; second < 20; second++)
        {
            decoder.Feed(TestNmea.Gga($"1235{second}.00") + TestNmea.Rmc($"1235{second}.00", "231120"));
        }

        // From the third epoch on the learned cycle end (GGA) closes each epoch at once; none is left for Complete.
        Assert.Equal(10, sink.Fixes.Count);
        decoder.Complete();
        Assert.Equal(10, sink.Fixes.Count);
        Assert.Equal(10, sink.Fixes.Select(f => f.Time).Distinct().Count());
        Assert.Equal(10, decoder.Counters[GnssCounter.Epochs]);
    }

    [Fact]
    public void GGA_only_stream_without_any_date_gives_no_fix_and_is_counted()
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed(TestNmea.Gga("123519.00") + TestNmea.Gga("123520.00") + TestNmea.Gga("123521.00"));
        decoder.Complete();

        Assert.Empty(sink.Fixes);
        Assert.Equal(3, decoder.Counters[GnssCounter.UndatedEpochs]);
    }

    [Fact]
    public void ZDA_dates_a_GGA_only_stream()
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed(TestNmea.Sentence("GPZDA,123519.00,23,11,2020,00,00") + TestNmea.Gga("123519.00") + TestNmea.Gga("123520.00"));
        decoder.Complete();

        Assert.Equal(
            [new DateTimeOffset(2020, 11, 23, 12, 35, 19, TimeSpan.Zero), new DateTimeOffset(2020, 11, 23, 12, 35, 20, TimeSpan.Zero)],
            sink.Fixes.Select(f => f.Time));
    }

    [Fact]
    public void Midnight_rollover_after_the_last_dated_sentence_moves_to_the_next_day()
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed(TestNmea.Gga("235959.90") + TestNmea.Rmc("235959.90", "281126") + TestNmea.Gga("000000.10"));
        decoder.Complete();

        Assert.Equal(
            [new DateTimeOffset(2026, 11, 28, 23, 59, 59, 900, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 0, 0, 0, 100, TimeSpan.Zero)],
            sink.Fixes.Select(f => f.Time));
    }

    [Fact]
    public void A_sentence_of_23_59_59_9_after_a_date_of_the_next_day_belongs_to_the_previous_day()
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed(TestNmea.Sentence("GPZDA,000000.00,29,11,2026,00,00") + TestNmea.Gga("235959.90"));
        decoder.Complete();

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 23, 59, 59, 900, TimeSpan.Zero), Assert.Single(sink.Fixes).Time);
    }

    [Theory]
    [InlineData(2026, "281126", "2026-11-28")]
    [InlineData(1999, "050199", "1999-01-05")]
    [InlineData(2026, "130407", "2026-11-27")] // GPS week rollover bug: 2007-04-13 + 1024 weeks
    [InlineData(2000, "010681", "2001-01-15")] // 1981-06-01 + 1024 weeks
    public void Two_digit_years_and_the_GPS_week_rollover_are_resolved_against_the_minimum_plausible_date(int minimumYear, string date, string expected)
    {
        var (decoder, sink) = TestNmea.Decoder(TestNmea.Options(minimumYear));
        decoder.Feed(TestNmea.Rmc("120000.00", date));
        decoder.Complete();

        var expectedDate = DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        var fix = Assert.Single(sink.Fixes);
        Assert.Equal(expectedDate, DateOnly.FromDateTime(fix.Time.UtcDateTime));
        Assert.True(fix.Time >= new DateTimeOffset(minimumYear, 1, 1, 0, 0, 0, TimeSpan.Zero) - TimeSpan.FromDays(7 * 1024));
    }

    [Fact]
    public void A_date_older_than_1024_weeks_before_the_minimum_is_implausible_and_not_used()
    {
        var (decoder, sink) = TestNmea.Decoder(TestNmea.Options(2026));
        decoder.Feed(TestNmea.Rmc("120000.00", "060180"));
        decoder.Complete();

        Assert.Empty(sink.Fixes);
        Assert.Equal(1, decoder.Counters[GnssCounter.ImplausibleDates]);
        Assert.Equal(1, decoder.Counters[GnssCounter.UndatedEpochs]);
    }

    [Fact]
    public void Time_going_back_to_an_emitted_epoch_never_emits_it_again()
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed(TestNmea.Rmc("120001.00", "231120") + TestNmea.Rmc("120002.00", "231120"));
        decoder.Feed(TestNmea.Rmc("120001.00", "231120", lat: "4807.9999") + TestNmea.Rmc("120003.00", "231120"));
        decoder.Complete();

        Assert.Equal(["12:00:01", "12:00:02", "12:00:03"], sink.Fixes.Select(f => f.Time.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(48 + (7.0381 / 60), sink.Fixes[0].Latitude!.Value, 12);
        Assert.Equal(1, decoder.Counters[GnssCounter.DuplicateEpochs]);
    }

    [Fact]
    public void The_cycle_ending_sentence_is_learned_and_then_closes_the_epoch_without_waiting()
    {
        var (decoder, sink) = TestNmea.Decoder();
        for (var second = 10; second < 14; second++)
        {
            decoder.Feed(TestNmea.Rmc($"1200{second}.00", "231120") + TestNmea.Gga($"1200{second}.00"));
            decoder.Feed(TestNmea.Sentence("GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1"));
        }

        // Epochs 10 and 11 close when the time changes (learning GSA), epoch 12 closes at its GSA, and so does 13.
        Assert.Equal(4, sink.Fixes.Count);
        Assert.All(sink.Fixes, f => Assert.Equal(2.5, f.Pdop));
    }

    [Fact]
    public void Poll_closes_the_pending_epoch_after_1_5_intervals_from_its_first_byte()
    {
        var (decoder, sink) = TestNmea.Decoder(TestNmea.Options(frequency: 1000)); // timestamps in ms
        decoder.Feed(TestNmea.Gga("120000.00") + TestNmea.Rmc("120000.00", "231120"), 10_000);
        decoder.Poll(11_000);
        decoder.Poll(11_499);
        Assert.Empty(sink.Fixes);
        decoder.Poll(11_500);
        var fix = Assert.Single(sink.Fixes);
        Assert.Equal(10_000, fix.FirstByteTimestamp);
        Assert.Equal(1, decoder.Counters[GnssCounter.EpochTimeouts]);

        // A late sentence of the closed epoch is never a second fix.
        decoder.Feed(TestNmea.Sentence("GPGST,120000.00,0.006,0.023,0.020,273.6,0.030,0.040,0.050"), 11_600);
        decoder.Complete();
        Assert.Single(sink.Fixes);
        Assert.Equal(1, decoder.Counters[GnssCounter.DuplicateEpochs]);
    }

    [Fact]
    public void The_timeout_follows_the_observed_epoch_interval()
    {
        var (decoder, sink) = TestNmea.Decoder(TestNmea.Options(frequency: 1000));
        // Sentence order varies, so no cycle end is learned and only the timeout can close the last epoch.
        decoder.Feed(TestNmea.Gga("120000.00") + TestNmea.Rmc("120000.00", "231120"), 0);
        decoder.Feed(TestNmea.Rmc("120000.20", "231120") + TestNmea.Gga("120000.20"), 200);
        decoder.Feed(TestNmea.Gga("120000.40"), 400);
        Assert.Equal(TimeSpan.FromMilliseconds(200), decoder.EpochInterval);
        Assert.Equal(2, sink.Fixes.Count);
        decoder.Poll(699);
        Assert.Equal(2, sink.Fixes.Count);
        decoder.Poll(700);
        Assert.Equal(3, sink.Fixes.Count);
    }

    [Fact]
    public void FirstByteTimestamp_is_the_arrival_of_the_chunk_holding_the_first_byte_of_the_epoch()
    {
        var (decoder, sink) = TestNmea.Decoder();
        var text = TestNmea.Bytes(TestNmea.Gga("120000.00") + TestNmea.Rmc("120000.00", "231120"));
        decoder.Feed(TestNmea.Bytes("noise\r\n"), 1);
        decoder.Feed(text.AsSpan(0, 3), 2);
        decoder.Feed(text.AsSpan(3), 3);
        decoder.Complete();

        Assert.Equal(2, Assert.Single(sink.Fixes).FirstByteTimestamp);
    }

    [Fact]
    public void UBX_NAV_PVT_and_HPPOSLLH_end_at_NAV_EOE()
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed(TestFrames.NavPvt(123_000, 11, 4, 25, 471290927, 152120432), 5);
        decoder.Feed(TestFrames.HpPosLlh(123_000, 471290927, 152120432, -12, 34), 6);
        Assert.Empty(sink.Fixes);
        decoder.Feed(TestFrames.EndOfEpoch(123_000), 7);

        var fix = Assert.Single(sink.Fixes);
        Assert.Equal(new DateTimeOffset(2022, 10, 11, 11, 4, 25, TimeSpan.Zero), fix.Time);
        Assert.Equal(47.129092688, fix.Latitude!.Value, 12);
        Assert.Equal(15.212043234, fix.Longitude!.Value, 12);
        Assert.Equal(FixSource.Ubx, fix.Source);
        Assert.Equal(FixQuality.RtkFixed, fix.Quality);
        Assert.Equal(FixMode.ThreeD, fix.Mode);
        Assert.Equal(0.0123, fix.HorizontalAccuracy!.Value, 9);
        Assert.Equal(869.218, fix.AltitudeHae!.Value, 9);
        Assert.Equal(826.56, fix.AltitudeMsl!.Value, 9);
        Assert.Equal(1.234, fix.SpeedMps!.Value, 9);
        Assert.Equal(90, fix.CourseDeg!.Value, 9);
        Assert.Equal(17, fix.SatellitesUsed);
        Assert.Equal(1.32, fix.Pdop!.Value, 9);
        Assert.Equal(5, fix.FirstByteTimestamp);
    }

    [Fact]
    public void UBX_without_gnssFixOK_gives_a_no_fix_epoch()
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed(TestFrames.NavPvt(123_000, 11, 4, 25, 471290927, 152120432, fixType: 3, flags: 0), 0);
        decoder.Feed(TestFrames.EndOfEpoch(123_000), 0);

        var fix = Assert.Single(sink.Fixes);
        Assert.Equal(FixMode.NoFix, fix.Mode);
        Assert.Null(fix.Latitude);
    }

    [Fact]
    public void Echo_passes_every_checksum_valid_sentence_without_line_end_only_when_enabled()
    {
        var text = TestNmea.Gga("120000.00") + TestNmea.Sentence("PGRME,15.0,M,45.0,M,25.0,M") + "$GPGGA,bad*00\r\n";
        var (quiet, quietSink) = TestNmea.Decoder();
        quiet.Feed(text);
        Assert.Empty(quietSink.Sentences);

        var (echo, echoSink) = TestNmea.Decoder(TestNmea.Options(echo: true));
        echo.Feed(text);
        Assert.Equal([TestNmea.Gga("120000.00").TrimEnd(), TestNmea.Sentence("PGRME,15.0,M,45.0,M,25.0,M").TrimEnd()], echoSink.Sentences);
    }

    [Fact]
    public void Counters_snapshot_is_readable_text_and_a_dictionary()
    {
        var (decoder, _) = TestNmea.Decoder();
        decoder.Feed(TestNmea.Gga("120000.00") + TestNmea.Rmc("120000.00", "231120"));
        decoder.Complete();

        var snapshot = decoder.Counters.Snapshot();
        Assert.Contains("AcceptedGga: 1\n", snapshot.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, snapshot.ToDictionary()["FixesGnss"]);
        Assert.Equal(1, snapshot[GnssCounter.Epochs]);
    }
}

/// <summary>Talker allow-list: NMEA 4.11 GI (NavIC) and GQ (QZSS) and Quectel's PQ are decoded (deliberate: gpsd may differ).</summary>
public sealed class TalkerTests
{
    [Theory]
    [InlineData("GI")]
    [InlineData("GQ")]
    [InlineData("QZ")]
    [InlineData("PQ")]
    [InlineData("GB")]
    [InlineData("BD")]
    [InlineData("GA")]
    [InlineData("GL")]
    [InlineData("GN")]
    public void Supported_talkers_are_decoded(string talker)
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed(TestNmea.Sentence($"{talker}GGA,123519.00,4807.0381,N,01131.0002,E,1,08,0.9,545.4,M,46.9,M,,"));
        decoder.Feed(TestNmea.Sentence($"{talker}RMC,123519.00,A,4807.0381,N,01131.0002,E,022.4,084.4,231120,003.1,W,A"));
        decoder.Complete();

        Assert.Equal(1, decoder.Counters[GnssCounter.AcceptedGga]);
        Assert.Single(sink.Fixes);
    }

    [Theory]
    [InlineData("IN")]
    [InlineData("II")]
    [InlineData("AP")]
    [InlineData("HC")]
    public void Other_talkers_are_counted_and_never_decoded(string talker)
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed(TestNmea.Sentence($"{talker}GGA,123519.00,4807.0381,N,01131.0002,E,1,08,0.9,545.4,M,46.9,M,,"));
        decoder.Feed(TestNmea.Sentence($"{talker}RMC,123519.00,A,4807.0381,N,01131.0002,E,022.4,084.4,231120,003.1,W,A"));
        decoder.Complete();

        Assert.Equal(2, decoder.Counters[GnssCounter.RejectedUnsupportedTalker]);
        Assert.Empty(sink.Fixes);
    }
}
