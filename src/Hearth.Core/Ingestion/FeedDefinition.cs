using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hearth.Core.Ingestion;

/// <summary>
/// A council feed described as data: its format, the people, events and relationships each record holds, how source
/// fields map to canonical attributes, how records are validated, and the feed's key, trust rank and lawful basis.
/// Adding a feed is writing one of these (config/feeds/*.json, schema in config/feeds/feed-definition.schema.json).
/// </summary>
public sealed record FeedDefinition
{
    /// <summary>Unique name, matching the feed manifest, for example <c>police_incidents</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The JSON schema a definition file points to; ignored when reading.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    /// <summary>A short human title.</summary>
    public string? Title { get; init; }

    /// <summary>The kind of system that sends the feed.</summary>
    public required string System { get; init; }

    /// <summary>What the feed holds, in words.</summary>
    public string? Description { get; init; }

    /// <summary>Why the council may process this data, recorded per feed as UK GDPR requires.</summary>
    public required LawfulBasis LawfulBasis { get; init; }

    /// <summary>How far this source is trusted for golden-record survivorship: 1 is most trusted, 100 least.</summary>
    public required int TrustRank { get; init; }

    /// <summary>Whether each file is the whole extract (rows missing from it were removed) or only changes.</summary>
    public ExtractKind Extract { get; init; } = ExtractKind.Full;

    /// <summary>How the file is laid out.</summary>
    public required FormatSpec Format { get; init; }

    /// <summary>The fields (paths) whose values identify a record, for change detection.</summary>
    public required IReadOnlyList<string> Key { get; init; }

    /// <summary>The people each record names.</summary>
    public IReadOnlyList<PersonSpec> Persons { get; init; } = [];

    /// <summary>The events each record describes.</summary>
    public IReadOnlyList<EventSpec> Events { get; init; } = [];

    /// <summary>The relationships each record states between its people.</summary>
    public IReadOnlyList<RelationshipSpec> Relationships { get; init; } = [];

    /// <summary>For an address gazetteer: the property each record describes.</summary>
    public PropertySpec? Property { get; init; }

    /// <summary>For an establishments list: the school each record describes.</summary>
    public SchoolSpec? School { get; init; }

    /// <summary>The checks each record must pass.</summary>
    public IReadOnlyList<ValidationRule> Validation { get; init; } = [];

    /// <summary>Code maps local to this feed, by name, from source code to standard code.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> CodeMaps { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

    /// <summary>True for reference data (gazetteer, establishments), which other feeds are checked against and so load first.</summary>
    [JsonIgnore]
    public bool IsReference => Property is not null || School is not null;

    /// <summary>The JSON options definitions are read with: snake_case names, strict about unknown properties.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        Converters =
        {
            new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false),
            new FieldSpecConverter(),
            new ShorthandConverter<EachSpec>(EachSpec.Of, each => each is { Path: { } path, Split: null, Separator: null } ? path : null, "The path of the repeated parts."),
            new ShorthandConverter<ConditionSpec>(ConditionSpec.Of, when => when is { In: null, Not: null } ? when.Field : null, "Only when this field has a value."),
        },
    };
}

/// <summary>Whether a file is a whole extract or only the changes since the last.</summary>
public enum ExtractKind
{
    /// <summary>The file holds every current record; records missing from it have been removed.</summary>
    Full,

    /// <summary>The file holds only new and changed records.</summary>
    Delta,
}

/// <summary>The file formats Hearth reads.</summary>
public enum FormatType
{
    /// <summary>Delimited text (comma, tab, pipe or another character).</summary>
    Csv,

    /// <summary>An Excel workbook.</summary>
    Xlsx,

    /// <summary>A JSON document holding an array of records.</summary>
    Json,

    /// <summary>One JSON object per line.</summary>
    JsonLines,

    /// <summary>An XML document with repeated record elements.</summary>
    Xml,

    /// <summary>Fixed-width text records.</summary>
    FixedWidth,

    /// <summary>The rows of a SQL query against a database.</summary>
    Database,
}

/// <summary>The lawful basis for processing a feed, and the conditions and documents that go with it.</summary>
public sealed record LawfulBasis
{
    /// <summary>UK GDPR article 6 basis, for example <c>public_task</c>.</summary>
    public required string Article6 { get; init; }

    /// <summary>Article 9 condition for special category data, for example <c>safeguarding_of_children_and_individuals_at_risk</c>.</summary>
    public string? Article9Condition { get; init; }

