using Hearth.Synth.Noise;
using Hearth.Synth.Randomness;

namespace Hearth.Synth.Feeds;

/// <summary>
/// Mistakes made per row as a feed is written: stray spaces, names in one case, rows twice, blank rows.
/// One instance per feed, drawing from the feed's own random stream in row order.
/// </summary>
public sealed class RowNoise
{
    private readonly SynthRandom _random;
    private readonly NoiseLedger _ledger;
    private readonly NoiseProfile _noise;
    private readonly string _feed;
    private int _caseMode;
    private string _record = string.Empty;

    public RowNoise(string feed, NoiseProfile noise, NoiseLedger ledger, ulong seed)
    {
        _feed = feed;
        _noise = noise;
        _ledger = ledger;
        _random = SynthRandom.For(seed, "row-noise:" + feed);
    }

    /// <summary>Starts a row: decides whether its names are shouted or whispered.</summary>
    public void BeginRow(string recordKey)
    {
        _record = recordKey;
        _caseMode = 0;
        if (_ledger.Draw(_random, _feed, NoiseKind.MixedCase, _noise.MixedCase))
        {
            _caseMode = _random.Chance(0.7) ? 1 : 2;
            _ledger.Applied(_feed, NoiseKind.MixedCase, recordKey, "names", null, _caseMode == 1 ? "UPPER" : "lower");
        }
    }

    /// <summary>A name as written in this row.</summary>
    public string? Name(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        var cased = _caseMode switch
        {
            1 => value.ToUpperInvariant(),
            2 => value.ToLowerInvariant(),
            _ => value,
        };
        return Text(cased, field);
    }

    /// <summary>A free-text value as written in this row, sometimes with stray spaces.</summary>
    public string? Text(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        if (!_ledger.Draw(_random, _feed, NoiseKind.StrayWhitespace, _noise.StrayWhitespace))
        {
            return value;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var noisy = _random.Next(3) switch
        {
            0 => " " + value,
            1 => value + "  ",
            _ => space > 0 ? value.Insert(space, " ") : value + " ",
        };
        _ledger.Applied(_feed, NoiseKind.StrayWhitespace, _record, field, value, noisy);
        return noisy;
    }

    public bool DuplicateThisRow()
    {
        var duplicate = _ledger.Draw(_random, _feed, NoiseKind.DuplicateRow, _noise.DuplicateRow);
        if (duplicate)
        {
            _ledger.Applied(_feed, NoiseKind.DuplicateRow, _record, "row", null, null);
        }

        return duplicate;
    }

    public bool BlankRowAfter()
    {
        var blank = _ledger.Draw(_random, _feed, NoiseKind.BlankRow, _noise.BlankRow);
        if (blank)
        {
            _ledger.Applied(_feed, NoiseKind.BlankRow, _record, "row", null, null);
        }

        return blank;
    }
}
