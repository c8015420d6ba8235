using Hearth.Synth.Feeds;
using Hearth.Synth.Randomness;
using Hearth.Synth.Reference;
using Hearth.Synth.World;

namespace Hearth.Synth.Noise;

/// <summary>How often a source holds each identifier for the people it records, when the person has one.</summary>
public sealed record IdentifierCoverage(double Nhs = 0, double Upn = 0, double Nino = 0, double Uln = 0);

/// <summary>
/// A source system's own records of people: a school's pupil records, the police's nominals, a hospital's
/// patients. Each record is made once, with that system's mistakes, and reused on every row about the person,
/// so a misspelt name stays misspelt, as it does in the real system. Addresses are updated late or never.
/// </summary>
public sealed class SourceSystem
{
    private readonly Dictionary<int, SourceRecord> _records = [];
    private readonly Dictionary<int, SourceRecord> _duplicates = [];
    private readonly NoiseLedger _ledger;
    private readonly ReferenceData _reference;
    private readonly ulong _seed;
    private readonly string _idFormat;
    private long _nextLocalId;

    public SourceSystem(string name, string localIdPrefix, int localIdDigits, IdentifierCoverage coverage, NoiseProfile noise, double noiseMultiplier, NoiseLedger ledger, ReferenceData reference, ulong seed, bool recordsKnownAsName)
    {
        Name = name;
        Coverage = coverage;
        Noise = noise.Scaled(noiseMultiplier);
        RecordsKnownAsName = recordsKnownAsName;
        _ledger = ledger;
        _reference = reference;
        _seed = seed;
        _idFormat = localIdPrefix + "{0:D" + localIdDigits + "}";
        var start = SynthRandom.For(seed, "local-id-start:" + name);
        _nextLocalId = (long)Math.Pow(10, localIdDigits - 1) + start.Next(1000, 90000);
    }

    public string Name { get; }

    public IdentifierCoverage Coverage { get; }

    public NoiseProfile Noise { get; }

    /// <summary>Informal systems (police, early help) often record the name a person goes by rather than their first forename.</summary>
    public bool RecordsKnownAsName { get; }

    public int RecordCount => _records.Count + _duplicates.Count;

    /// <summary>The system's record of the person, made on first meeting; sometimes a second, duplicate record.</summary>
    public SourceRecord Identify(Person person, DateOnly date)
    {
        if (!_records.TryGetValue(person.Id, out var record))
        {
            record = Create(person, date, duplicateIndex: 0);
            _records.Add(person.Id, record);
            return record;
        }

        if (_duplicates.TryGetValue(person.Id, out var duplicate))
        {
            // Once a duplicate exists, staff pick whichever record their search finds first.
            return record.Random.Chance(0.5) ? duplicate : record;
        }

        if (_ledger.Draw(record.Random, Name, NoiseKind.DuplicatePersonRecord, Noise.DuplicatePersonRecord))
        {
            duplicate = Create(person, date, duplicateIndex: 1);
            _duplicates.Add(person.Id, duplicate);
            _ledger.Applied(Name, NoiseKind.DuplicatePersonRecord, duplicate.LocalId, "record", record.LocalId, duplicate.LocalId);
            return duplicate;
        }

        return record;
    }

    /// <summary>The primary record, if the system has met the person.</summary>
    public SourceRecord? Find(Person person) => _records.GetValueOrDefault(person.Id);

    /// <summary>Every record, in the order they were made (primary records first).</summary>
    public IEnumerable<SourceRecord> Records => _records.Values.Concat(_duplicates.Values);