    /// <summary>Article 10 condition for criminal offence data.</summary>
    public string? Article10Condition { get; init; }

    /// <summary>Reference of the appropriate policy document that special category and criminal data need.</summary>
    public string? AppropriatePolicyDocument { get; init; }

    /// <summary>Reference of the data protection impact assessment covering the feed.</summary>
    public string? Dpia { get; init; }

    /// <summary>The legislation and agreements the sharing rests on.</summary>
    public string? Legislation { get; init; }
}

/// <summary>How the file is laid out.</summary>
public sealed record FormatSpec
{
    /// <summary>The file format.</summary>
    public required FormatType Type { get; init; }

    /// <summary><c>utf-8</c> (a byte order mark is accepted), <c>windows-1252</c> or <c>ascii</c>.</summary>
    public string Encoding { get; init; } = "utf-8";

    /// <summary>CSV field separator; a single character (use <c>\t</c> for tab).</summary>
    public string Delimiter { get; init; } = ",";

    /// <summary>For CSV and xlsx: the 1-based row holding the column headers.</summary>
    public int HeaderRow { get; init; } = 1;

    /// <summary>For xlsx: the worksheet (the first when not given).</summary>
    public string? Sheet { get; init; }

    /// <summary>For XML: the path of record elements (<c>/Message/Children/Child</c>). For JSON: the array holding records (<c>$.items</c>; <c>$</c> for a top-level array).</summary>
    public string? RecordPath { get; init; }

    /// <summary>For fixed width: the columns and their widths, in order.</summary>
    public IReadOnlyList<FixedColumn>? Columns { get; init; }

    /// <summary>For a database source: the SQL query whose rows are the records.</summary>
    public string? Query { get; init; }

    /// <summary>For a database source: the name of an environment variable holding the connection string (never the string itself).</summary>
    public string? ConnectionVariable { get; init; }

    /// <summary>For a database source: <c>postgres</c> or <c>sqlite</c>.</summary>
    public string? Provider { get; init; }

    /// <summary>The largest record, in characters, the reader accepts before refusing the file (default 1 MiB).</summary>
    public int MaxRecordCharacters { get; init; } = 1 << 20;
}

/// <summary>A fixed-width column.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Width">Width in characters.</param>
public sealed record FixedColumn(string Name, int Width);

/// <summary>
/// Where a canonical value comes from: a source field (a column, or a path inside an XML or JSON record) or a constant,
/// with the transformations to apply. In JSON a plain string is shorthand for <c>{ "field": "..." }</c>.
/// </summary>
public sealed record FieldSpec
{
    /// <summary>
    /// The source field: a column name, or a path relative to the record (<c>ChildIdentifiers/UPN</c>,
    /// <c>address.postcode</c>). In an XML or JSON path a step may pick one of several matches by position, counted from 0
    /// (<c>name[0].given</c>, <c>Reviews/CPPreviewDate[0]</c>), or by the value of a field inside it
    /// (<c>address[use=home].postcode</c>, <c>FamilyMember[Relationship=Mother]/Forename</c>; compared ignoring case and
    /// extra spaces; quote a value holding ']' as <c>[system='a]b']</c>); a position past the end gives no value. Where a
    /// path still matches several values it gives the first, unless <c>join</c> is set. A JSON array of strings is one
    /// value, its items joined by a space. XML names are matched without their namespace or prefix.
    /// </summary>
    public string? Field { get; init; }

    /// <summary>A constant value instead of a field.</summary>
    public string? Value { get; init; }

    /// <summary>A text built from several fields: <c>{Forename} {Surname}</c>.</summary>
    public string? Template { get; init; }

    /// <summary>
    /// Date formats to try, in order, before the common ones. On an event or relationship attribute, formats (even an
    /// empty list, for the common formats only) declare the value a date: it is stored as ISO <c>yyyy-MM-dd</c> (with
    /// <c>THH:mm:ss</c> when it has a time), and a value that is not a date is dropped with an <c>invalid_date</c> warning.
    /// </summary>
    public IReadOnlyList<string>? Formats { get; init; }

    /// <summary>A code map to translate the value through: a feed's own or a built-in one (sex, ethnicity, yes_no).</summary>
    public string? Map { get; init; }

    /// <summary>Transformations applied in order, for example <c>first_word</c> then <c>title</c>.</summary>
    public IReadOnlyList<string>? Transforms { get; init; }

    /// <summary>
    /// Take every value the field's path matches, not only the first, joined with this text (<c>"; "</c>): every
    /// disability, every review date, every item of a JSON array. Each value is trimmed, transformed, mapped and (with
    /// <c>formats</c>, in an attribute) made a date on its own; blank ones are left out.
    /// </summary>
    public string? Join { get; init; }

