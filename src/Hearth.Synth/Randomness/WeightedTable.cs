namespace Hearth.Synth.Randomness;

/// <summary>Items with relative integer weights, drawn in O(log n) by binary search over cumulative weights.</summary>
public sealed class WeightedTable<T>
{
    private readonly T[] _items;
    private readonly long[] _cumulative;

    public WeightedTable(IEnumerable<(T Item, int Weight)> entries)
    {
        var items = new List<T>();
        var cumulative = new List<long>();
        long total = 0;
        foreach (var (item, weight) in entries)
        {
            if (weight <= 0)
            {
                continue;
            }

            total += weight;
            items.Add(item);
            cumulative.Add(total);
        }

        if (items.Count == 0)
        {
            throw new ArgumentException("A weighted table needs at least one item with a positive weight.", nameof(entries));
        }

        _items = [.. items];
        _cumulative = [.. cumulative];
    }

    public int Count => _items.Length;

    public IReadOnlyList<T> Items => _items;

    public T Pick(SynthRandom random)
    {
        var total = _cumulative[^1];
        var target = (long)(random.NextDouble() * total);
        var index = Array.BinarySearch(_cumulative, target + 1);
        if (index < 0)
        {
            index = ~index;
        }

        return _items[index];
    }
}

/// <summary>Builds weighted tables from literal entries.</summary>
public static class WeightedTable
{
    public static WeightedTable<T> Of<T>(params (T Item, int Weight)[] entries) => new(entries);
}
