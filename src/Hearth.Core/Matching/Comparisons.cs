using Hearth.Core.Text;

namespace Hearth.Core.Matching;

/// <summary>
/// Forenames: exact; swapped with the surname; a nickname, short form or transliteration of each other; one typo or
/// Jaro-Winkler at least 0.92; sounding alike (Double Metaphone) or Jaro-Winkler at least 0.85; the same initial where
/// one side holds only an initial; different.
/// </summary>
public sealed class ForenameComparison(NameEquivalents equivalents) : Comparison
{
    private static readonly string[] LevelNames =
    [
        "exact", "forename and surname swapped", "nickname or transliteration", "one typo or Jaro-Winkler ≥ 0.92",
        "sounds alike or Jaro-Winkler ≥ 0.85", "same initial", "different",
    ];

    /// <inheritdoc/>
    public override string Name => "forename";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Levels => LevelNames;

    /// <inheritdoc/>
    public override IReadOnlyList<double> StartingM { get; } = [0.85, 0.005, 0.05, 0.04, 0.02, 0.015, 0.02];

    /// <inheritdoc/>
    public override int Compare(MatchRecord left, MatchRecord right)
    {
        var a = left.Forename;
        var b = right.Forename;
        if (a is null || b is null)
        {
            // An initials-only record still says something about the forename's first letter.
            if ((a is null && left.Initials is null) || (b is null && right.Initials is null))
            {
                return NoEvidence;
            }

            return left.ForenameInitial == right.ForenameInitial ? 5 : 6;
        }

        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 0;
        }

        if (Swapped(left, right, equivalents))
        {
            return 1;
        }

        if (equivalents.AreEquivalent(a, b))
        {
            return 2;
        }

        if (EditDistance.WithinOne(a, b))
        {
            return 3;
        }

        var similarity = Similarity.JaroWinkler(a, b);
        if (similarity >= 0.92)
        {
            return 3;
        }

        if (similarity >= 0.85 || DoubleMetaphone.Agree(left.ForenamePhonetic, right.ForenamePhonetic))
        {
            return 4;
        }

        return a.Length == 1 || b.Length == 1 ? (a[0] == b[0] ? 5 : 6) : 6;
    }

    /// <inheritdoc/>
    public override string? TermFrequencyValue(MatchRecord record) => record.Forename;

    /// <inheritdoc/>
    public override string? Describe(MatchRecord record) => record.Forename ?? (record.Initials is { } i ? "initials " + i : null);

    /// <summary>
    /// Forename and surname recorded the wrong way round in one of the two records: each name close to the other
    /// record's other name (equal, a listed equivalent, one typo, or Jaro-Winkler at least 0.92), at least one of them
    /// exactly, and the names not closer the straight way round.
    /// </summary>
    internal static bool Swapped(MatchRecord left, MatchRecord right, NameEquivalents? equivalents)
    {
        if (left.Forename is not { } lf || left.Surname is not { } ls || right.Forename is not { } rf || right.Surname is not { } rs
            || string.Equals(lf, ls, StringComparison.Ordinal) || string.Equals(lf, rf, StringComparison.Ordinal) || string.Equals(ls, rs, StringComparison.Ordinal))
        {
            return false;
        }

        var crossExact = string.Equals(lf, rs, StringComparison.Ordinal) || string.Equals(ls, rf, StringComparison.Ordinal);
        return crossExact && Close(lf, rs, equivalents) && Close(ls, rf, equivalents);
    }

    private static bool Close(string a, string b, NameEquivalents? equivalents) =>
        string.Equals(a, b, StringComparison.Ordinal) || (equivalents?.AreEquivalent(a, b) ?? false)
        || EditDistance.WithinOne(a, b) || Similarity.JaroWinkler(a, b) >= 0.92;
}

/// <summary>
/// Surnames: exact; one typo or Jaro-Winkler at least 0.92; sounding alike or Jaro-Winkler at least 0.85; one part of a
/// double-barrelled or compound surname; the same initial where one side holds only initials; different. When forename and surname are swapped the forename comparison holds
/// that evidence, so the surname gives none (it would otherwise count the same mistake twice).
/// </summary>
public sealed class SurnameComparison : Comparison
{
    private readonly NameEquivalents? _equivalents;

    /// <summary>A surname comparison that recognises swapped names only when they are exact the other way round.</summary>
    public SurnameComparison()
    {
    }

    /// <summary>A surname comparison that uses the forename equivalents to recognise swapped names, as the forename comparison does.</summary>
    public SurnameComparison(NameEquivalents equivalents) => _equivalents = equivalents;

    private static readonly string[] LevelNames =
        ["exact", "one typo or Jaro-Winkler ≥ 0.92", "sounds alike or Jaro-Winkler ≥ 0.85", "part of a compound surname", "same initial", "different"];

