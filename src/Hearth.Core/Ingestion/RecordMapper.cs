using System.Globalization;
using System.Text.RegularExpressions;
using Hearth.Core.Addresses;
using Hearth.Core.Standardisation;

namespace Hearth.Core.Ingestion;

/// <summary>A source record mapped: its key, its canonical form, and every issue found, with what each means.</summary>
/// <param name="Key">The record's key (its key fields joined with '|'), or null when a key field is empty.</param>
/// <param name="Record">The canonical record.</param>
/// <param name="Issues">Problems found, blocking or warning.</param>
public sealed record MappedRecord(string? Key, CanonicalRecord Record, IReadOnlyList<RecordIssue> Issues)
{
    /// <summary>True when the row must go to quarantine.</summary>
    public bool Quarantined => Key is null || Issues.Any(i => i.Severity == Severity.Blocking);
}

/// <summary>
/// Maps source records to canonical ones as a feed definition says: resolves fields (with transforms and code maps),
/// standardises names, dates, identifiers and addresses (matching a UPRN when the feed has none), and applies the
/// definition's validation rules. Pure: it reads nothing but its arguments and the address matcher it is given.
/// </summary>
public sealed partial class RecordMapper
{
    private readonly FeedDefinition _definition;
    private readonly AddressMatcher? _addresses;
    private readonly DateOnly _today;
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _codeMaps = new(StringComparer.Ordinal);

