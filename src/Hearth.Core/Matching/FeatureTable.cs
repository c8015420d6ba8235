using System.Collections.Concurrent;

namespace Hearth.Core.Matching;

/// <summary>
/// Interned text for compiled comparisons: each distinct string (and each UPRN) gets an integer id, so that equality is
/// an integer comparison and a pair of names can be remembered by a pair of ids. Safe to intern from many threads.
/// </summary>
public sealed class FeatureContext
{
    /// <summary>The id of a missing value.</summary>
    public const int Missing = -1;

    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, int> _numberIds = new();
    private int _next = -1;
    private string?[] _texts = [];
    private bool _sealed;

    /// <summary>
    /// The id of a string, or <see cref="Missing"/> for null. Safe from many threads until <see cref="Seal"/>; after it,
    /// from one thread at a time (as a table grows record by record).
    /// </summary>
    public int Intern(string? value)
    {
        if (value is null)
        {
            return Missing;
        }

        if (!_sealed)
        {
            return _ids.GetOrAdd(value, _ => Interlocked.Increment(ref _next));
        }

        if (_ids.TryGetValue(value, out var id))
        {
            return id;
        }

        id = ++_next;
        _ids[value] = id;
        if (id >= _texts.Length)
        {
            Array.Resize(ref _texts, Math.Max(16, _texts.Length * 2));
        }

        _texts[id] = value;
        return id;
    }

    /// <summary>The id of a number (a UPRN), or <see cref="Missing"/> for null; numbers have ids of their own, apart from strings'.</summary>
    public int Intern(long? value) => value is not { } number ? Missing : _numberIds.GetOrAdd(number, _ => Interlocked.Increment(ref _next));

    /// <summary>The string an id stands for (after <see cref="Seal"/>).</summary>
    public string Text(int id) => _texts[id] ?? throw new ArgumentOutOfRangeException(nameof(id), id, "Not the id of a string.");

    /// <summary>How many ids were handed out.</summary>
    public int Count => _next + 1;

    /// <summary>Makes every interned string readable by id; called once all features are written.</summary>
    public void Seal()
    {
        var texts = new string?[Count];
        foreach (var (text, id) in _ids)
        {
            texts[id] = text;
        }

        _texts = texts;
        _sealed = true;
    }
}

/// <summary>Levels a compiled comparison has worked out for pairs of interned values, shared by every thread of a run.</summary>
public sealed class PairMemo
{
    private readonly ConcurrentDictionary<long, sbyte> _levels = new();

    /// <summary>The remembered level of two ids in this order, or the one <paramref name="compute"/> gives (then remembered).</summary>
    public int Get<TState>(int left, int right, TState state, Func<TState, int> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        var key = ((long)left << 32) | (uint)right;
        if (_levels.TryGetValue(key, out var level))
        {
            return level;
        }

        var computed = compute(state);
        _levels.TryAdd(key, (sbyte)computed);
        return computed;
    }
}

/// <summary>
/// The records' comparison features in one flat table, a row per record, so that comparing a pair reads two short rows
/// of integers rather than chasing two objects and their strings through memory: on a million records that is most of
/// the cost of scoring. Comparisons without a compiled form run on the records. The levels are exactly those of
/// <see cref="Comparison.Compare"/> (tested pair by pair).
/// </summary>
public sealed class FeatureTable
{
    private readonly List<MatchRecord> _records;
    private readonly IReadOnlyList<Comparison> _comparisons;
    private readonly int[] _offsets;
    private readonly int[] _widths;
    private readonly PairMemo[] _memos;
    private readonly int _stride;
    private int[] _rows;

    private FeatureTable(IReadOnlyList<MatchRecord> records, IReadOnlyList<Comparison> comparisons)
    {
        _records = [.. records];
        _comparisons = comparisons;
        _offsets = new int[comparisons.Count];
        _widths = new int[comparisons.Count];
        _memos = new PairMemo[comparisons.Count];
        for (var c = 0; c < comparisons.Count; c++)
        {
            _offsets[c] = _stride;
            _widths[c] = comparisons[c].FeatureWidth;
            _stride += _widths[c];
            _memos[c] = new PairMemo();
        }

        _rows = new int[(long)records.Count * _stride];
    }

    /// <summary>The interned text.</summary>
    public FeatureContext Context { get; } = new();

    /// <summary>The records, in the order rows are numbered.</summary>
    public IReadOnlyList<MatchRecord> Records => _records;

    /// <summary>An empty table that grows a record at a time (<see cref="Append"/>), from one thread.</summary>
    public static FeatureTable Empty(IReadOnlyList<Comparison> comparisons)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        var table = new FeatureTable([], comparisons);
        table.Context.Seal();
        return table;
    }

    /// <summary>Adds a record's row; returns its index. Not safe alongside other calls on other threads.</summary>
    public int Append(MatchRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var index = _records.Count;
        if ((index + 1) * _stride > _rows.Length)
        {
            Array.Resize(ref _rows, Math.Max(1024 * _stride, _rows.Length * 2));
        }

        _records.Add(record);
        var row = _rows.AsSpan(index * _stride, _stride);
        for (var c = 0; c < _comparisons.Count; c++)
        {
            if (_widths[c] > 0)
            {
                _comparisons[c].WriteFeatures(record, row.Slice(_offsets[c], _widths[c]), Context);
            }
        }

        return index;
    }

    /// <summary>Builds the table for the records (in parallel).</summary>
    public static FeatureTable Build(IReadOnlyList<MatchRecord> records, IReadOnlyList<Comparison> comparisons)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(comparisons);
        var table = new FeatureTable(records, comparisons);
        Parallel.ForEach(Partitioner.Create(0, records.Count, 8192), range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                var row = table._rows.AsSpan(i * table._stride, table._stride);
                for (var c = 0; c < comparisons.Count; c++)
                {
                    if (table._widths[c] > 0)
                    {
                        comparisons[c].WriteFeatures(records[i], row.Slice(table._offsets[c], table._widths[c]), table.Context);
                    }
                }
            }
        });
        table.Context.Seal();
        return table;
    }

    /// <summary>One comparison's level for two records, by their indexes.</summary>
    public int Compare(int comparison, int left, int right)
    {
        var width = _widths[comparison];
        if (width == 0)
        {
            return _comparisons[comparison].Compare(_records[left], _records[right]);
        }

        var offset = _offsets[comparison];
        return _comparisons[comparison].CompareFeatures(
            _rows.AsSpan((left * _stride) + offset, width), _rows.AsSpan((right * _stride) + offset, width), Context, _memos[comparison]);
    }

    /// <summary>Every comparison's level for two records, by their indexes.</summary>
    public void Levels(int left, int right, Span<sbyte> levels)
    {
        for (var c = 0; c < _comparisons.Count; c++)
        {
            levels[c] = (sbyte)Compare(c, left, right);
        }
    }

    /// <summary>Whether every comparison has a compiled form, so that a row holds everything the comparisons read.</summary>
    public bool Complete => _widths.All(w => w > 0);

    /// <summary>A record's row of features.</summary>
    public ReadOnlySpan<int> Row(int record) => _rows.AsSpan(record * _stride, _stride);

    /// <summary>The interned id of a comparison's term-frequency value for a record, or <see cref="FeatureContext.Missing"/>.</summary>
    public int TermFrequencyId(int comparison, int record)
    {
        var feature = _comparisons[comparison].TermFrequencyFeature;
        return feature < 0 || _widths[comparison] == 0 ? FeatureContext.Missing : _rows[(record * _stride) + _offsets[comparison] + feature];
    }
}