    /// <summary>A field spec that reads the named source field as it is.</summary>
    public static FieldSpec Of(string field) => new() { Field = field };
}

/// <summary>A person named in each record (or in each repeated part of a record, with <see cref="Each"/>).</summary>
public sealed record PersonSpec
{
    /// <summary>
    /// The person's slot in the record, for example <c>victim</c>; may use fields of the repeated part,
    /// <c>member:{PersonID}</c>, or its position among the parts, <c>child:{#}</c>.
    /// </summary>
    public required string Slot { get; init; }

    /// <summary>The repeated parts of the record that each hold one such person.</summary>
    public EachSpec? Each { get; init; }

    /// <summary>Only when this holds (a record whose optional second liable person is blank names one person).</summary>
    public ConditionSpec? When { get; init; }

    /// <summary>The source system's own id for the person.</summary>
    public FieldSpec? LocalId { get; init; }

    /// <summary>The person's role in the record (victim, suspect, main carer).</summary>
    public FieldSpec? Role { get; init; }

    /// <summary>The person's name.</summary>
    public NameSpec? Name { get; init; }

    /// <summary>Date of birth.</summary>
    public FieldSpec? DateOfBirth { get; init; }

    /// <summary>Sex or gender code, mapped to M, F, U or I.</summary>
    public FieldSpec? Sex { get; init; }

    /// <summary>NHS number.</summary>
    public FieldSpec? NhsNumber { get; init; }

    /// <summary>Unique Pupil Number.</summary>
    public FieldSpec? Upn { get; init; }

    /// <summary>Unique Learner Number.</summary>
    public FieldSpec? Uln { get; init; }

    /// <summary>National Insurance number.</summary>
    public FieldSpec? Nino { get; init; }

    /// <summary>Email address.</summary>
    public FieldSpec? Email { get; init; }

    /// <summary>Telephone number.</summary>
    public FieldSpec? Phone { get; init; }

    /// <summary>Ethnicity, mapped to DfE codes.</summary>
    public FieldSpec? Ethnicity { get; init; }

    /// <summary>The person's address.</summary>
    public AddressSpec? Address { get; init; }
}

/// <summary>
/// The repeated parts of a record, each of which holds one person, event or relationship: the elements or array items a
/// path finds (<c>"each": "Members/Member"</c>, <c>"each": "members[role=Child]"</c>), or the values of a field that holds
/// several in one text (<c>"each": { "split": "Children in Household", "separator": "," }</c>). A plain string is
/// shorthand for <c>{ "path": "..." }</c>. In a part, paths are relative to it, <c>../</c> reaches the record, and
/// <c>#</c> is the part's position among the parts, counted from 1 before any <c>when</c> is applied. In a split part
/// <c>.</c> is the value, trimmed; empty values are not parts.
/// </summary>
public sealed record EachSpec
{
    /// <summary>The path of the repeated parts (XML or JSON), with any selector: <c>CINdetails/Assessments</c>, <c>contact[relationship.text=Mother]</c>.</summary>
    public string? Path { get; init; }

    /// <summary>A field whose text holds several values, each of which is a part: <c>Children in Household</c>.</summary>
    public string? Split { get; init; }

    /// <summary>For <c>split</c>: the text between the values, for example <c>,</c> or <c>;</c>.</summary>
    public string? Separator { get; init; }

    /// <summary>The parts a path finds.</summary>
    public static EachSpec Of(string path) => new() { Path = path };

    /// <summary>The parts a path finds.</summary>
    public static implicit operator EachSpec(string path) => Of(path);
}

/// <summary>
/// When a person, event or relationship applies: when a field has a value that is not blank and, if listed, is one of
/// <c>in</c> and none of <c>not</c> (compared ignoring case, surrounding spaces and doubled spaces). A plain string is shorthand for
/// <c>{ "field": "..." }</c>: <c>"when": { "field": "Children", "not": ["None known", "N/A"] }</c>,
/// <c>"when": { "field": "relationshipToMainCarer", "in": ["Son", "Daughter"] }</c>.
/// </summary>
public sealed record ConditionSpec
{
    /// <summary>The field (a column or path; <c>.</c> is the value of a split part) whose value decides.</summary>
    public required string Field { get; init; }

    /// <summary>Applies only when the value is one of these.</summary>
    public IReadOnlyList<string>? In { get; init; }

