using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;

namespace Hearth.Synth.Tests;

public class FeedFormatTests(CityFixture city)
{
    public static TheoryData<string> FeedNames =>
    [
        "school_census", "school_attendance", "school_contacts", "school_exclusions", "schools", "cin_census", "cla_episodes", "early_help",
        "police_incidents", "operation_encompass", "marac", "youth_justice", "ae_attendances", "mental_health_referrals", "health_visiting",
        "child_health", "deaths_register", "benefits", "early_years_funding", "housing_tenancies", "homelessness", "council_tax", "nccis",
        "substance_misuse", "gazetteer",
    ];

    [Fact]
    public void Manifest_ListsEveryFeedFileAndEveryRequiredFormat()
    {
        var files = Directory.GetFiles(city.Noisy.FeedsDirectory).Select(Path.GetFileName).Where(f => f != "manifest.json").ToHashSet();
        city.Noisy.Feeds.Select(f => f.File).ToHashSet().ShouldBe(files.Select(f => f!), ignoreOrder: true);
        city.Noisy.Feeds.Select(f => f.Name).ShouldBe(FeedNames.Select(row => (string)row.Data), ignoreOrder: true);
        city.Noisy.Feeds.Count(f => f.Name is not ("gazetteer" or "schools")).ShouldBeGreaterThanOrEqualTo(15);

        var formats = city.Noisy.Feeds.Select(f => f.Format).ToHashSet();
        formats.ShouldBe(["csv", "xlsx", "json_lines", "xml", "fixed_width"], ignoreOrder: true);
        var encodings = city.Noisy.Feeds.Select(f => f.Encoding).ToHashSet();
        encodings.ShouldContain("windows-1252");
        encodings.ShouldContain("utf-8-bom");
        var delimiters = city.Noisy.Feeds.Select(f => f.Delimiter).Where(d => d is not null).ToHashSet();
        delimiters.ShouldContain(",");
        delimiters.ShouldContain("\t");
        delimiters.ShouldContain("|");
        city.Noisy.Feeds.Select(f => f.DateFormat).Where(d => d is not null).Distinct().Count().ShouldBeGreaterThanOrEqualTo(5);
    }

    [Theory]
    [MemberData(nameof(FeedNames))]
    public void Feed_ReadsWithOrdinaryReadersInItsDeclaredEncoding(string name)
    {
        var feed = city.Noisy.Feed(name);
        var path = city.Noisy.FeedPath(name);
        var bytes = File.ReadAllBytes(path);
        bytes.Length.ShouldBeGreaterThan(0);
        switch (feed.Format)
        {
            case "csv":
                CheckEncoding(feed, bytes);
                var rows = FeedReaders.Delimited(path, feed, out var header);
                header.ShouldBe(feed.Columns.Select(c => c.Name).ToArray());
                rows.ShouldNotBeEmpty();
                CheckDates(feed, rows);
                break;
            case "fixed_width":
                CheckEncoding(feed, bytes);
                var records = FeedReaders.FixedWidth(path, feed);
                records.ShouldNotBeEmpty();
                CheckDates(feed, records);
                break;
            case "xlsx":
                var xlsxRows = FeedReaders.Xlsx(path, feed, out var xlsxHeader);
                xlsxHeader.ShouldBe(feed.Columns.Select(c => c.Name).ToArray());
                xlsxRows.ShouldNotBeEmpty();
                xlsxRows.SelectMany(r => r.Where(kv => kv.Key.Contains("Date", StringComparison.Ordinal) || kv.Key.Contains("DOB", StringComparison.Ordinal)))
                    .Where(kv => kv.Value is not null).ShouldAllBe(kv => kv.Value is DateTime);
                using (var document = SpreadsheetDocument.Open(path, isEditable: false))
                {
                    new OpenXmlValidator().Validate(document, TestContext.Current.CancellationToken).Select(e => e.Description).ShouldBeEmpty();
                }

                break;
            case "json_lines":
                CheckEncoding(feed, bytes);
                var lines = File.ReadAllLines(path, new UTF8Encoding(false, true));
                lines.ShouldNotBeEmpty();
                foreach (var line in lines)
                {
                    using var json = JsonDocument.Parse(line);
                    json.RootElement.ValueKind.ShouldBe(JsonValueKind.Object);
                }

                break;
            case "xml":
                CheckEncoding(feed, bytes);
                var record = feed.RecordPath!.Split('/')[^1];
                var count = 0;
                using (var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit }))
                {
                    while (reader.Read())
                    {
                        if (reader.NodeType == XmlNodeType.Element && reader.Name == record)
                        {
                            count++;
                        }
                    }
                }

                count.ShouldBeGreaterThan(0);
                break;
            default:
                throw new InvalidOperationException(feed.Format);
        }
    }

    [Fact]
    public void PoliceFeed_IsReallyWindows1252()
    {
        var feed = city.Noisy.Feed("police_incidents");
        var bytes = File.ReadAllBytes(city.Noisy.FeedPath("police_incidents"));
        bytes.ShouldContain(b => b >= 0x80, "a city this diverse has accented names");
        Should.Throw<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes));
        FeedReaders.EncodingOf(feed).GetString(bytes).ShouldContain(ch => ch >= '\u00C0' && ch <= '\u00FF', "decoded as Windows-1252, accented letters come back");
    }

    private static void CheckEncoding(ManifestFeed feed, byte[] bytes)
    {
        var hasBom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        hasBom.ShouldBe(feed.Encoding == "utf-8-bom", $"{feed.Name} byte order mark");
        switch (feed.Encoding)
        {
            case "utf-8" or "utf-8-bom":
                Should.NotThrow(() => new UTF8Encoding(false, true).GetString(bytes), $"{feed.Name} is not valid UTF-8");
                break;
            case "ascii":
                bytes.ShouldAllBe(b => b < 0x80, $"{feed.Name} is not ASCII");
                break;
        }
    }

    private static void CheckDates(ManifestFeed feed, List<Dictionary<string, string>> rows)
    {
        if (feed.DateFormat is null)
        {
            return;
        }

        var dateColumns = rows[0].Keys.Where(k => k is "DOB" or "BirthDate" || k.EndsWith("Date", StringComparison.Ordinal) && !k.EndsWith("DateTime", StringComparison.Ordinal)).ToList();
        foreach (var row in rows)
        {
            foreach (var column in dateColumns)
            {
                var value = row[column];
                if (value.Length > 0)
                {
                    DateOnly.TryParseExact(value, feed.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                        .ShouldBeTrue($"{feed.Name}.{column} = '{value}' does not match {feed.DateFormat}");
                }
            }
        }
    }
}
