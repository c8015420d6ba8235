using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hearth.Synth.Noise;

/// <summary>
/// The rates of the mistakes the city's source systems make. Each rate is a probability and says what it is a
/// probability of; docs/synthetic-city.md lists them with their defaults. Every feed also has a noise multiplier
/// (a clean census system makes fewer mistakes than a fixed-width hospital extract), applied to every rate here.
/// </summary>
/// <remarks>
/// Identity rates apply once per source record of a person (a school's pupil record, a police nominal), so a
/// system repeats its own mistake on every row about that person, as real systems do. Row rates apply per row.
/// </remarks>
public sealed record NoiseProfile
{
    public static NoiseProfile Default { get; } = new();

    /// <summary>No noise at all: every source holds the truth. Useful for testing the generator itself.</summary>
    public static NoiseProfile None { get; } = Default.Scaled(0);

    // Names (per source record of a person)

    /// <summary>One keyboard slip (substitution, insertion, deletion or adjacent swap) in the forename or surname.</summary>
    public double NameTypo { get; init; } = 0.02;

    /// <summary>The forename is recorded as a nickname or short form, when the name has one (William as Bill).</summary>
    public double Nickname { get; init; } = 0.06;

    /// <summary>A different transliteration is recorded, when the name has spelling variants (Mohammed as Muhammad).</summary>
    public double Transliteration { get; init; } = 0.30;

    /// <summary>Forename and surname are recorded the wrong way round.</summary>
    public double NameSwap { get; init; } = 0.01;

    /// <summary>The source still holds a surname the person no longer uses, when they have changed surname.</summary>
    public double PreviousSurname { get; init; } = 0.35;

    /// <summary>Accents are lost, when the name has any (Zoë as Zoe). Separate from encodings that cannot hold them.</summary>
    public double DiacriticsDropped { get; init; } = 0.40;

    // Identifiers and dates (per source record of a person)

    /// <summary>An identifier the source would normally hold (NHS number, UPN, NINO) is left blank.</summary>
    public double IdentifierMissing { get; init; } = 0.03;

    /// <summary>An identifier is recorded with one digit wrong or two neighbouring digits swapped.</summary>
    public double IdentifierTypo { get; init; } = 0.01;

    /// <summary>Day and month of birth are swapped, when that gives another real date (day 12 or below, day not equal to month).</summary>
    public double DateOfBirthTransposed { get; init; } = 0.01;

    /// <summary>One part of the date of birth (day, month or year) is wrong by a small amount.</summary>
    public double DateOfBirthOtherError { get; init; } = 0.005;

    // Addresses

    /// <summary>When the person moves, the source never learns of it and keeps the old address.</summary>
    public double AddressNeverUpdated { get; init; } = 0.15;

    /// <summary>Mean delay, in days, before a source that does learn of a move records it.</summary>
    public double AddressUpdateDelayDays { get; init; } = 45;

    /// <summary>One character of the postcode is mistyped (per address a source records for a person).</summary>
    public double PostcodeTypo { get; init; } = 0.01;

    /// <summary>
    /// When a source meets a person it already holds, it makes a second record of them instead, with its own local id
    /// and its own mistakes (at most one duplicate per person per source).
    /// </summary>
    public double DuplicatePersonRecord { get; init; } = 0.01;

    // Rows

    /// <summary>A row is written twice.</summary>
    public double DuplicateRow { get; init; } = 0.004;

    /// <summary>A blank row follows this row (tabular text formats).</summary>
    public double BlankRow { get; init; } = 0.001;

    /// <summary>A text value has stray leading, trailing or doubled spaces.</summary>
    public double StrayWhitespace { get; init; } = 0.02;

    /// <summary>A name is recorded all upper case or all lower case.</summary>
    public double MixedCase { get; init; } = 0.05;