    /// <summary>Does not apply when the value is one of these, such as a placeholder for "none".</summary>
    public IReadOnlyList<string>? Not { get; init; }

    /// <summary>True when the value makes the condition hold.</summary>
    public bool Holds(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        bool Listed(IReadOnlyList<string> values) => values.Any(v => LooseText.Same(v, value));
        return (In is null || Listed(In)) && (Not is null || !Listed(Not));
    }

    /// <summary>Only when the field has a value.</summary>
    public static ConditionSpec Of(string field) => new() { Field = field };

    /// <summary>Only when the field has a value.</summary>
    public static implicit operator ConditionSpec(string field) => Of(field);
}

/// <summary>How a person's name is held: in parts, as one full name, or only as initials.</summary>
public sealed record NameSpec
{
    /// <summary>All forenames in one field (the first is taken as the forename, the rest as middle names).</summary>
    public FieldSpec? Forenames { get; init; }

    /// <summary>The first forename alone.</summary>
    public FieldSpec? Forename { get; init; }

    /// <summary>Middle names.</summary>
    public FieldSpec? MiddleNames { get; init; }

    /// <summary>Surname (family name).</summary>
    public FieldSpec? Surname { get; init; }

    /// <summary>The whole name in one field, perhaps with a title: <c>Mrs Sarah Jones</c> or <c>JONES, Sarah</c>.</summary>
    public FieldSpec? Full { get; init; }

    /// <summary>Initials only (forename initial then surname initial), as drug and alcohol services record.</summary>
    public FieldSpec? Initials { get; init; }

    /// <summary>A name the person prefers, kept alongside the legal one.</summary>
    public FieldSpec? PreferredForename { get; init; }

    /// <summary>A surname the person prefers to the legal one.</summary>
    public FieldSpec? PreferredSurname { get; init; }
}

/// <summary>How an address is held: in lines, or as one line; with or without a postcode and UPRN.</summary>
public sealed record AddressSpec
{
    /// <summary>First address line.</summary>
    public FieldSpec? Line1 { get; init; }

    /// <summary>Second address line.</summary>
    public FieldSpec? Line2 { get; init; }

    /// <summary>Third address line.</summary>
    public FieldSpec? Line3 { get; init; }

    /// <summary>Locality or district.</summary>
    public FieldSpec? Locality { get; init; }

    /// <summary>Town or city.</summary>
    public FieldSpec? Town { get; init; }

    /// <summary>Postcode.</summary>
    public FieldSpec? Postcode { get; init; }

    /// <summary>UPRN, where the source system holds one.</summary>
    public FieldSpec? Uprn { get; init; }

    /// <summary>The whole address in one field: <c>12 Mill Lane, Ashby Vale, Hearthfield, HF1 2AB</c>.</summary>
    public FieldSpec? SingleLine { get; init; }

    /// <summary>Only a postcode district is held (<c>HF3</c>), not a full postcode.</summary>
    public FieldSpec? PostcodeDistrict { get; init; }
}

/// <summary>An event each record (or each repeated part of it) describes, for the person in a slot.</summary>
public sealed record EventSpec
{
    /// <summary>The event type, for example <c>police_incident</c> or <c>cin_referral</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The repeated parts of the record that each hold one such event.</summary>
    public EachSpec? Each { get; init; }

    /// <summary>Only when this holds.</summary>
    public ConditionSpec? When { get; init; }

    /// <summary>The slot of the person the event is about (may use fields: <c>member:{PersonID}</c>, <c>child:{#}</c>).</summary>
    public required string Person { get; init; }

    /// <summary>When the event happened (or began).</summary>
    public required FieldSpec Date { get; init; }

    /// <summary>When the event ended, for events with a duration.</summary>
    public FieldSpec? EndDate { get; init; }

    /// <summary>Further values kept with the event, by canonical name.</summary>
    public IReadOnlyDictionary<string, FieldSpec> Attributes { get; init; } = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
}

/// <summary>A relationship between two people in a record.</summary>
public sealed record RelationshipSpec
{
    /// <summary>The relationship type, for example <c>contact_of</c>; or take it from a field with <see cref="TypeField"/>.</summary>
    public string? Type { get; init; }

    /// <summary>Take the relationship type from this field instead.</summary>
    public FieldSpec? TypeField { get; init; }

    /// <summary>The repeated parts of the record that each state one such relationship.</summary>
    public EachSpec? Each { get; init; }

    /// <summary>Only when this holds.</summary>
    public ConditionSpec? When { get; init; }

