using System.Text;
using Dapper;
using Hearth.Services.Ingestion;
using Hearth.Services.Persistence;
using Hearth.Synth.Feeds;
using Hearth.TestCommon;

namespace Hearth.Services.Tests;

/// <summary>
/// Every kind of bad input the issue lists: each gets a clear error or a quarantine reason, and nothing already stored
/// changes. Each test first loads a good file, then the bad one.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private const string Header = "Id,Forename,Surname,DOB,NHS,Postcode";
    private static readonly string[] GoodRows = ["P1,Amira,Khan,04/05/2012,9434765919,HF1 2AB", "P2,Jack,O'Brien,11/12/2010,,HF2 3CD", "P3,Zoë,Nowak,01/02/2014,,HF3 4EF"];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hearth-bad-input-" + Guid.NewGuid().ToString("N"));
    private readonly FixedTime _time = FixedTime.At(2026, 10, 1);

    public BadInputTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "definitions"));
        foreach (var (name, format) in new[]
        {
            ("pupils", """{ "type": "csv", "encoding": "utf-8" }"""),
            ("pupils_lines", """{ "type": "json_lines" }"""),
            ("pupils_xml", """{ "type": "xml", "record_path": "/Pupils/Pupil" }"""),
            ("pupils_xlsx", """{ "type": "xlsx", "sheet": "Pupils" }"""),
        })
        {
            File.WriteAllText(Path.Combine(_folder, "definitions", name + ".json"), $$"""
                {
                  "name": "{{name}}", "system": "Test school system", "lawful_basis": { "article6": "public_task" }, "trust_rank": 20,
                  "format": {{format}},
                  "key": ["Id"],
                  "persons": [{ "slot": "pupil", "local_id": "Id", "name": { "forename": "Forename", "surname": "Surname" },
                                "date_of_birth": { "field": "DOB", "formats": ["dd/MM/yyyy"] }, "nhs_number": "NHS", "address": { "postcode": "Postcode" } }],
                  "validation": [
                    { "rule": "required", "fields": ["Id", "Surname"], "severity": "blocking" },
                    { "rule": "no_formula", "fields": ["Forename", "Surname"], "severity": "blocking" }
                  ]
                }
                """);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void MissingFile_IsAClearErrorAndChangesNothing(StoreProvider provider) =>
        FailsAndChangesNothing(provider, "pupils", "missing.csv", write: null, "does not exist");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void EmptyFile_IsAClearErrorAndChangesNothing(StoreProvider provider) =>
        FailsAndChangesNothing(provider, "pupils", "empty.csv", path => File.WriteAllBytes(path, []), "is empty");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void HeaderOnly_RefusesToRemoveEveryRecordUnlessAllowed(StoreProvider provider)
    {
        FailsAndChangesNothing(provider, "pupils", "header.csv", path => File.WriteAllText(path, Header + "\n"), "has no records");

        using var store = TestStore.Create(provider);
        LoadGood(store);
        File.WriteAllText(Path.Combine(_folder, "header.csv"), Header + "\n");
        WriteManifest("pupils", "header.csv");
        var result = Run(store, allowEmpty: true);
        result.Status.ShouldBe(LoadStatus.Completed);
        result.Removed.ShouldBe(GoodRows.Length);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void MissingHeader_NamesTheMissingColumnAndChangesNothing(StoreProvider provider) =>
        FailsAndChangesNothing(provider, "pupils", "wrong-header.csv", path => File.WriteAllText(path, "Id,Forename,FamilyName,DOB,NHS,Postcode\nP9,A,B,01/01/2010,,\n"), "lacks the column Surname");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void DuplicatedHeader_IsAClearErrorAndChangesNothing(StoreProvider provider) =>
        FailsAndChangesNothing(provider, "pupils", "dup-header.csv", path => File.WriteAllText(path, Header + ",Surname\nP9,A,B,01/01/2010,,,C\n"), "more than once");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void RowWithTooManyColumns_IsQuarantinedWithTheReason(StoreProvider provider) =>
        QuarantinesAndKeepsTheRest(provider, "pupils", "extra.csv",
            path => File.WriteAllLines(path, [Header, .. GoodRows, "P4,Extra,Field,01/01/2010,,HF1 2AB,surplus"]),
            "too_many_fields");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void RowWithInvalidUtf8_IsQuarantinedWithTheReason(StoreProvider provider) =>
        QuarantinesAndKeepsTheRest(provider, "pupils", "bad-utf8.csv",
            path =>
            {
                var good = Encoding.UTF8.GetBytes(string.Join("\n", [Header, .. GoodRows]) + "\n");
                File.WriteAllBytes(path, [.. good, .. "P4,Ren"u8.ToArray(), 0xE9, 0xFF, .. ",Lee,01/01/2010,,\n"u8.ToArray()]);
            },
            "invalid_encoding");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void FormulaInjectionCells_AreQuarantined(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        LoadGood(store);
        var before = CurrentRecords(store);
        var path = Path.Combine(_folder, "formula.csv");
        File.WriteAllLines(path, [Header, .. GoodRows, "P4,=HYPERLINK(\"http://x\"),Smith,01/01/2010,,", "P5,Ann,+cmd|' /C calc'!A0,01/01/2010,,", "P6,@SUM(A1:A9),Lee,01/01/2010,,", "P7,Ann,-Lee,01/01/2010,,", "P8,Ann,Smith-Jones,01/01/2010,,"]);
        WriteManifest("pupils", "formula.csv");

        var result = Run(store);

        result.Quarantined.ShouldBe(4);
        result.QuarantineReasons.Keys.ShouldAllBe(r => r.StartsWith("formula_like:", StringComparison.Ordinal));
        result.New.ShouldBe(1, "Smith-Jones is an ordinary surname");
        before.ShouldBeSubsetOf(CurrentRecords(store));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void HundredMegabyteLineInCsv_IsAClearErrorAndChangesNothing(StoreProvider provider) =>
        FailsAndChangesNothing(provider, "pupils", "huge.csv", path =>
        {
            using var writer = new StreamWriter(path);
            writer.WriteLine(Header);
            writer.WriteLine(GoodRows[0]);
            writer.Write("P4,");
            writer.Write(new string('x', 100 * 1024 * 1024));
            writer.WriteLine(",Lee,01/01/2010,,");
        }, "longer than");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void HundredMegabyteLineInJsonLines_IsQuarantinedAndTheRestLoads(StoreProvider provider) =>
        QuarantinesAndKeepsTheRest(provider, "pupils_lines", "huge.jsonl", path =>
        {
            using var writer = new StreamWriter(path);
            foreach (var row in GoodRows)
            {
                var f = row.Split(',');
                writer.WriteLine($$"""{"Id":"{{f[0]}}","Forename":"{{f[1]}}","Surname":"{{f[2]}}","DOB":"{{f[3]}}","NHS":"{{f[4]}}","Postcode":"{{f[5]}}"}""");
            }

            writer.Write("{\"Id\":\"P4\",\"Forename\":\"");
            writer.Write(new string('x', 100 * 1024 * 1024));
            writer.WriteLine("\"}");
        }, "record_too_long", good: "pupils_lines");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void TruncatedXlsx_IsAClearErrorAndChangesNothing(StoreProvider provider) =>
        FailsAndChangesNothing(provider, "pupils_xlsx", "truncated.xlsx", path =>
        {
            WriteXlsx(path);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        }, "damaged");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void XmlBomb_IsRefusedAndChangesNothing(StoreProvider provider) =>
        FailsAndChangesNothing(provider, "pupils_xml", "bomb.xml", path => File.WriteAllText(path, """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
            ]>
            <Pupils><Pupil><Id>P1</Id><Surname>&lol9;</Surname></Pupil></Pupils>
            """), "DTD");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void MalformedXml_IsAClearErrorAndChangesNothing(StoreProvider provider) =>
        FailsAndChangesNothing(provider, "pupils_xml", "broken.xml", path => File.WriteAllText(path,
            "<Pupils><Pupil><Id>P1</Id><Surname>Khan</Surname></Pupil><Pupil><Id>P2</Id><Surname>Lee</Pupil></Pupils>"), "malformed");

    [Fact]
    public void ValidXlsx_Loads()
    {
        using var store = TestStore.Create(StoreProvider.Sqlite);
        var path = Path.Combine(_folder, "pupils.xlsx");
        WriteXlsx(path);
        WriteManifest("pupils_xlsx", "pupils.xlsx");
        var result = Run(store);
        result.Status.ShouldBe(LoadStatus.Completed, result.Error);
        result.Loaded.ShouldBe(GoodRows.Length);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private string Definitions => Path.Combine(_folder, "definitions");

    private FeedLoadResult Run(TestStore store, bool allowEmpty = false) =>
        new IngestService(store.Location, _time).Ingest(new IngestCommand(_folder, Definitions) { AllowEmpty = allowEmpty }, null, TestContext.Current.CancellationToken).Feeds.Single();

    private void FailsAndChangesNothing(StoreProvider provider, string feed, string file, Action<string>? write, string expectedMessage)
    {
        using var store = TestStore.Create(provider);
        LoadGood(store);
        var before = StoreSnapshot.Of(store.Location);
        write?.Invoke(Path.Combine(_folder, file));
        WriteManifest(feed, file);

        var result = Run(store);

        result.Status.ShouldBe(LoadStatus.Failed);
        result.Error.ShouldNotBeNull().ShouldContain(expectedMessage, Case.Insensitive);
        StoreSnapshot.Of(store.Location).ShouldEqual(before);
    }

    private void QuarantinesAndKeepsTheRest(StoreProvider provider, string feed, string file, Action<string> write, string expectedReason, string good = "pupils")
    {
        using var store = TestStore.Create(provider);
        LoadGood(store, good);
        var before = CurrentRecords(store);
        write(Path.Combine(_folder, file));
        WriteManifest(feed, file);

        var result = Run(store);

        result.Status.ShouldBe(LoadStatus.Completed, result.Error);
        result.Quarantined.ShouldBe(1);
        result.QuarantineReasons.Keys.ShouldContain(expectedReason);
        result.Read.ShouldBe(result.Loaded + result.Quarantined);
        result.Unchanged.ShouldBe(GoodRows.Length);
        CurrentRecords(store).ShouldBe(before, ignoreOrder: true);
        using var connection = store.Location.Open();
        connection.ExecuteScalar<string>("SELECT raw FROM quarantine").ShouldNotBeNullOrEmpty();
    }

    private void LoadGood(TestStore store, string feed = "pupils")
    {
        string file;
        if (feed == "pupils_lines")
        {
            file = "good.jsonl";
            File.WriteAllLines(Path.Combine(_folder, file), GoodRows.Select(row =>
            {
                var f = row.Split(',');
                return $$"""{"Id":"{{f[0]}}","Forename":"{{f[1]}}","Surname":"{{f[2]}}","DOB":"{{f[3]}}","NHS":"{{f[4]}}","Postcode":"{{f[5]}}"}""";
            }));
        }
        else
        {
            file = "good.csv";
            File.WriteAllLines(Path.Combine(_folder, file), [Header, .. GoodRows]);
            feed = "pupils";
        }

        WriteManifest(feed, file);
        var result = Run(store);
        result.Status.ShouldBe(LoadStatus.Completed, result.Error);
        result.Loaded.ShouldBe(GoodRows.Length);
    }

    private static List<string> CurrentRecords(TestStore store)
    {
        using var connection = store.Location.Open();
        return [.. connection.Query<string>("SELECT feed || ':' || record_key || ':' || row_hash FROM records WHERE retired_load_id IS NULL")];
    }

    private void WriteManifest(string feed, string file) =>
        File.WriteAllText(Path.Combine(_folder, "manifest.json"), $$"""{ "feeds": [ { "name": "{{feed}}", "file": "{{file}}" } ] }""");

    private static void WriteXlsx(string path)
    {
        var descriptor = new FeedDescriptor
        {
            Name = "pupils_xlsx",
            System = "test",
            Description = "test",
            Format = FeedFormat.Xlsx,
            File = Path.GetFileName(path),
            Encoding = "utf-8",
            Sheet = "Pupils",
            Columns = [.. Header.Split(',').Select(c => new FeedColumn(c, ColumnKind.Text))],
            Key = ["Id"],
            Entities = ["person"],
            Identifiers = "test",
        };
        using var sink = new XlsxSink(path, descriptor, []);
        foreach (var row in GoodRows)
        {
            sink.WriteRow([.. row.Split(',').Select(v => (object?)v)]);
        }
    }
}
