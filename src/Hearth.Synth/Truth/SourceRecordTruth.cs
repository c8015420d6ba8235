using Hearth.Synth.World;

namespace Hearth.Synth.Truth;

/// <summary>
/// The truth for every source record: which real person each record (or each slot of a record that names several
/// people) is about. Streamed to truth/source_records.csv as the feeds are written.
/// </summary>
public sealed class SourceRecordTruth : IDisposable
{
    private readonly StreamWriter _writer;

    public SourceRecordTruth(string path)
    {
        _writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        _writer.WriteLine("feed,record_key,slot,person_id");
    }

    public long Count { get; private set; }

    public void Add(string feed, string recordKey, string slot, Person person)
    {
        _writer.Write(feed);
        _writer.Write(',');
        _writer.Write(Noise.Csv.Escape(recordKey));
        _writer.Write(',');
        _writer.Write(slot);
        _writer.Write(',');
        _writer.WriteLine(person.TruthId);
        Count++;
    }

    public void Dispose() => _writer.Dispose();
}