    /// <summary>Every rate multiplied by <paramref name="factor"/> (capped at 1).</summary>
    public NoiseProfile Scaled(double factor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(factor);
        return this with
        {
            NameTypo = Cap(NameTypo * factor),
            Nickname = Cap(Nickname * factor),
            Transliteration = Cap(Transliteration * factor),
            NameSwap = Cap(NameSwap * factor),
            PreviousSurname = Cap(PreviousSurname * factor),
            DiacriticsDropped = Cap(DiacriticsDropped * factor),
            IdentifierMissing = Cap(IdentifierMissing * factor),
            IdentifierTypo = Cap(IdentifierTypo * factor),
            DateOfBirthTransposed = Cap(DateOfBirthTransposed * factor),
            DateOfBirthOtherError = Cap(DateOfBirthOtherError * factor),
            AddressNeverUpdated = Cap(AddressNeverUpdated * factor),
            AddressUpdateDelayDays = factor == 0 ? 0 : AddressUpdateDelayDays,
            PostcodeTypo = Cap(PostcodeTypo * factor),
            DuplicatePersonRecord = Cap(DuplicatePersonRecord * factor),
            DuplicateRow = Cap(DuplicateRow * factor),
            BlankRow = Cap(BlankRow * factor),
            StrayWhitespace = Cap(StrayWhitespace * factor),
            MixedCase = Cap(MixedCase * factor),
        };
    }

    /// <summary>The rate of a noise kind by its documented name.</summary>
    public double RateOf(NoiseKind kind) => kind switch
    {
        NoiseKind.NameTypo => NameTypo,
        NoiseKind.Nickname => Nickname,
        NoiseKind.Transliteration => Transliteration,
        NoiseKind.NameSwap => NameSwap,
        NoiseKind.PreviousSurname => PreviousSurname,
        NoiseKind.DiacriticsDropped => DiacriticsDropped,
        NoiseKind.IdentifierMissing => IdentifierMissing,
        NoiseKind.IdentifierTypo => IdentifierTypo,
        NoiseKind.DateOfBirthTransposed => DateOfBirthTransposed,
        NoiseKind.DateOfBirthOtherError => DateOfBirthOtherError,
        NoiseKind.AddressNeverUpdated => AddressNeverUpdated,
        NoiseKind.PostcodeTypo => PostcodeTypo,
        NoiseKind.DuplicatePersonRecord => DuplicatePersonRecord,
        NoiseKind.DuplicateRow => DuplicateRow,
        NoiseKind.BlankRow => BlankRow,
        NoiseKind.StrayWhitespace => StrayWhitespace,
        NoiseKind.MixedCase => MixedCase,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public void Validate()
    {
        foreach (var kind in Enum.GetValues<NoiseKind>())
        {
            var rate = RateOf(kind);
            if (rate is < 0 or > 1 || double.IsNaN(rate))
            {
                throw new ArgumentOutOfRangeException(kind.ToString(), rate, "A noise rate is a probability between 0 and 1.");
            }
        }

        if (AddressUpdateDelayDays < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(AddressUpdateDelayDays), AddressUpdateDelayDays, "A delay cannot be negative.");
        }
    }

    /// <summary>Reads a profile from JSON; properties left out keep their defaults.</summary>
    public static NoiseProfile FromJson(string json)
    {
        var profile = JsonSerializer.Deserialize<NoiseProfile>(json, SerializerOptions)
            ?? throw new JsonException("The noise profile file is empty.");
        profile.Validate();
        return profile;
    }

    public string ToJson() => JsonSerializer.Serialize(this, SerializerOptions);

    internal static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static double Cap(double rate) => Math.Min(1.0, rate);
}

/// <summary>The kinds of noise, as named in the noise log and the documentation.</summary>
public enum NoiseKind
{
    NameTypo,
    Nickname,
    Transliteration,
    NameSwap,
    PreviousSurname,
    DiacriticsDropped,
    IdentifierMissing,
    IdentifierTypo,
    DateOfBirthTransposed,
    DateOfBirthOtherError,
    AddressNeverUpdated,
    PostcodeTypo,
    DuplicatePersonRecord,
    DuplicateRow,
    BlankRow,
    StrayWhitespace,
    MixedCase,
}