    private SourceRecord Create(Person person, DateOnly date, int duplicateIndex)
    {
        var random = SynthRandom.For(_seed, "source:" + Name, person.Id, duplicateIndex);
        var localId = string.Format(System.Globalization.CultureInfo.InvariantCulture, _idFormat, _nextLocalId);
        _nextLocalId += 1 + random.Next(3);
        var record = new SourceRecord(this, person, localId, duplicateIndex, random, date, _ledger);

        // Names.
        var forenames = person.Forenames;
        var forename = forenames[0];
        var middle = forenames.Skip(1).ToList();
        if (person.KnownAs > 0 && RecordsKnownAsName && random.Chance(0.6))
        {
            forename = forenames[person.KnownAs];
            middle = forenames.Where((_, i) => i != person.KnownAs).ToList();
        }

        var surname = person.Surname;
        if (person.PreviousSurname is not null && Draw(record, NoiseKind.PreviousSurname))
        {
            Log(record, NoiseKind.PreviousSurname, "surname", surname, person.PreviousSurname);
            surname = person.PreviousSurname;
        }

        if (_reference.Nicknames.TryGetValue(forename, out var nicknames) && Draw(record, NoiseKind.Nickname))
        {
            var nickname = nicknames[random.Next(nicknames.Length)];
            Log(record, NoiseKind.Nickname, "forename", forename, nickname);
            forename = nickname;
        }

        if (_reference.Transliterations.TryGetValue(forename, out var forenameVariants) && Draw(record, NoiseKind.Transliteration))
        {
            var variant = forenameVariants[random.Next(forenameVariants.Length)];
            Log(record, NoiseKind.Transliteration, "forename", forename, variant);
            forename = variant;
        }

        if (_reference.Transliterations.TryGetValue(surname, out var surnameVariants) && Draw(record, NoiseKind.Transliteration))
        {
            var variant = surnameVariants[random.Next(surnameVariants.Length)];
            Log(record, NoiseKind.Transliteration, "surname", surname, variant);
            surname = variant;
        }

        if (Draw(record, NoiseKind.NameTypo))
        {
            if (random.Chance(0.5))
            {
                var typo = Mistakes.Typo(forename, random);
                Log(record, NoiseKind.NameTypo, "forename", forename, typo);
                forename = typo;
            }
            else
            {
                var typo = Mistakes.Typo(surname, random);
                Log(record, NoiseKind.NameTypo, "surname", surname, typo);
                surname = typo;
            }
        }

        if ((TextFolding.HasNonAscii(forename) || TextFolding.HasNonAscii(surname)) && Draw(record, NoiseKind.DiacriticsDropped))
        {
            var plainForename = TextFolding.ToAscii(forename);
            var plainSurname = TextFolding.ToAscii(surname);
            Log(record, NoiseKind.DiacriticsDropped, "name", forename + " " + surname, plainForename + " " + plainSurname);
            forename = plainForename;
            surname = plainSurname;
        }

        if (Draw(record, NoiseKind.NameSwap))
        {
            Log(record, NoiseKind.NameSwap, "name", forename + " " + surname, surname + " " + forename);
            (forename, surname) = (surname, forename);
        }

        record.Forename = forename;
        record.MiddleNames = middle.Count == 0 ? null : string.Join(' ', middle);
        record.Surname = surname;

        // Date of birth.
        var birthDate = person.BirthDate;
        if (Mistakes.CanTranspose(birthDate) && Draw(record, NoiseKind.DateOfBirthTransposed))
        {
            var transposed = Mistakes.Transpose(birthDate);
            Log(record, NoiseKind.DateOfBirthTransposed, "birth_date", Iso(birthDate), Iso(transposed));
            birthDate = transposed;
        }
        else if (Draw(record, NoiseKind.DateOfBirthOtherError))
        {
            var wrong = Mistakes.OnePartWrong(birthDate, random);
            Log(record, NoiseKind.DateOfBirthOtherError, "birth_date", Iso(birthDate), Iso(wrong));
            birthDate = wrong;
        }

        record.BirthDate = birthDate;

        // Identifiers: held at the system's usual rate, then sometimes left blank or mistyped.
        record.NhsNumber = RecordIdentifier(record, "nhs_number", person.NhsNumber, Coverage.Nhs);
        record.Upn = RecordIdentifier(record, "upn", person.Upn, Coverage.Upn);
        record.Nino = RecordIdentifier(record, "nino", person.Nino, Coverage.Nino);
        record.Uln = RecordIdentifier(record, "uln", person.Uln, Coverage.Uln);
        record.StartAddress(date);
        return record;
    }

    private string? RecordIdentifier(SourceRecord record, string field, string? value, double coverage)
    {
        if (value is null || coverage <= 0 || !record.Random.Chance(coverage))
        {
            return null;
        }

        if (Draw(record, NoiseKind.IdentifierMissing))
        {
            Log(record, NoiseKind.IdentifierMissing, field, value, null);
            return null;
        }

        if (Draw(record, NoiseKind.IdentifierTypo))
        {
            var typo = Mistakes.IdentifierTypo(value, record.Random);
            Log(record, NoiseKind.IdentifierTypo, field, value, typo);
            return typo;
        }

        return value;
    }