    /// <summary>
    /// Slot of the first person. Like every slot it may be filled from fields, and those fields may lie outside the
    /// repeated part: <c>member:{../members[role=Main carer].personId}</c> names the main carer from any member's part.
    /// A relationship whose slot names no person of the record is left out, with an <c>unknown_slot</c> warning.
    /// </summary>
    public required string From { get; init; }

    /// <summary>Slot of the second person (filled as <see cref="From"/> is).</summary>
    public required string To { get; init; }

    /// <summary>When the relationship began.</summary>
    public FieldSpec? StartDate { get; init; }

    /// <summary>When the relationship ended.</summary>
    public FieldSpec? EndDate { get; init; }

    /// <summary>Further values kept with the relationship.</summary>
    public IReadOnlyDictionary<string, FieldSpec> Attributes { get; init; } = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
}

/// <summary>A gazetteer record: one addressable property.</summary>
public sealed record PropertySpec
{
    /// <summary>The property's UPRN.</summary>
    public required FieldSpec Uprn { get; init; }

    /// <summary>UPRN of the building a flat is in.</summary>
    public FieldSpec? ParentUprn { get; init; }

    /// <summary>Unique Street Reference Number.</summary>
    public FieldSpec? Usrn { get; init; }

    /// <summary>Secondary addressable object: flat or unit.</summary>
    public FieldSpec? Sao { get; init; }

    /// <summary>Primary addressable object: house number or building name.</summary>
    public FieldSpec? Pao { get; init; }

    /// <summary>Street name.</summary>
    public FieldSpec? Street { get; init; }

    /// <summary>Locality.</summary>
    public FieldSpec? Locality { get; init; }

    /// <summary>Town.</summary>
    public FieldSpec? Town { get; init; }

    /// <summary>Postcode.</summary>
    public required FieldSpec Postcode { get; init; }

    /// <summary>Easting.</summary>
    public FieldSpec? Easting { get; init; }

    /// <summary>Northing.</summary>
    public FieldSpec? Northing { get; init; }

    /// <summary>Gazetteer classification code.</summary>
    public FieldSpec? Classification { get; init; }
}

/// <summary>An establishments list record: one school or provision.</summary>
public sealed record SchoolSpec
{
    /// <summary>Unique reference number.</summary>
    public required FieldSpec Urn { get; init; }

    /// <summary>LA code and establishment number.</summary>
    public FieldSpec? LaEstab { get; init; }

    /// <summary>Establishment name.</summary>
    public required FieldSpec Name { get; init; }

    /// <summary>Phase of education.</summary>
    public FieldSpec? Phase { get; init; }

    /// <summary>Establishment type.</summary>
    public FieldSpec? Type { get; init; }

    /// <summary>Site postcode.</summary>
    public FieldSpec? Postcode { get; init; }

    /// <summary>Site UPRN.</summary>
    public FieldSpec? Uprn { get; init; }
}

/// <summary>What happens to a row that fails a check.</summary>
public enum Severity
{
    /// <summary>The row is loaded and the problem kept with it.</summary>
    Warning,

    /// <summary>The row goes to quarantine with the reason.</summary>
    Blocking,
}

/// <summary>
/// A check on each record. Rules: <c>required</c> (fields must have values), <c>date</c> (fields must be dates in the
/// given formats), <c>identifier</c> (an attribute such as nhs_number must pass its check), <c>code</c> (a field's
/// value must be in a code map), <c>max_length</c>, <c>pattern</c>, <c>plausible_birth_date</c>, <c>no_formula</c>
/// (text must not look like a spreadsheet formula), <c>postcode</c>.
/// </summary>
public sealed record ValidationRule
{
    /// <summary>The kind of check.</summary>
    public required string Rule { get; init; }

    /// <summary>The source fields the rule checks.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>A canonical person attribute (nhs_number, upn, uln, nino, postcode, date_of_birth, email, phone).</summary>
    public string? Attribute { get; init; }

    /// <summary>Whether a failure quarantines the row or only warns.</summary>
    public Severity Severity { get; init; } = Severity.Warning;

    /// <summary>For the date rule: the formats that count as valid.</summary>
    public IReadOnlyList<string>? Formats { get; init; }

    /// <summary>For the code rule: the code map whose keys are the valid values.</summary>
    public string? Map { get; init; }

    /// <summary>For max_length: the longest valid value.</summary>
    public int? MaxLength { get; init; }

    /// <summary>For pattern: the regular expression a value must match.</summary>
    public string? Pattern { get; init; }
}