    /// <summary>A mapper for one feed. <paramref name="today"/> is the date plausibility is judged against.</summary>
    public RecordMapper(FeedDefinition definition, AddressMatcher? addresses, DateOnly today)
    {
        _definition = definition;
        _addresses = addresses;
        _today = today;
        DefinitionCheck.ThrowIfInvalid(definition);
        foreach (var (name, map) in definition.CodeMaps)
        {
            // Source codes are matched ignoring case, as staff type them every way. A code listed in two cases with the same
            // meaning is fine; with different meanings DefinitionCheck has already refused the definition.
            var ignoringCase = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (code, standard) in map)
            {
                ignoringCase.TryAdd(code, standard);
            }

            _codeMaps[name] = ignoringCase;
        }
    }

    /// <summary>Maps one record, counting data quality into <paramref name="tally"/> when given.</summary>
    public MappedRecord Map(SourceRow row, QualityTally? tally = null)
    {
        var issues = new IssueList();
        foreach (var problem in row.Problems)
        {
            var colon = problem.IndexOf(':', StringComparison.Ordinal);
            issues.Add(colon < 0 ? problem : problem[..colon], colon < 0 ? string.Empty : problem[(colon + 1)..], Severity.Blocking, "The reader could not read this row as the feed's format says.");
        }

        var node = row.Node;
        var key = Key(node, issues);
        tally?.Observe("key", key is not null, key is not null);
        var record = new CanonicalRecord();
        if (row.Problems.Count == 0)
        {
            foreach (var spec in _definition.Persons)
            {
                foreach (var part in Parts(node, spec.Each))
                {
                    if (Applies(spec.When, part))
                    {
                        record.Persons.Add(MapPerson(spec, part, issues, tally));
                    }
                }
            }

            // Events and relationships are kept only for people the record names, so that none points at nobody.
            var slots = record.Persons.Select(p => p.Slot).ToHashSet(StringComparer.Ordinal);
            foreach (var spec in _definition.Events)
            {
                foreach (var part in Parts(node, spec.Each))
                {
                    if (Applies(spec.When, part))
                    {
                        MapEvent(spec, part, record, slots, issues, tally);
                    }
                }
            }

            foreach (var spec in _definition.Relationships)
            {
                foreach (var part in Parts(node, spec.Each))
                {
                    if (Applies(spec.When, part))
                    {
                        MapRelationship(spec, part, record, slots, issues);
                    }
                }
            }

            if (_definition.Property is { } property)
            {
                record.Property = MapProperty(property, node, issues);
            }

            if (_definition.School is { } school)
            {
                record.School = MapSchool(school, node, issues);
            }

            RecordValidator.Validate(_definition, node, record, issues, _today);
        }

        return new MappedRecord(key, record, issues.ToList());
    }

    private string? Key(SourceNode node, IssueList issues)
    {
        var parts = new string[_definition.Key.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var value = node.Value(_definition.Key[i]);
            if (Blank(value))
            {
                issues.Add("missing_key", _definition.Key[i], Severity.Blocking, $"The key field {_definition.Key[i]} is empty, so the record cannot be tracked between loads.");
                return null;
            }

            // Escaped, so that key fields holding the separator cannot make two records' keys equal.
            parts[i] = value!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);
        }

        return string.Join('|', parts);
    }

    private PersonRecord MapPerson(PersonSpec spec, SourceNode node, IssueList issues, QualityTally? tally)
    {
        var person = new PersonRecord { Slot = Fill(spec.Slot, node) };
        person.LocalId = Text(spec.LocalId, node, issues);
        person.Role = Text(spec.Role, node, issues);

        if (spec.Name is { } name)
        {
            PersonName parsed;
            if (name.Full is not null)
            {
                parsed = Names.FromFull(Text(name.Full, node, issues));
            }
            else
            {
                parsed = Names.FromParts(Text(name.Forenames ?? name.Forename, node, issues), Text(name.MiddleNames, node, issues), Text(name.Surname, node, issues));
            }

            person.Forename = parsed.Forename;
            person.MiddleNames = parsed.MiddleNames;
            person.Surname = parsed.Surname;
            person.ForenameKey = parsed.ForenameKey;
            person.SurnameKey = parsed.SurnameKey;
            person.NameAsReceived = parsed.Original.Length == 0 ? null : parsed.Original;
            person.PreferredForename = Text(name.PreferredForename, node, issues) is { } preferredForename ? Names.Display(preferredForename) : null;
            person.PreferredSurname = Text(name.PreferredSurname, node, issues) is { } preferredSurname ? Names.Display(preferredSurname) : null;
            person.Initials = Text(name.Initials, node, issues)?.ToUpperInvariant();
            if (name.Initials is not null)
            {
                tally?.Observe("initials", person.Initials is not null, person.Initials is { Length: >= 2 });
            }
            else
            {
                tally?.Observe("forename", person.NameAsReceived is not null, person.ForenameKey is not null);
                tally?.Observe("surname", person.NameAsReceived is not null, person.SurnameKey is not null);
            }
        }

        if (spec.DateOfBirth is not null)
        {
            var raw = Text(spec.DateOfBirth, node, issues);
            person.DateOfBirthRaw = raw;
            if (raw is not null)
            {
                if (!Dates.TryParse(raw, spec.DateOfBirth.Formats, DateKind.Birth, _today, out var birth, out _))
                {
                    issues.Add("invalid_date", "date_of_birth", Severity.Warning, $"'{raw}' is not a date in the feed's format.");
                }
                else
                {
                    switch (Dates.Judge(birth, _today))
                    {
                        case BirthDateJudgement.InTheFuture:
                            issues.Add("implausible_birth_date", "date_of_birth", Severity.Warning, $"{Dates.Iso(birth)} is in the future.");
                            break;
                        case BirthDateJudgement.TooOld:
                            issues.Add("implausible_birth_date", "date_of_birth", Severity.Warning, $"{Dates.Iso(birth)} is more than 120 years ago.");
                            break;
                        case BirthDateJudgement.Placeholder:
                            issues.Add("placeholder_birth_date", "date_of_birth", Severity.Warning, $"{Dates.Iso(birth)} is a placeholder systems write for an unknown date of birth; it was not kept.");
                            break;
                        case BirthDateJudgement.PossiblePlaceholder:
                            issues.Add("placeholder_birth_date", "date_of_birth", Severity.Warning, $"{Dates.Iso(birth)} is 1 January, often a placeholder for an unknown date.");
                            person.DateOfBirth = birth;
                            break;
                        default:
                            person.DateOfBirth = birth;
                            break;
                    }
                }
            }

            tally?.Observe("date_of_birth", raw is not null, person.DateOfBirth is not null);
        }

        if (spec.Sex is not null)
        {
            var sex = Text(spec.Sex with { Map = spec.Sex.Map ?? "sex" }, node, issues);
            person.Sex = sex;
            tally?.Observe("sex", sex is not null || !Blank(RawOf(spec.Sex, node)), sex is not null);
        }

        person.NhsNumber = Identifier("nhs_number", spec.NhsNumber, node, person, issues, tally, Identifiers.NhsNumber);
        person.Upn = Identifier("upn", spec.Upn, node, person, issues, tally, UpnOrPlaceholder);
        person.Uln = Identifier("uln", spec.Uln, node, person, issues, tally, Identifiers.Uln);
        person.Nino = Identifier("nino", spec.Nino, node, person, issues, tally, Identifiers.Nino);
        person.Email = Identifier("email", spec.Email, node, person, issues, tally, Identifiers.Email);
        person.Phone = Identifier("phone", spec.Phone, node, person, issues, tally, Identifiers.Phone);
        if (person.Upn == UpnPlaceholder)
        {
            person.Upn = null;
        }

        if (spec.Ethnicity is not null)
        {
            person.Ethnicity = Text(spec.Ethnicity with { Map = spec.Ethnicity.Map ?? "ethnicity" }, node, issues);
            tally?.Observe("ethnicity", !Blank(RawOf(spec.Ethnicity, node)), person.Ethnicity is not null);
        }

        if (spec.Address is { } address)
        {
            person.Address = MapAddress(address, node, issues, tally);
        }

        return person;
    }

    private const string UpnPlaceholder = "UN";

    private static string? UpnOrPlaceholder(string? text) =>
        IsUnknownUpn(text) ? UpnPlaceholder : Identifiers.Upn(text);

    private string? Identifier(string attribute, FieldSpec? spec, SourceNode node, PersonRecord person, IssueList issues, QualityTally? tally, Func<string?, string?> standardise)
    {
        if (spec is null)
        {
            return null;
        }

        var raw = Text(spec, node, issues);
        var value = standardise(raw);
        if (raw is not null && value is null)
        {
            person.InvalidIdentifiers[attribute] = raw;
            issues.Add("invalid_" + attribute, attribute, Severity.Warning, $"'{raw}' is not a valid {attribute.Replace('_', ' ')}.");
        }

        tally?.Observe(attribute, raw is not null, value is not null && value != UpnPlaceholder);
        return value;
    }

    private AddressRecord MapAddress(AddressSpec spec, SourceNode node, IssueList issues, QualityTally? tally)
    {
        var line1 = Text(spec.Line1, node, issues);
        var line2 = Text(spec.Line2, node, issues);
        var line3 = Text(spec.Line3, node, issues);
        var single = Text(spec.SingleLine, node, issues);
        var postcodeRaw = Text(spec.Postcode, node, issues);
        var locality = Text(spec.Locality, node, issues);
        var town = Text(spec.Town, node, issues);
        var parsed = AddressParser.Parse(single is null ? [line1, line2, line3] : [single], postcodeRaw, locality, town);

        var address = new AddressRecord
        {
            Line1 = line1 ?? single,
            Line2 = line2,
            SubBuilding = parsed.SubBuilding,
            BuildingName = parsed.BuildingName,
            Number = parsed.Number,
            Street = parsed.Street,
            Locality = parsed.Locality,
            Town = parsed.Town,
            Postcode = parsed.Postcode,
            PostcodeDistrict = Text(spec.PostcodeDistrict, node, issues)?.ToUpperInvariant(),
        };

        // A postcode given in its own field, or else at the end of a single-line address.
        var postcodeGiven = postcodeRaw ?? (single is null ? null : AddressParser.TrailingPostcodeText(single));
        if (postcodeGiven is not null && Identifiers.Postcode(postcodeGiven) is null)
        {
            address.PostcodeRaw = postcodeGiven;
            issues.Add("invalid_postcode", "postcode", Severity.Warning, $"'{postcodeGiven}' is not a valid postcode.");
        }

        if (spec.Postcode is not null || spec.SingleLine is not null)
        {
            // Validity is judged on the postcode field as received, even when one in the address line stands in for it.
            var givenValid = postcodeRaw is not null ? Identifiers.Postcode(postcodeRaw) is not null : address.Postcode is not null;
            tally?.Observe("postcode", postcodeGiven is not null, givenValid);
        }

        var uprnRaw = Text(spec.Uprn, node, issues);
        if (uprnRaw is not null && Identifiers.Uprn(uprnRaw) is { } uprn)
        {
            address.Uprn = uprn;
            address.UprnSource = "source";
        }
        else
        {
            if (uprnRaw is not null)
            {
                issues.Add("invalid_uprn", "uprn", Severity.Warning, $"'{uprnRaw}' is not a valid UPRN.");
            }

            if (_addresses?.Match(parsed) is { } match)
            {
                address.Uprn = match.Uprn;
                address.UprnSource = match.Confidence.ToString().ToLowerInvariant();
            }
        }

        tally?.Observe("uprn", address.Uprn is not null, address.Uprn is not null);
        return address;
    }

    private void MapEvent(EventSpec spec, SourceNode node, CanonicalRecord record, HashSet<string> slots, IssueList issues, QualityTally? tally)
    {
        var person = Fill(spec.Person, node);
        if (!slots.Contains(person))
        {
            UnknownSlot(spec.Person, person, $"the {spec.Type} event", issues);
            return;
        }

        var raw = Text(spec.Date, node, issues);
        var attribute = "event:" + spec.Type;
        if (raw is null || !Dates.TryParse(raw, spec.Date.Formats, DateKind.Event, _today, out var date, out var time))
        {
            if (raw is not null)
            {
                issues.Add("invalid_date", spec.Date.Field ?? spec.Type, Severity.Warning, $"'{raw}' is not a date in the feed's format; the {spec.Type} event was not recorded.");
            }

            tally?.Observe(attribute, raw is not null, false);
            return;
        }

        tally?.Observe(attribute, true, true);
        DateOnly? end = null;
        if (Text(spec.EndDate, node, issues) is { } endRaw)
        {
            if (Dates.TryParse(endRaw, spec.EndDate!.Formats, DateKind.Event, _today, out var endDate, out _))
            {
                end = endDate;
            }
            else
            {
                issues.Add("invalid_date", spec.EndDate.Field ?? spec.Type, Severity.Warning, $"'{endRaw}' is not a date in the feed's format.");
            }
        }

        record.Events.Add(new EventRecord(spec.Type, person, date, time, end, Attributes(spec.Attributes, node, issues)));
    }

    private void MapRelationship(RelationshipSpec spec, SourceNode node, CanonicalRecord record, HashSet<string> slots, IssueList issues)
    {
        var type = spec.Type ?? Text(spec.TypeField, node, issues);
        if (type is null)
        {
            return;
        }

        var from = Fill(spec.From, node);
        var to = Fill(spec.To, node);
        foreach (var (template, slot) in new[] { (spec.From, from), (spec.To, to) })
        {
            if (!slots.Contains(slot))
            {
                UnknownSlot(template, slot, $"the {type} relationship", issues);
                return;
            }
        }

        DateOnly? Date(FieldSpec? field) =>
            Text(field, node, issues) is { } raw && Dates.TryParse(raw, field!.Formats, DateKind.Event, _today, out var d, out _) ? d : null;

        record.Relationships.Add(new RelationshipRecord(type, from, to, Date(spec.StartDate), Date(spec.EndDate), Attributes(spec.Attributes, node, issues)));
    }

    // Reported under the slot as the definition writes it, so that one finding counts once however many ids fill it.
    private static void UnknownSlot(string template, string slot, string what, IssueList issues) =>
        issues.Add("unknown_slot", template, Severity.Warning, $"No person in the record has the slot '{slot}', so {what} was not recorded.");

    private PropertyRecord? MapProperty(PropertySpec spec, SourceNode node, IssueList issues)
    {
        var uprnRaw = Text(spec.Uprn, node, issues);
        var uprn = Identifiers.Uprn(uprnRaw);
        var postcodeRaw = Text(spec.Postcode, node, issues);
        var postcode = Identifiers.Postcode(postcodeRaw);
        if (uprn is null)
        {
            issues.Add("invalid_uprn", "uprn", Severity.Blocking, $"A gazetteer record needs a valid UPRN; '{uprnRaw}' is not one.");
        }

        if (postcode is null)
        {
            issues.Add("invalid_postcode", "postcode", Severity.Blocking, $"A gazetteer record needs a valid postcode; '{postcodeRaw}' is not one.");
        }

        if (uprn is null || postcode is null)
        {
            return null;
        }

        int? Number(FieldSpec? field) => int.TryParse(Text(field, node, issues), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        return new PropertyRecord(
            uprn.Value, Identifiers.Uprn(Text(spec.ParentUprn, node, issues)), Identifiers.Uprn(Text(spec.Usrn, node, issues)), Text(spec.Sao, node, issues),
            Text(spec.Pao, node, issues), Text(spec.Street, node, issues), Text(spec.Locality, node, issues), Text(spec.Town, node, issues), postcode,
            Number(spec.Easting), Number(spec.Northing), Text(spec.Classification, node, issues));
    }

    private SchoolRecord? MapSchool(SchoolSpec spec, SourceNode node, IssueList issues)
    {
        var urn = Text(spec.Urn, node, issues);
        var name = Text(spec.Name, node, issues);
        if (urn is null || name is null)
        {
            issues.Add("missing_required", urn is null ? "urn" : "name", Severity.Blocking, "A school record needs a URN and a name.");
            return null;
        }

        return new SchoolRecord(urn, Text(spec.LaEstab, node, issues), name, Text(spec.Phase, node, issues), Text(spec.Type, node, issues),
            Identifiers.Postcode(Text(spec.Postcode, node, issues)), Identifiers.Uprn(Text(spec.Uprn, node, issues)));
    }

    private Dictionary<string, string> Attributes(IReadOnlyDictionary<string, FieldSpec> specs, SourceNode node, IssueList issues)
    {
        var attributes = new Dictionary<string, string>(specs.Count, StringComparer.Ordinal);
        foreach (var (name, spec) in specs)
        {
            if (Text(spec, node, issues, asDate: spec.Formats is not null) is { } value)
            {
                attributes[name] = value;
            }
        }

        return attributes;
    }

    /// <summary>
    /// A field's value, trimmed, transformed and mapped; null when empty. A value with no entry in its code map is
    /// reported and dropped. With <see cref="FieldSpec.Join"/>, every value the path matches, each treated so, joined.
    /// <paramref name="asDate"/> makes each value an ISO date (an attribute with formats); one that is not a date is
    /// reported and dropped.
    /// </summary>
    internal string? Text(FieldSpec? spec, SourceNode node, IssueList issues, bool asDate = false)
    {
        if (spec is null)
        {
            return null;
        }

        if (spec is { Join: { } separator, Field: { } field })
        {
            List<string>? values = null;
            foreach (var raw in node.Values(field))
            {
                if (Standardise(spec, raw, asDate, issues) is { } value)
                {
                    (values ??= []).Add(value);
                }
            }

            return values is null ? null : string.Join(separator, values);
        }

        return Standardise(spec, RawOf(spec, node), asDate, issues);
    }

    private string? Standardise(FieldSpec spec, string? raw, bool asDate, IssueList issues)
    {
        var value = raw?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (spec.Transforms is { } transforms)
        {
            foreach (var transform in transforms)
            {
                value = Transform(value, transform);
                if (value.Length == 0)
                {
                    return null;
                }
            }
        }

        if (spec.Map is { } mapName)
        {
            var map = CodeMap(mapName);
            if (!map.TryGetValue(value, out var mapped))
            {
                issues.Add("unknown_code", spec.Field ?? mapName, Severity.Warning, $"'{value}' is not in the {mapName} code map.");
                return null;
            }

            value = mapped;
            if (value.Length == 0)
            {
                return null;
            }
        }

        if (asDate)
        {
            if (!Dates.TryParse(value, spec.Formats, DateKind.Event, _today, out var date, out var time))
            {
                issues.Add("invalid_date", spec.Field ?? spec.Template ?? "value", Severity.Warning, $"'{value}' is not a date in the feed's format; the attribute was not recorded.");
                return null;
            }

            return time is { } at ? Dates.Iso(date) + "T" + at.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : Dates.Iso(date);
        }

        return value;
    }

    private static string? RawOf(FieldSpec spec, SourceNode node) =>
        spec.Value ?? (spec.Template is { } template ? FillOrNull(template, node) : node.Value(spec.Field!));

    /// <summary>The code map of that name: the feed's own first, then the built-in ones.</summary>
    internal IReadOnlyDictionary<string, string> CodeMap(string name)
    {
        if (_codeMaps.TryGetValue(name, out var own))
        {
            return own;
        }

        return Codes.BuiltIn(name) ?? throw new InvalidOperationException($"Feed {_definition.Name} names a code map '{name}' that does not exist.");
    }

    /// <summary>The validation rules a definition may use.</summary>
    public static IReadOnlySet<string> KnownRules => RecordValidator.KnownRules;

    /// <summary>The transforms a field spec may name.</summary>
    public static readonly IReadOnlySet<string> KnownTransforms = new HashSet<string>(StringComparer.Ordinal)
    {
        "upper", "lower", "title", "digits", "first_word", "rest_words", "before_comma", "after_comma", "collapse_spaces", "first_letter", "second_letter",
        "without_brackets", "in_brackets",
    };

    private static string Transform(string value, string transform) => transform switch
    {
        "upper" => value.ToUpperInvariant(),
        "lower" => value.ToLowerInvariant(),
        "title" => Names.Display(value),
        "digits" => new string([.. value.Where(char.IsAsciiDigit)]),
        "first_word" => value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0],
        "rest_words" => string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)),
        "before_comma" => value.Split(',')[0].Trim(),
        "after_comma" => value.Contains(',', StringComparison.Ordinal) ? value[(value.IndexOf(',', StringComparison.Ordinal) + 1)..].Trim() : string.Empty,
        "collapse_spaces" => string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries)),
        "first_letter" => value[..1],
        "second_letter" => value.Length > 1 ? value[1..2] : string.Empty,
        "without_brackets" => string.Join(' ', Bracketed().Replace(value, " ").Split(' ', StringSplitOptions.RemoveEmptyEntries)),
        "in_brackets" => Bracketed().Match(value) is { Success: true } m ? m.Groups["inside"].Value.Trim() : string.Empty,
        _ => throw new InvalidOperationException($"Unknown transform '{transform}'."),
    };

    /// <summary>The parts a spec maps: the record itself, or its repeated parts, each knowing its position from 1.</summary>
    private static IEnumerable<SourceNode> Parts(SourceNode node, EachSpec? each)
    {
        if (each is null)
        {
            return [node];
        }

        if (each.Split is { } field)
        {
            var text = node.Value(field);
            if (string.IsNullOrWhiteSpace(text))
            {
                return [];
            }

            return text.Split(each.Separator ?? ",", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select((value, i) => (SourceNode)new SplitPart(node, value, i + 1));
        }

        return node.Each(each.Path!).Select((part, i) => (SourceNode)new PartNode(part, i + 1));
    }

    private static bool Applies(ConditionSpec? when, SourceNode part) => when is null || when.Holds(part.Value(when.Field));

    /// <summary>Fills {Field} placeholders from the node; text without braces is returned as it is.</summary>
    internal static string Fill(string template, SourceNode node) =>
        template.Contains('{', StringComparison.Ordinal) ? Template.Of(template).Fill(node) : template;

    private static string? FillOrNull(string template, SourceNode node)
    {
        var filled = Template.Of(template).Fill(node, out var any);
        return any ? filled.Trim() : null;
    }

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);

    // Round brackets and what they hold: "Jack (7)".
    [GeneratedRegex(@"\((?<inside>[^()]*)\)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Bracketed();

    /// <summary>The DfE's codes for a pupil without a UPN: UN1 to UN10, in any case.</summary>
    private static bool IsUnknownUpn(string? text)
    {
        var value = text.AsSpan().Trim();
        if (value.Length is < 3 or > 4 || !value.StartsWith("UN", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var number = value[2..];
        return number is "10" || (number.Length == 1 && number[0] is >= '1' and <= '9');
    }
}

/// <summary>Issues for one record, one per reason; a rule that repeats a finding raises its severity rather than adding it twice.</summary>
internal sealed class IssueList
{
    private readonly List<RecordIssue> _issues = [];

    public void Add(string code, string field, Severity severity, string detail)
    {
        for (var i = 0; i < _issues.Count; i++)
        {
            if (_issues[i].Code == code && _issues[i].Field == field)
            {
                if (severity > _issues[i].Severity)
                {
                    _issues[i] = _issues[i] with { Severity = severity };
                }

                return;
            }
        }

        _issues.Add(new RecordIssue(code, field, severity, detail));
    }

    public bool Any(string code) => _issues.Exists(i => i.Code == code);

    public List<RecordIssue> ToList() => [.. _issues];
}

/// <summary>Checks a definition makes sense before any file is read, so a mistake in a definition is a clear error.</summary>
internal static partial class DefinitionCheck
{
    public static void ThrowIfInvalid(FeedDefinition definition)
    {
        var problems = new List<string>();
        if (definition.Key.Count == 0)
        {
            problems.Add("it has no key fields");
        }

        if (definition.TrustRank is < 1 or > 100)
        {
            problems.Add("its trust rank must be between 1 and 100");
        }

        if (definition.Persons.Count == 0 && definition.Property is null && definition.School is null)
        {
            problems.Add("it describes no persons, property or school");
        }

        var slots = definition.Persons.Select(p => p.Slot).ToHashSet(StringComparer.Ordinal);
        foreach (var spec in definition.Events)
        {
            if (!spec.Person.Contains('{', StringComparison.Ordinal) && !slots.Contains(spec.Person))
            {
                problems.Add($"event {spec.Type} refers to person slot '{spec.Person}', which no person uses");
            }
        }

        foreach (var spec in definition.Relationships)
        {
            foreach (var slot in new[] { spec.From, spec.To }.Where(s => !s.Contains('{', StringComparison.Ordinal) && !slots.Contains(s)))
            {
                problems.Add($"a relationship refers to person slot '{slot}', which no person uses");
            }
        }

        foreach (var (name, map) in definition.CodeMaps)
        {
            foreach (var clash in map.GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Where(g => g.Select(p => p.Value).Distinct(StringComparer.Ordinal).Count() > 1))
            {
                problems.Add($"code map {name} gives '{clash.Key}' different codes in different cases");
            }
        }

        bool MapExists(string? name) => name is not null && (definition.CodeMaps.ContainsKey(name) || Codes.BuiltIn(name) is not null);

        foreach (var field in FieldSpecs(definition))
        {
            if (field.Map is { } map && !MapExists(map))
            {
                problems.Add($"a field names a code map '{map}' that does not exist");
            }

            foreach (var transform in (field.Transforms ?? []).Where(t => !RecordMapper.KnownTransforms.Contains(t)))
            {
                problems.Add($"a field names a transform '{transform}' Hearth does not know");
            }

            if (field.Join is not null && field.Field is null)
            {
                problems.Add("a field with join needs a field to take every value of, not a value or a template");
            }
        }

        problems.AddRange(PartAndPathProblems(definition));

        foreach (var rule in definition.Validation)
        {
            if (!RecordValidator.KnownRules.Contains(rule.Rule))
            {
                problems.Add($"it has a validation rule '{rule.Rule}' Hearth does not know");
            }
            else if (rule.Rule == "identifier" && rule.Attribute is null)
            {
                problems.Add("an identifier rule needs its attribute");
            }
            else if (rule.Rule == "code" && !MapExists(rule.Map))
            {
                problems.Add($"a code rule names a code map '{rule.Map}' that does not exist");
            }
            else if (rule.Rule == "pattern" && rule.Pattern is null)
            {
                problems.Add("a pattern rule needs its pattern");
            }
        }

        switch (definition.Format.Type)
        {
            case FormatType.FixedWidth when definition.Format.Columns is not { Count: > 0 }:
                problems.Add("a fixed-width feed needs its columns and widths");
                break;
            case FormatType.Xml or FormatType.Json when definition.Format.RecordPath is null:
                problems.Add("an XML or JSON feed needs a record path");
                break;
            case FormatType.Database when definition.Format.Query is null || definition.Format.ConnectionVariable is null:
                problems.Add("a database feed needs a query and the name of the variable holding its connection string");
                break;
            case FormatType.Csv when definition.Format.Delimiter is not { Length: 1 } && definition.Format.Delimiter != "\\t":
                problems.Add("a CSV delimiter is one character");
                break;
        }

        if (problems.Count > 0)
        {
            throw new InvalidFeedDefinitionException(definition.Name, problems);
        }
    }

    private static IEnumerable<FieldSpec> FieldSpecs(FeedDefinition definition)
    {
        IEnumerable<FieldSpec?> all = [];
        foreach (var p in definition.Persons)
        {
            all = all.Concat([p.LocalId, p.Role, p.DateOfBirth, p.Sex, p.NhsNumber, p.Upn, p.Uln, p.Nino, p.Email, p.Phone, p.Ethnicity]);
            if (p.Name is { } n)
            {
                all = all.Concat([n.Forenames, n.Forename, n.MiddleNames, n.Surname, n.Full, n.Initials, n.PreferredForename, n.PreferredSurname]);
            }

            if (p.Address is { } a)
            {
                all = all.Concat([a.Line1, a.Line2, a.Line3, a.Locality, a.Town, a.Postcode, a.Uprn, a.SingleLine, a.PostcodeDistrict]);
            }
        }

        foreach (var e in definition.Events)
        {
            all = all.Concat([e.Date, e.EndDate]).Concat(e.Attributes.Values);
        }

        foreach (var r in definition.Relationships)
        {
            all = all.Concat([r.TypeField, r.StartDate, r.EndDate]).Concat(r.Attributes.Values);
        }

        if (definition.Property is { } pr)
        {
            all = all.Concat([pr.Uprn, pr.ParentUprn, pr.Usrn, pr.Sao, pr.Pao, pr.Street, pr.Locality, pr.Town, pr.Postcode, pr.Easting, pr.Northing, pr.Classification]);
        }

        if (definition.School is { } s)
        {
            all = all.Concat([s.Urn, s.LaEstab, s.Name, s.Phase, s.Type, s.Postcode, s.Uprn]);
        }

        return all.OfType<FieldSpec>();
    }
}

/// <summary>A feed definition that cannot be used, with every reason.</summary>
public sealed class InvalidFeedDefinitionException : Exception
{
    /// <summary>Creates the exception for a definition and its problems.</summary>
    public InvalidFeedDefinitionException(string feed, IReadOnlyList<string> problems)
        : base($"The definition of feed {feed} cannot be used: {string.Join("; ", problems)}.")
    {
        Feed = feed;
        Problems = problems;
    }

    /// <summary>The feed.</summary>
    public string Feed { get; } = string.Empty;

    /// <summary>What is wrong.</summary>
    public IReadOnlyList<string> Problems { get; } = [];
}