    /// <inheritdoc/>
    public override string Name => "surname";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Levels => LevelNames;

    /// <inheritdoc/>
    public override IReadOnlyList<double> StartingM { get; } = [0.85, 0.05, 0.02, 0.02, 0.01, 0.05];

    /// <inheritdoc/>
    public override int Compare(MatchRecord left, MatchRecord right)
    {
        var a = left.Surname;
        var b = right.Surname;
        if (a is null || b is null)
        {
            if ((a is null && left.Initials is null) || (b is null && right.Initials is null))
            {
                return NoEvidence;
            }

            return left.SurnameInitial == right.SurnameInitial ? 4 : 5;
        }

        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 0;
        }

        if (ForenameComparison.Swapped(left, right, _equivalents))
        {
            return NoEvidence;
        }

        if (EditDistance.WithinOne(a, b))
        {
            return 1;
        }

        var similarity = Similarity.JaroWinkler(a, b);
        if (similarity >= 0.92)
        {
            return 1;
        }

        if (similarity >= 0.85 || DoubleMetaphone.Agree(left.SurnamePhonetic, right.SurnamePhonetic))
        {
            return 2;
        }

        // Keys have no hyphens, so SMITHJONES holds SMITH; a part must be long enough to mean something.
        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        if (shorter.Length >= 3 && longer.Length > shorter.Length
            && (longer.StartsWith(shorter, StringComparison.Ordinal) || longer.EndsWith(shorter, StringComparison.Ordinal)))
        {
            return 3;
        }

        return 5;
    }

    /// <inheritdoc/>
    public override string? TermFrequencyValue(MatchRecord record) => record.Surname;

    /// <inheritdoc/>
    public override string? Describe(MatchRecord record) => record.Surname ?? (record.Initials is { } i ? "initials " + i : null);
}

/// <summary>Dates of birth: exact; day and month transposed; one part (day, month or year) different; different.</summary>
public sealed class DateOfBirthComparison : Comparison
{
    private static readonly string[] LevelNames = ["exact", "day and month transposed", "one part different", "different"];

    /// <inheritdoc/>
    public override string Name => "dob";

    /// <inheritdoc/>
    public override IReadOnlyList<double> StartingM { get; } = [0.95, 0.01, 0.03, 0.01];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Levels => LevelNames;

    /// <inheritdoc/>
    public override int Compare(MatchRecord left, MatchRecord right)
    {
        if (left.DateOfBirth is not { } a || right.DateOfBirth is not { } b)
        {
            return NoEvidence;
        }

        if (a == b)
        {
            return 0;
        }

        if (Transposed(a, b))
        {
            return 1;
        }

        return OnePartDifferent(a, b) ? 2 : 3;
    }

    /// <inheritdoc/>
    public override string? TermFrequencyValue(MatchRecord record) => null;

    /// <inheritdoc/>
    public override string? Describe(MatchRecord record) => record.DateOfBirth?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The same year with day and month the other way round.</summary>
    public static bool Transposed(DateOnly a, DateOnly b) => a.Year == b.Year && a.Day == b.Month && a.Month == b.Day;

    /// <summary>Two of year, month and day the same.</summary>
    public static bool OnePartDifferent(DateOnly a, DateOnly b) =>
        (a.Year == b.Year ? 1 : 0) + (a.Month == b.Month ? 1 : 0) + (a.Day == b.Day ? 1 : 0) == 2;

    /// <summary>Two dates that could be one date mistyped: equal, transposed, or one part different.</summary>
    public static bool CouldBeTypos(DateOnly a, DateOnly b) => a == b || Transposed(a, b) || OnePartDifferent(a, b);
}

/// <summary>Where the person lives: the same UPRN; the same full postcode; the same sector; the same district; different.</summary>
public sealed class AddressComparison : Comparison
{
    private static readonly string[] LevelNames =
        ["same property (UPRN)", "same postcode", "neighbours (same postcode, different UPRN)", "same postcode sector", "same postcode district", "different"];

    /// <inheritdoc/>
    public override string Name => "address";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Levels => LevelNames;

    /// <inheritdoc/>
    public override IReadOnlyList<double> StartingM { get; } = [0.6, 0.08, 0.02, 0.05, 0.05, 0.2];

