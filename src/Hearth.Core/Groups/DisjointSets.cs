namespace Hearth.Core.Groups;

/// <summary>Union-find over golden ids; the representative of a set is its smallest id, so results are deterministic.</summary>
internal sealed class DisjointSets
{
    private readonly Dictionary<long, long> parent = [];

    public long Find(long x)
    {
        if (!parent.TryGetValue(x, out var p))
        {
            parent[x] = x;
            return x;
        }

        while (p != x)
        {
            var grand = parent[p];
            parent[x] = grand;
            x = p;
            p = grand;
        }

        return x;
    }

    public void Union(long a, long b)
    {
        var ra = Find(a);
        var rb = Find(b);
        if (ra != rb)
        {
            if (ra < rb)
            {
                parent[rb] = ra;
            }
            else
            {
                parent[ra] = rb;
            }
        }
    }

    public IEnumerable<long> Items => parent.Keys;
}
