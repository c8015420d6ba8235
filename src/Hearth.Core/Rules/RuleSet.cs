using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hearth.Core.Rules;

/// <summary>
/// A set of weighted rules that profiles one kind of subject, stored as data (config/rules/*.json, schema in
/// config/rules/rule-set.schema.json). The weights of the rules that fire add up to a score, and the score falls in a
/// band. Scores are advisory: a practitioner decides.
/// </summary>
public sealed record RuleSet
{
    /// <summary>The JSON schema a rule set file points to; ignored when reading.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    /// <summary>Unique name, used as the key of every stored score, for example vulnerable-pupil.</summary>
    public required string Name { get; init; }

    /// <summary>A short human title.</summary>
    public string? Title { get; init; }

    /// <summary>The rule set's version, stored with every score it gives; change it whenever a rule, weight or band changes.</summary>
    public required string Version { get; init; }

    /// <summary>What is scored: a person (golden record) or a family.</summary>
    public required RuleSubject Subject { get; init; }

    /// <summary>What the score is for and how it should be read, in words.</summary>
    public string? Description { get; init; }

    /// <summary>For a family rule set, the group layer whose current groups are the families scored (config/groups); default family.</summary>
    public string? Layer { get; init; }

    /// <summary>Who is scored: only subjects meeting this condition at the evaluation date get a score. None means everyone.</summary>
    public Condition? Cohort { get; init; }

    /// <summary>The rules; each adds its weight to the score when its condition holds.</summary>
    public required IReadOnlyList<Rule> Rules { get; init; }

    /// <summary>The band names the score maps to: rag (green, amber, red), tier (low, medium, high) or eligibility (not_eligible, eligible).</summary>
    public required BandScale Scale { get; init; }

    /// <summary>The bands from the lowest: each starts at its score; a score below the first band's start takes the first band.</summary>
    public required IReadOnlyList<BandThreshold> Bands { get; init; }

    /// <summary>Conditions that lift the band whatever the score, for example any high indicator at age 13 or under.</summary>
    public IReadOnlyList<BandOverride> Overrides { get; init; } = [];

    /// <summary>What raises an alert for a practitioner when the store is scored again.</summary>
    public AlertSettings? Alerts { get; init; }

    /// <summary>
    /// Family rule sets only: for each headline (a rule indicator), the rule saying that the family's need under it has
    /// been met. Results claims test it when an early help episode closes and each month after (see claims).
    /// </summary>
    public IReadOnlyList<Rule> Outcomes { get; init; } = [];

    /// <summary>Family rule sets only: how results claims are judged from the family's early help episodes. Absent, no claims are assessed.</summary>
    public ClaimSettings? Claims { get; init; }

    /// <summary>The JSON options rule sets are read with: snake_case names, strict about unknown properties.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectRequiredConstructorParameters = true,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Reads a rule set from JSON text; throws <see cref="InvalidRuleSetException"/> when it is not a valid one.</summary>
    public static RuleSet Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<RuleSet>(json, JsonOptions) ?? throw new InvalidRuleSetException($"{source}: the file holds no rule set.");
        }
        catch (JsonException ex)
        {
            throw new InvalidRuleSetException($"{source}: {ex.Message}", ex);
        }
    }
}

/// <summary>What a rule set scores.</summary>
public enum RuleSubject
{
    /// <summary>A person's golden record.</summary>
    Person,

    /// <summary>A family: a current group of the rule set's layer, with its members' events.</summary>
    Family,
}

/// <summary>The names of the bands, from the least to the most concern.</summary>
public enum BandScale
{
    /// <summary>green, amber, red.</summary>
    Rag,

    /// <summary>low, medium, high.</summary>
    Tier,

    /// <summary>not_eligible, eligible: for example a family's eligibility for Supporting Families, the score being its number of needs.</summary>
    Eligibility,
}

/// <summary>One weighted rule.</summary>
public sealed record Rule
{
    /// <summary>Unique within the rule set, for example low-attendance; named in every reason.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The indicator the rule measures. Rules sharing an indicator are levels of it: only the highest weight that fires
    /// counts, so that 3+ suspensions does not also add the weight of 1+. Defaults to the rule's id.
    /// </summary>
    public string? Indicator { get; init; }

    /// <summary>What the rule means, in words a practitioner reads in the explanation.</summary>
    public required string Description { get; init; }

    /// <summary>What the rule adds to the score when it fires (for exploitation indicators, 0 to 3).</summary>
    public required double Weight { get; init; }

    /// <summary>When the rule fires.</summary>
    public required Condition When { get; init; }
}

/// <summary>The start of a band.</summary>
public sealed record BandThreshold
{
    /// <summary>The band's name, from the rule set's scale.</summary>
    public required string Band { get; init; }

    /// <summary>The lowest score in the band.</summary>
    public required double From { get; init; }
}

/// <summary>A condition that puts the subject in at least this band, whatever the score.</summary>
public sealed record BandOverride
{
    /// <summary>Unique within the rule set; named in the reasons.</summary>
    public required string Id { get; init; }

    /// <summary>What the override means, in words.</summary>
    public required string Description { get; init; }

    /// <summary>The lowest band the subject is in when the condition holds.</summary>
    public required string Band { get; init; }

    /// <summary>When the override applies; may refer to the rules that fired (fired).</summary>
    public required Condition When { get; init; }
}

/// <summary>
/// How a Supporting Families results claim is judged. Each early help episode of a family member is a piece of work
/// with the family; it can be claimed for when it had a lead practitioner, a whole-family assessment and a plan, the
/// family was eligible at the assessment (the rule set's top band, evaluated as at the assessment date), and every need
/// found then has its outcome met at closure and at every month after it for the sustained months.
/// </summary>
public sealed record ClaimSettings
{
    /// <summary>Months after the episode's closure that every need's outcome must hold (the framework's default is 6).</summary>
    public int SustainedMonths { get; init; } = 6;

    /// <summary>The results payment for one claim, in pounds, for the claims extract.</summary>
    public decimal Tariff { get; init; } = 800;

    /// <summary>The event type of an early help episode, one per member, with case_id, assessment_date, plan_start and lead_team attributes.</summary>
    public string EpisodeEvent { get; init; } = "early_help_episode";

    /// <summary>Closure reasons after which no claim is made, whatever the outcomes: the family was not supported, or left before the work was done.</summary>
    public IReadOnlyList<string> NoClaimReasons { get; init; } = ["Consent not given", "Disengaged", "Moved out of area"];
}

/// <summary>What raises an alert when the store is scored again.</summary>
public sealed record AlertSettings
{
    /// <summary>Raise an alert when a subject's band gets worse than at the last run.</summary>
    public bool BandWorsens { get; init; }

    /// <summary>Raise an alert for each new event of these types (for example exclusion, police_incident) since the last run, for subjects in the cohort.</summary>
    public IReadOnlyList<string> NewEvents { get; init; } = [];
}

/// <summary>A rule set file that cannot be read or compiled, with what is wrong and where.</summary>
public sealed class InvalidRuleSetException : Exception
{
    /// <summary>Creates the exception with what is wrong.</summary>
    public InvalidRuleSetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with what is wrong and the error that found it.</summary>
    public InvalidRuleSetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