/// <summary>Reads a <see cref="FieldSpec"/> from either a string (the field) or an object.</summary>
public sealed class FieldSpecConverter : JsonConverter<FieldSpec>
{
    /// <inheritdoc />
    public override FieldSpec? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return FieldSpec.Of(reader.GetString()!);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A field is a string (the source field) or an object.");
        }

        var field = (string?)null;
        var value = (string?)null;
        var template = (string?)null;
        var map = (string?)null;
        var join = (string?)null;
        List<string>? formats = null;
        List<string>? transforms = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "field":
                    field = reader.GetString();
                    break;
                case "value":
                    value = reader.GetString();
                    break;
                case "template":
                    template = reader.GetString();
                    break;
                case "map":
                    map = reader.GetString();
                    break;
                case "join":
                    join = reader.GetString();
                    break;
                case "formats":
                    formats = JsonSerializer.Deserialize<List<string>>(ref reader, options);
                    break;
                case "transforms":
                    transforms = JsonSerializer.Deserialize<List<string>>(ref reader, options);
                    break;
                default:
                    throw new JsonException($"Unknown field property '{name}'.");
            }
        }

        if ((field is null ? 0 : 1) + (value is null ? 0 : 1) + (template is null ? 0 : 1) != 1)
        {
            throw new JsonException("A field needs exactly one of 'field', 'value' or 'template'.");
        }

        return new FieldSpec { Field = field, Value = value, Template = template, Map = map, Formats = formats, Transforms = transforms, Join = join };
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, FieldSpec value, JsonSerializerOptions options)
    {
        if (value.Field is not null && value.Map is null && value.Formats is null && value.Transforms is null && value.Join is null)
        {
            writer.WriteStringValue(value.Field);
            return;
        }

        writer.WriteStartObject();
        if (value.Field is not null)
        {
            writer.WriteString("field", value.Field);
        }

        if (value.Value is not null)
        {
            writer.WriteString("value", value.Value);
        }

        if (value.Template is not null)
        {
            writer.WriteString("template", value.Template);
        }

        if (value.Map is not null)
        {
            writer.WriteString("map", value.Map);
        }

        if (value.Formats is not null)
        {
            writer.WritePropertyName("formats");
            JsonSerializer.Serialize(writer, value.Formats, options);
        }

        if (value.Transforms is not null)
        {
            writer.WritePropertyName("transforms");
            JsonSerializer.Serialize(writer, value.Transforms, options);
        }

        if (value.Join is not null)
        {
            writer.WriteString("join", value.Join);
        }

        writer.WriteEndObject();
    }
}

/// <summary>A converter for a definition type that may be written as a string, its shorthand, or as an object.</summary>
public interface IShorthandConverter
{
    /// <summary>What the string form means.</summary>
    string ShorthandDescription { get; }

    /// <summary>The options that read and write the object form (these options without the shorthand converter).</summary>
    JsonSerializerOptions ObjectOptions(JsonSerializerOptions options);
}

/// <summary>Reads <typeparamref name="T"/> from a string (its shorthand) or an object; writes the shorthand when it says all.</summary>
/// <param name="fromString">The value a string stands for.</param>
/// <param name="toString">The string standing for a value, or null when only the object form says it all.</param>
/// <param name="shorthandDescription">What the string form means.</param>
public sealed class ShorthandConverter<T>(Func<string, T> fromString, Func<T, string?> toString, string shorthandDescription) : JsonConverter<T>, IShorthandConverter
    where T : class
{
    private JsonSerializerOptions? _objectOptions;

    /// <inheritdoc />
    public string ShorthandDescription => shorthandDescription;

    /// <inheritdoc />
    public JsonSerializerOptions ObjectOptions(JsonSerializerOptions options)
    {
        // Built once per converter; a race builds two equal copies, which is harmless.
        if (_objectOptions is null)
        {
            var copy = new JsonSerializerOptions(options);
            copy.Converters.Remove(this);
            _objectOptions = copy;
        }

        return _objectOptions;
    }

    /// <inheritdoc />
    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => fromString(reader.GetString()!),
        JsonTokenType.StartObject => JsonSerializer.Deserialize<T>(ref reader, ObjectOptions(options)),
        _ => throw new JsonException($"A {typeof(T).Name} is a string or an object."),
    };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        if (toString(value) is { } shorthand)
        {
            writer.WriteStringValue(shorthand);
        }
        else
        {
            JsonSerializer.Serialize(writer, value, ObjectOptions(options));
        }
    }
}
