using System.Globalization;

namespace Hearth.Synth.Noise;

/// <summary>
/// Counts, for every source (a system or a feed) and noise kind, how often the noise could have been applied and
/// how often it was, and keeps a line for every value it changed. Written to the truth folder so that tests and
/// users can check the rates and find every deliberate mistake.
/// </summary>
public sealed class NoiseLedger : IDisposable
{
    private readonly Dictionary<(string Scope, NoiseKind Kind), Counts> _counts = [];
    private readonly List<(string Scope, NoiseKind Kind)> _order = [];
    private readonly StreamWriter? _log;

    public NoiseLedger(string? logPath)
    {
        if (logPath is not null)
        {
            _log = new StreamWriter(logPath, append: false, new System.Text.UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
            _log.WriteLine("scope,record,kind,field,true_value,recorded_value");
        }
    }

    /// <summary>Records a chance for the noise, with the configured rate it is drawn at.</summary>
    public void Opportunity(string scope, NoiseKind kind, double rate)
    {
        var counts = Get(scope, kind);
        counts.Opportunities++;
        counts.RateSum += rate;
    }

    public void Applied(string scope, NoiseKind kind, string record, string field, string? trueValue, string? recordedValue)
    {
        Get(scope, kind).Applied++;
        if (_log is not null)
        {
            _log.Write(Csv.Escape(scope));
            _log.Write(',');
            _log.Write(Csv.Escape(record));
            _log.Write(',');
            _log.Write(kind.ToString());
            _log.Write(',');
            _log.Write(Csv.Escape(field));
            _log.Write(',');
            _log.Write(Csv.Escape(trueValue ?? string.Empty));
            _log.Write(',');
            _log.WriteLine(Csv.Escape(recordedValue ?? string.Empty));
        }
    }

    /// <summary>Draws the noise: counts the chance, and returns true (counting it) when it happens.</summary>
    public bool Draw(Randomness.SynthRandom random, string scope, NoiseKind kind, double rate)
    {
        Opportunity(scope, kind, rate);
        return random.Chance(rate);
    }

    public void WriteSummary(string path)
    {
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine("scope,kind,opportunities,applied,configured_rate,observed_rate");
        foreach (var key in _order.OrderBy(k => k.Scope, StringComparer.Ordinal).ThenBy(k => k.Kind))
        {
            var c = _counts[key];
            var configured = c.Opportunities == 0 ? 0 : c.RateSum / c.Opportunities;
            var observed = c.Opportunities == 0 ? 0 : (double)c.Applied / c.Opportunities;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key.Scope},{key.Kind},{c.Opportunities},{c.Applied},{configured:0.######},{observed:0.######}"));
        }
    }

    public IReadOnlyDictionary<(string Scope, NoiseKind Kind), (long Opportunities, long Applied)> Snapshot() =>
        _counts.ToDictionary(kv => kv.Key, kv => (kv.Value.Opportunities, kv.Value.Applied));

    public void Dispose() => _log?.Dispose();

    private Counts Get(string scope, NoiseKind kind)
    {
        if (!_counts.TryGetValue((scope, kind), out var counts))
        {
            counts = new Counts();
            _counts[(scope, kind)] = counts;
            _order.Add((scope, kind));
        }

        return counts;
    }

    private sealed class Counts
    {
        public long Opportunities;
        public long Applied;
        public double RateSum;
    }
}

internal static class Csv
{
    public static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
