using System.Text.Json;
using System.Xml;

namespace Hearth.Synth.Tests;

public class TruthIntegrityTests(CityFixture city)
{
    public static TheoryData<string, string> PersonColumns => new()
    {
        { "households.csv", "person_id" },
        { "families.csv", "person_id" },
        { "relationships.csv", "person_a" },
        { "relationships.csv", "person_b" },
        { "networks.csv", "person_id" },
        { "placements.csv", "person_id" },
        { "family_needs.csv", "carrier_person_id" },
        { "source_records.csv", "person_id" },
        { "people.csv", "mother_id" },
        { "people.csv", "father_id" },
    };

    [Theory]
    [MemberData(nameof(PersonColumns))]
    public void Truth_EveryPersonReference_IsAGeneratedPerson(string file, string column)
    {
        var rows = city.Noisy.Truth(file);
        var references = rows.Select(r => r[column]).Where(id => id.Length > 0).ToList();
        if (file is not ("networks.csv" or "placements.csv"))
        {
            references.ShouldNotBeEmpty();
        }

        references.Where(id => !city.Noisy.People.ContainsKey(id)).ShouldBeEmpty();
    }

    /// <summary>A mailbox belongs to one person, as NHS numbers and NI numbers do.</summary>
    [Theory]
    [InlineData("email")]
    [InlineData("nhs_number")]
    [InlineData("nino")]
    public void People_UniqueIdentifiers_AreNeverShared(string column)
    {
        var values = city.Noisy.Truth("people.csv").Select(r => r[column]).Where(v => v.Length > 0).ToList();
        values.ShouldNotBeEmpty();
        values.GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();
    }

    [Fact]
    public void Truth_IntervalsEndAfterTheyStart()
    {
        foreach (var file in new[] { "households.csv", "families.csv", "relationships.csv", "networks.csv", "placements.csv", "family_needs.csv" })
        {
            city.Noisy.Truth(file).Where(r => r["to"].Length > 0 && string.CompareOrdinal(r["to"], r["from"]) < 0)
                .ShouldBeEmpty($"{file} has an interval that ends before it starts");
        }
    }

    /// <summary>Every record of every person feed has a truth row for each person it names, and nothing else does.</summary>
    [Fact]
    public void SourceRecords_EveryFeedRecord_HasItsTruth()
    {
        foreach (var feed in city.Noisy.Feeds.Where(f => f.Name is not ("gazetteer" or "schools")))
        {
            var keys = RecordKeys(feed);
            keys.Count.ShouldBeGreaterThan(0, feed.Name);
            var truth = SourceRecords.For(city.Noisy, feed.Name);
            keys.ShouldBe(truth.Keys.ToHashSet(StringComparer.Ordinal), ignoreOrder: true, $"{feed.Name}: record keys in the file and in the truth differ");
        }
    }

    private HashSet<string> RecordKeys(ManifestFeed feed)
    {
        var path = city.Noisy.FeedPath(feed.Name);
        switch (feed.Format)
        {
            case "csv":
                return FeedReaders.Delimited(path, feed, out _).Select(r => string.Join('|', feed.Key.Select(k => r[k]))).ToHashSet(StringComparer.Ordinal);
            case "fixed_width":
                return FeedReaders.FixedWidth(path, feed).Select(r => string.Join('|', feed.Key.Select(k => r[k]))).ToHashSet(StringComparer.Ordinal);
            case "xlsx":
                return FeedReaders.Xlsx(path, feed, out _).Select(r => string.Join('|', feed.Key.Select(k => Excel(r[k])))).ToHashSet(StringComparer.Ordinal);
            case "json_lines":
                var field = feed.Key.Single();
                return File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty(field).GetString()!).ToHashSet(StringComparer.Ordinal);
            case "xml":
                var record = feed.RecordPath!.Split('/')[^1];
                var keyPath = feed.Key.Single().Split('/');
                var keys = new HashSet<string>(StringComparer.Ordinal);
                using (var reader = XmlReader.Create(path))
                {
                    while (reader.ReadToFollowing(record))
                    {
                        using var subtree = reader.ReadSubtree();
                        var element = System.Xml.Linq.XElement.Load(subtree);
                        var node = element;
                        foreach (var part in keyPath)
                        {
                            node = node.Element(part)!;
                        }

                        keys.Add(node.Value);
                    }
                }

                return keys;
            default:
                throw new InvalidOperationException(feed.Format);
        }
    }

    private static string Excel(object? value) => value switch
    {
        null => string.Empty,
        DateTime d => d.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture),
        double x => x.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