    /// <inheritdoc/>
    public override int Compare(MatchRecord left, MatchRecord right)
    {
        if (left.Uprn is { } a && right.Uprn is { } b && a == b)
        {
            return 0;
        }

        var sameText = left.Address is { } la && right.Address is { } ra && string.Equals(la, ra, StringComparison.Ordinal);
        if (left.Postcode is { } lp && right.Postcode is { } rp)
        {
            if (string.Equals(lp, rp, StringComparison.Ordinal))
            {
                // The same house on the same postcode is as strong as a UPRN, for sources (and files) that have none.
                // Two different UPRNs on one postcode are neighbours: a level of its own, because a father and a son of
                // one name in two houses on one street are two people, where a postcode alone says little either way.
                return sameText && (left.Uprn is null || right.Uprn is null) ? 0 : left.Uprn is not null && right.Uprn is not null ? 2 : 1;
            }

            if (left.PostcodeSector is { } ls && string.Equals(ls, right.PostcodeSector, StringComparison.Ordinal))
            {
                return 3;
            }
        }

        if (left.District is { } ld && right.District is { } rd)
        {
            return string.Equals(ld, rd, StringComparison.Ordinal) ? 4 : 5;
        }

        if (left.Postcode is not null && right.Postcode is not null)
        {
            return 5;
        }

        if (left.Address is not null && right.Address is not null)
        {
            return sameText ? 1 : 5;
        }

        return NoEvidence;
    }

    /// <inheritdoc/>
    public override string? Describe(MatchRecord record) =>
        string.Join(", ", new[] { record.Address, record.Postcode ?? record.PostcodeDistrict, record.Uprn?.ToString(System.Globalization.CultureInfo.InvariantCulture) is { } u ? "UPRN " + u : null }.Where(s => s is not null)) is { Length: > 0 } text ? text : null;
}

/// <summary>An identifier (NHS number, UPN, NI number): exact; one character different or two swapped; different.</summary>
public sealed class IdentifierComparison : Comparison
{
    private static readonly string[] LevelNames = ["exact", "one character different", "different"];
    private readonly Func<MatchRecord, string?> _valid;
    private readonly Func<MatchRecord, string?> _unchecked;

    /// <summary>Compares the identifier that <paramref name="valid"/> reads, and for typos also the one that failed its check.</summary>
    public IdentifierComparison(string name, Func<MatchRecord, string?> valid, Func<MatchRecord, string?>? @unchecked = null)
    {
        Name = name;
        _valid = valid;
        _unchecked = @unchecked ?? (_ => null);
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Levels => LevelNames;

    /// <inheritdoc/>
    public override IReadOnlyList<double> StartingM { get; } = [0.95, 0.03, 0.02];

    /// <inheritdoc/>
    public override int Compare(MatchRecord left, MatchRecord right)
    {
        var a = _valid(left);
        var b = _valid(right);
        if (a is not null && b is not null)
        {
            return string.Equals(a, b, StringComparison.Ordinal) ? 0 : EditDistance.WithinOne(a, b) ? 1 : 2;
        }

        // A value that failed its check is never an identity, but one typo away from the other's is evidence.
        var x = a ?? _unchecked(left);
        var y = b ?? _unchecked(right);
        if (x is null || y is null)
        {
            return NoEvidence;
        }

        return EditDistance.WithinOne(x, y) ? 1 : NoEvidence;
    }

    /// <inheritdoc/>
    public override string? Describe(MatchRecord record) => _valid(record) ?? (_unchecked(record) is { } u ? u + " (fails its check)" : null);
}

/// <summary>Sex: the same or different. Not known is no evidence.</summary>
public sealed class SexComparison : Comparison
{
    private static readonly string[] LevelNames = ["same", "different"];

    /// <inheritdoc/>
    public override string Name => "sex";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Levels => LevelNames;

    /// <inheritdoc/>
    public override IReadOnlyList<double> StartingM { get; } = [0.98, 0.02];

    /// <inheritdoc/>
    public override int Compare(MatchRecord left, MatchRecord right) =>
        left.Sex is not { } a || right.Sex is not { } b ? NoEvidence : a == b ? 0 : 1;

    /// <inheritdoc/>
    public override string? Describe(MatchRecord record) => record.Sex?.ToString();
}

/// <summary>A text value compared exactly, then within one typo (a town, an email address, a phone number).</summary>
public sealed class TextComparison(string name, Func<MatchRecord, string?> value, bool termFrequency = false) : Comparison
{
    private static readonly string[] LevelNames = ["exact", "one typo or Jaro-Winkler ≥ 0.9", "different"];

    /// <inheritdoc/>
    public override string Name => name;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Levels => LevelNames;

    /// <inheritdoc/>
    public override IReadOnlyList<double> StartingM { get; } = [0.85, 0.08, 0.07];

    /// <inheritdoc/>
    public override int Compare(MatchRecord left, MatchRecord right)
    {
        if (value(left) is not { } a || value(right) is not { } b)
        {
            return NoEvidence;
        }

        return string.Equals(a, b, StringComparison.Ordinal) ? 0 : EditDistance.WithinOne(a, b) || Similarity.JaroWinkler(a, b) >= 0.9 ? 1 : 2;
    }

    /// <inheritdoc/>
    public override string? TermFrequencyValue(MatchRecord record) => termFrequency ? value(record) : null;

    /// <inheritdoc/>
    public override string? Describe(MatchRecord record) => value(record);
}
