using System.Text.Json;
using System.Xml;
using Hearth.Synth.Truth;
using Hearth.Synth.World;

namespace Hearth.Synth.Feeds;

/// <summary>A feed file being written: its descriptor, its row noise, and the truth of whom each record is about.</summary>
public abstract class Feed : IDisposable
{
    protected Feed(FeedDescriptor descriptor, RowNoise noise, SourceRecordTruth truth)
    {
        Descriptor = descriptor;
        Noise = noise;
        Truth = truth;
    }

    public FeedDescriptor Descriptor { get; }

    public RowNoise Noise { get; }

    protected SourceRecordTruth Truth { get; }

    public long Records { get; protected set; }

    private bool _closed;

    /// <summary>Closes the file. Safe to call more than once: the feed set closes every feed it opened at the end.</summary>
    public void Dispose()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        Close();
        GC.SuppressFinalize(this);
    }

    protected abstract void Close();

    /// <summary>Records whom a record (or one slot of it) is about.</summary>
    public void About(string recordKey, string slot, Person person) => Truth.Add(Descriptor.Name, recordKey, slot, person);
}

/// <summary>A CSV, fixed-width or xlsx feed: one row per record.</summary>
public sealed class TabularFeed : Feed
{
    private readonly ITabularSink _sink;
    private readonly ColumnKind[] _kinds;
    private readonly string[] _names;
    private readonly int[] _keyColumns;

    public TabularFeed(FeedDescriptor descriptor, ITabularSink sink, RowNoise noise, SourceRecordTruth truth)
        : base(descriptor, noise, truth)
    {
        _sink = sink;
        _kinds = descriptor.Columns!.Select(c => c.Kind).ToArray();
        _names = descriptor.Columns!.Select(c => c.Name).ToArray();
        _keyColumns = descriptor.Key.Select(k => Array.IndexOf(_names, k)).ToArray();
        if (_keyColumns.Any(i => i < 0) || _keyColumns.Any(i => _kinds[i] is ColumnKind.Name or ColumnKind.Text or ColumnKind.Address))
        {
            throw new ArgumentException($"Feed {descriptor.Name} has a key column that is missing or can be changed by noise.", nameof(descriptor));
        }
    }

    /// <summary>
    /// Writes one record. Its key, for the truth, is the feed's key columns as written, joined with '|'. Names and
    /// free text get row noise; the record may be written twice or followed by a blank row. <paramref name="people"/>
    /// says whom each slot of the record is about.
    /// </summary>
    public void Write(object?[] values, params ReadOnlySpan<(string Slot, Person Person)> people)
    {
        if (values.Length != _kinds.Length)
        {
            throw new ArgumentException($"Feed {Descriptor.Name} has {_kinds.Length} columns but was given {values.Length} values.", nameof(values));
        }

        var recordKey = string.Join('|', _keyColumns.Select(i => FeedValues.Fold(FeedValues.Format(values[i], Descriptor), Descriptor)));
        Noise.BeginRow(recordKey);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is string text)
            {
                values[i] = _kinds[i] switch
                {
                    ColumnKind.Name => Noise.Name(text, _names[i]),
                    ColumnKind.Text or ColumnKind.Address => Noise.Text(text, _names[i]),
                    _ => text,
                };
            }
        }

        _sink.WriteRow(values);
        Records++;
        foreach (var (slot, person) in people)
        {
            About(recordKey, slot, person);
        }

        if (Noise.DuplicateThisRow())
        {
            _sink.WriteRow(values);
        }

        if (Descriptor.Format is FeedFormat.Csv or FeedFormat.FixedWidth && Noise.BlankRowAfter())
        {
            _sink.WriteBlankRow();
        }
    }

    protected override void Close() => _sink.Dispose();
}

/// <summary>A JSON Lines feed: one JSON object per line, written by the feed's own code.</summary>
public sealed class JsonLinesFeed : Feed
{
    private readonly Stream _stream;
    private readonly ArrayBufferWriterStream _buffer = new();

    public JsonLinesFeed(FeedDescriptor descriptor, string path, RowNoise noise, SourceRecordTruth truth)
        : base(descriptor, noise, truth)
    {
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    }

    public void Write(string recordKey, Action<Utf8JsonWriter> writeObject)
    {
        Noise.BeginRow(recordKey);
        _buffer.Reset();
        using (var writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writeObject(writer);
        }

        _buffer.WriteByte((byte)'\n');
        _buffer.WriteTo(_stream);
        Records++;
        if (Noise.DuplicateThisRow())
        {
            _buffer.WriteTo(_stream);
        }
    }

    protected override void Close() => _stream.Dispose();

    /// <summary>A reusable in-memory buffer so each line can be written again when the row is duplicated.</summary>
    private sealed class ArrayBufferWriterStream : Stream
    {
        private byte[] _bytes = new byte[4096];
        private int _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public void Reset() => _length = 0;

        public void WriteTo(Stream destination) => destination.Write(_bytes, 0, _length);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_length + buffer.Length > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + buffer.Length));
            }

            buffer.CopyTo(_bytes.AsSpan(_length));
            _length += buffer.Length;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>An XML feed: a root element holding repeated records, written by the feed's own code.</summary>
public sealed class XmlFeed : Feed
{
    private readonly XmlWriter _writer;

    public XmlFeed(FeedDescriptor descriptor, string path, RowNoise noise, SourceRecordTruth truth, string rootElement, Action<XmlWriter> writeHeader)
        : base(descriptor, noise, truth)
    {
        var encoding = FeedValues.EncodingOf(descriptor);
        _writer = XmlWriter.Create(path, new XmlWriterSettings { Encoding = encoding, Indent = true, IndentChars = "  ", NewLineChars = "\n" });
        _writer.WriteStartDocument();
        _writer.WriteStartElement(rootElement);
        writeHeader(_writer);
    }

    public XmlWriter Writer => _writer;

    public void Write(string recordKey, Action<XmlWriter> writeRecord)
    {
        Noise.BeginRow(recordKey);
        writeRecord(_writer);
        Records++;
    }

    /// <summary>Writes an element only when it has a value, as XML returns leave out empty optional items.</summary>
    public void Element(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _writer.WriteElementString(name, FeedValues.Fold(value, Descriptor));
        }
    }

    protected override void Close()
    {
        _writer.WriteEndDocument();
        _writer.Dispose();
    }
}
