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

        return DifferentNames(a, b, left.ForenamePhonetic, right.ForenamePhonetic);
    }

    /// <inheritdoc/>
    public override int FeatureWidth => 4;

    /// <inheritdoc/>
    public override int TermFrequencyFeature => 0;

    /// <inheritdoc/>
    public override void WriteFeatures(MatchRecord record, Span<int> features, FeatureContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        features[0] = context.Intern(record.Forename);
        features[1] = context.Intern(record.Surname);
        features[2] = record.ForenameInitial is { } initial ? initial : FeatureContext.Missing;
        features[3] = record.Initials is null ? 0 : 1;
    }

    /// <inheritdoc/>
    public override int CompareFeatures(ReadOnlySpan<int> left, ReadOnlySpan<int> right, FeatureContext context, PairMemo memo)
    {
        ArgumentNullException.ThrowIfNull(memo);
        int a = left[0], b = right[0];
        if (a < 0 || b < 0)
        {
            if ((a < 0 && left[3] == 0) || (b < 0 && right[3] == 0))
            {
                return NoEvidence;
            }

            return left[2] == right[2] ? 5 : 6;
        }

        if (a == b)
        {
            return 0;
        }

        if (SwappedIds(left[0], left[1], right[0], right[1], context, equivalents))
        {
            return 1;
        }

        return memo.Get(a, b, (Comparison: this, Context: context, A: a, B: b), static s =>
        {
            var (x, y) = (s.Context.Text(s.A), s.Context.Text(s.B));
            return s.Comparison.DifferentNames(x, y, DoubleMetaphone.Encode(x), DoubleMetaphone.Encode(y));
        });
    }

    /// <summary>The level of two different forenames, not swapped: every level but exact and swapped.</summary>
    private int DifferentNames(string a, string b, PhoneticCode phoneticA, PhoneticCode phoneticB)
    {
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

        if (similarity >= 0.85 || DoubleMetaphone.Agree(phoneticA, phoneticB))
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

    /// <summary><see cref="Swapped"/> on interned names.</summary>
    internal static bool SwappedIds(int leftForename, int leftSurname, int rightForename, int rightSurname, FeatureContext context, NameEquivalents? equivalents)
    {
        if (leftForename < 0 || leftSurname < 0 || rightForename < 0 || rightSurname < 0
            || leftForename == leftSurname || leftForename == rightForename || leftSurname == rightSurname)
        {
            return false;
        }

        return (leftForename == rightSurname || leftSurname == rightForename)
            && Close(context.Text(leftForename), context.Text(rightSurname), equivalents) && Close(context.Text(leftSurname), context.Text(rightForename), equivalents);
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

        return DifferentNames(a, b, left.SurnamePhonetic, right.SurnamePhonetic);
    }

    /// <inheritdoc/>
    public override int FeatureWidth => 4;

    /// <inheritdoc/>
    public override int TermFrequencyFeature => 0;

    /// <inheritdoc/>
    public override void WriteFeatures(MatchRecord record, Span<int> features, FeatureContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        features[0] = context.Intern(record.Surname);
        features[1] = context.Intern(record.Forename);
        features[2] = record.SurnameInitial is { } initial ? initial : FeatureContext.Missing;
        features[3] = record.Initials is null ? 0 : 1;
    }

    /// <inheritdoc/>
    public override int CompareFeatures(ReadOnlySpan<int> left, ReadOnlySpan<int> right, FeatureContext context, PairMemo memo)
    {
        ArgumentNullException.ThrowIfNull(memo);
        int a = left[0], b = right[0];
        if (a < 0 || b < 0)
        {
            if ((a < 0 && left[3] == 0) || (b < 0 && right[3] == 0))
            {
                return NoEvidence;
            }

            return left[2] == right[2] ? 4 : 5;
        }

        if (a == b)
        {
            return 0;
        }

        if (ForenameComparison.SwappedIds(left[1], left[0], right[1], right[0], context, _equivalents))
        {
            return NoEvidence;
        }

        return memo.Get(a, b, (Context: context, A: a, B: b), static s =>
        {
            var (x, y) = (s.Context.Text(s.A), s.Context.Text(s.B));
            return DifferentNames(x, y, DoubleMetaphone.Encode(x), DoubleMetaphone.Encode(y));
        });
    }

    /// <summary>The level of two different surnames, not swapped.</summary>
    private static int DifferentNames(string a, string b, PhoneticCode phoneticA, PhoneticCode phoneticB)
    {
        if (EditDistance.WithinOne(a, b))
        {
            return 1;
        }

        var similarity = Similarity.JaroWinkler(a, b);
        if (similarity >= 0.92)
        {
            return 1;
        }

        if (similarity >= 0.85 || DoubleMetaphone.Agree(phoneticA, phoneticB))
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
    public override int FeatureWidth => 1;

    /// <inheritdoc/>
    public override void WriteFeatures(MatchRecord record, Span<int> features, FeatureContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        features[0] = record.DateOfBirth is { } date ? date.DayNumber : FeatureContext.Missing;
    }

    /// <inheritdoc/>
    public override int CompareFeatures(ReadOnlySpan<int> left, ReadOnlySpan<int> right, FeatureContext context, PairMemo memo)
    {
        if (left[0] < 0 || right[0] < 0)
        {
            return NoEvidence;
        }

        if (left[0] == right[0])
        {
            return 0;
        }

        var (a, b) = (DateOnly.FromDayNumber(left[0]), DateOnly.FromDayNumber(right[0]));
        return Transposed(a, b) ? 1 : OnePartDifferent(a, b) ? 2 : 3;
    }

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
    public override int FeatureWidth => 5;

    /// <inheritdoc/>
    public override void WriteFeatures(MatchRecord record, Span<int> features, FeatureContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        features[0] = context.Intern(record.Uprn);
        features[1] = context.Intern(record.Postcode);
        features[2] = context.Intern(record.PostcodeSector);
        features[3] = context.Intern(record.District);
        features[4] = context.Intern(record.Address);
    }

    /// <inheritdoc/>
    public override int CompareFeatures(ReadOnlySpan<int> left, ReadOnlySpan<int> right, FeatureContext context, PairMemo memo)
    {
        // The same decisions as Compare, on interned values: equal ids are equal values.
        if (left[0] >= 0 && left[0] == right[0])
        {
            return 0;
        }

        var sameText = left[4] >= 0 && left[4] == right[4];
        if (left[1] >= 0 && right[1] >= 0)
        {
            if (left[1] == right[1])
            {
                return sameText && (left[0] < 0 || right[0] < 0) ? 0 : left[0] >= 0 && right[0] >= 0 ? 2 : 1;
            }

            if (left[2] >= 0 && left[2] == right[2])
            {
                return 3;
            }
        }

        if (left[3] >= 0 && right[3] >= 0)
        {
            return left[3] == right[3] ? 4 : 5;
        }

        if (left[1] >= 0 && right[1] >= 0)
        {
            return 5;
        }

        if (left[4] >= 0 && right[4] >= 0)
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
    public override int FeatureWidth => 2;

    /// <inheritdoc/>
    public override void WriteFeatures(MatchRecord record, Span<int> features, FeatureContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        features[0] = context.Intern(_valid(record));
        features[1] = context.Intern(_unchecked(record));
    }

    /// <inheritdoc/>
    public override int CompareFeatures(ReadOnlySpan<int> left, ReadOnlySpan<int> right, FeatureContext context, PairMemo memo)
    {
        ArgumentNullException.ThrowIfNull(context);
        int a = left[0], b = right[0];
        if (a >= 0 && b >= 0)
        {
            return a == b ? 0 : EditDistance.WithinOne(context.Text(a), context.Text(b)) ? 1 : 2;
        }

        var x = a >= 0 ? a : left[1];
        var y = b >= 0 ? b : right[1];
        if (x < 0 || y < 0)
        {
            return NoEvidence;
        }

        return x == y || EditDistance.WithinOne(context.Text(x), context.Text(y)) ? 1 : NoEvidence;
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
    public override int FeatureWidth => 1;

    /// <inheritdoc/>
    public override void WriteFeatures(MatchRecord record, Span<int> features, FeatureContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        features[0] = record.Sex is { } sex ? sex : FeatureContext.Missing;
    }

    /// <inheritdoc/>
    public override int CompareFeatures(ReadOnlySpan<int> left, ReadOnlySpan<int> right, FeatureContext context, PairMemo memo) =>
        left[0] < 0 || right[0] < 0 ? NoEvidence : left[0] == right[0] ? 0 : 1;

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
    public override int FeatureWidth => 1;

    /// <inheritdoc/>
    public override int TermFrequencyFeature => termFrequency ? 0 : -1;

    /// <inheritdoc/>
    public override void WriteFeatures(MatchRecord record, Span<int> features, FeatureContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        features[0] = context.Intern(value(record));
    }

    /// <inheritdoc/>
    public override int CompareFeatures(ReadOnlySpan<int> left, ReadOnlySpan<int> right, FeatureContext context, PairMemo memo)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (left[0] < 0 || right[0] < 0)
        {
            return NoEvidence;
        }

        if (left[0] == right[0])
        {
            return 0;
        }

        var (a, b) = (context.Text(left[0]), context.Text(right[0]));
        return EditDistance.WithinOne(a, b) || Similarity.JaroWinkler(a, b) >= 0.9 ? 1 : 2;
    }

    /// <inheritdoc/>
    public override string? TermFrequencyValue(MatchRecord record) => termFrequency ? value(record) : null;

    /// <inheritdoc/>
    public override string? Describe(MatchRecord record) => value(record);
}