    internal bool Draw(SourceRecord record, NoiseKind kind) => _ledger.Draw(record.Random, Name, kind, Noise.RateOf(kind));

    internal void Log(SourceRecord record, NoiseKind kind, string field, string? trueValue, string? recorded) =>
        _ledger.Applied(Name, kind, record.LocalId, field, trueValue, recorded);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One source system's record of one person, with that system's mistakes.</summary>
public sealed class SourceRecord
{
    private readonly SourceSystem _system;
    private readonly NoiseLedger _ledger;
    private readonly List<(int DelayDays, bool Never)> _moveDecisions = [];
    private int _homeIndex = -1;

    internal SourceRecord(SourceSystem system, Person person, string localId, int duplicateIndex, SynthRandom random, DateOnly createdOn, NoiseLedger ledger)
    {
        _system = system;
        _ledger = ledger;
        Person = person;
        LocalId = localId;
        DuplicateIndex = duplicateIndex;
        Random = random;
        CreatedOn = createdOn;
    }

    public Person Person { get; }

    public string LocalId { get; }

    public int DuplicateIndex { get; }

    public DateOnly CreatedOn { get; }

    public string Forename { get; internal set; } = string.Empty;

    public string? MiddleNames { get; internal set; }

    public string Surname { get; internal set; } = string.Empty;

    public DateOnly BirthDate { get; internal set; }

    public string? NhsNumber { get; internal set; }

    public string? Upn { get; internal set; }

    public string? Nino { get; internal set; }

    public string? Uln { get; internal set; }

    /// <summary>Forename and middle names as one field, for systems that hold them together.</summary>
    public string Forenames => MiddleNames is null ? Forename : Forename + " " + MiddleNames;

    public string? RecordedPostcode { get; private set; }

    internal SynthRandom Random { get; }

    /// <summary>The address the system holds for the person on the date: their home, or an earlier one it has not caught up with.</summary>
    public Property? AddressOn(DateOnly date)
    {
        CatchUp(date);
        return _homeIndex < 0 ? null : Person.Homes[_homeIndex].Property;
    }

    /// <summary>The postcode as the system holds it (sometimes mistyped).</summary>
    public string? PostcodeOn(DateOnly date)
    {
        CatchUp(date);
        return RecordedPostcode;
    }

    internal void StartAddress(DateOnly date)
    {
        // A new record takes the address the person gives on the day.
        var index = -1;
        for (var i = 0; i < Person.Homes.Count; i++)
        {
            if (Person.Homes[i].From <= date)
            {
                index = i;
            }
        }

        SetHome(index);
        for (var i = 0; i <= index; i++)
        {
            _moveDecisions.Add((0, false));
        }
    }

    private void CatchUp(DateOnly date)
    {
        var homes = Person.Homes;
        for (var i = _moveDecisions.Count; i < homes.Count; i++)
        {
            // Decide once per move whether and when this system learns of it.
            var never = _ledger.Draw(Random, _system.Name, NoiseKind.AddressNeverUpdated, _system.Noise.AddressNeverUpdated);
            var delay = _system.Noise.AddressUpdateDelayDays <= 0 ? 0 : (int)Random.Exponential(_system.Noise.AddressUpdateDelayDays);
            _moveDecisions.Add((delay, never));
            if (never && _homeIndex >= 0)
            {
                _ledger.Applied(_system.Name, NoiseKind.AddressNeverUpdated, LocalId, "address", homes[i].Property.SingleLine, homes[_homeIndex].Property.SingleLine);
            }
        }

        var latest = _homeIndex;
        for (var i = _homeIndex + 1; i < homes.Count; i++)
        {
            var (delay, never) = _moveDecisions[i];
            if (!never && homes[i].From.AddDays(delay) <= date)
            {
                latest = i;
            }
        }

        if (latest != _homeIndex)
        {
            SetHome(latest);
        }
    }

    private void SetHome(int index)
    {
        _homeIndex = index;
        if (index < 0)
        {
            RecordedPostcode = null;
            return;
        }

        var postcode = Person.Homes[index].Property.Postcode;
        if (_system.Draw(this, NoiseKind.PostcodeTypo))
        {
            var typo = Mistakes.PostcodeTypo(postcode, Random);
            _system.Log(this, NoiseKind.PostcodeTypo, "postcode", postcode, typo);
            postcode = typo;
        }

        RecordedPostcode = postcode;
    }
}
