using System.Globalization;

namespace Hearth.Core.Rules;

/// <summary>
/// A rule set compiled once into a tree of condition nodes, with its thresholds, look-ups and descriptions worked out,
/// so that evaluating a subject is loops over its events and no parsing or reflection. Safe to share between threads.
/// </summary>
public sealed class CompiledRuleSet
{
    private static readonly string[] RagBands = ["green", "amber", "red"];
    private static readonly string[] TierBands = ["low", "medium", "high"];
    private static readonly string[] EligibilityBands = ["not_eligible", "eligible"];

    private readonly Node? _cohort;
    private readonly CompiledRule[] _rules;
    private readonly (string Band, double From, int Severity)[] _bands;
    private readonly CompiledOverride[] _overrides;
    private readonly Dictionary<string, CompiledOutcome> _outcomes;

    private CompiledRuleSet(RuleSet definition, Node? cohort, CompiledRule[] rules, (string, double, int)[] bands, CompiledOverride[] overrides, Dictionary<string, CompiledOutcome> outcomes)
    {
        Definition = definition;
        _cohort = cohort;
        _rules = rules;
        _bands = bands;
        _overrides = overrides;
        _outcomes = outcomes;
        BandOrder = Order(definition.Scale);
        var types = new HashSet<string>(definition.Alerts?.NewEvents ?? [], StringComparer.Ordinal);
        foreach (var condition in definition.Rules.Select(r => r.When).Concat(definition.Overrides.Select(o => o.When)).Concat(definition.Outcomes.Select(o => o.When)).Append(definition.Cohort))
        {
            Compiler.AddEventTypes(condition, types);
        }

        if (definition.Claims is { } claims)
        {
            types.Add(claims.EpisodeEvent);
        }

        EventTypes = types;
        var windows = new List<Window?>();
        var usesAge = false;
        foreach (var condition in definition.Rules.Select(r => r.When).Concat(definition.Overrides.Select(o => o.When)).Concat(definition.Outcomes.Select(o => o.When)).Append(definition.Cohort))
        {
            usesAge |= Compiler.AddWindows(condition, windows);
        }

        Windows = windows;
        UsesAge = usesAge;
    }

    /// <summary>The rule set as written.</summary>
    public RuleSet Definition { get; }

    /// <summary>The rule set's name.</summary>
    public string Name => Definition.Name;

    /// <summary>The rule set's version.</summary>
    public string Version => Definition.Version;

    /// <summary>
    /// Every event type the rule set reads: in its cohort, rules, overrides and watched new events. A subject's other
    /// events cannot change its score, so a caller may leave them out.
    /// </summary>
    public IReadOnlySet<string> EventTypes { get; }

    /// <summary>Every look-back window the rule set uses (null for a selection with none: all history), so that a caller can tell which events a later date moves in or out.</summary>
    public IReadOnlyList<Window?> Windows { get; }

    /// <summary>Whether any condition tests an age (a birthday can change the answer with no new event).</summary>
    public bool UsesAge { get; }

    /// <summary>The scale's bands from the least to the most concern.</summary>
    public IReadOnlyList<string> BandOrder { get; }

    /// <summary>How much concern a band means: its place in <see cref="BandOrder"/>, or -1 for a name not on the scale.</summary>
    public int Severity(string? band) => band is null ? -1 : Array.IndexOf((string[])BandOrder, band);

    /// <summary>Compiles a rule set, checking it; throws <see cref="InvalidRuleSetException"/> naming the first problem and where it is.</summary>
    public static CompiledRuleSet Compile(RuleSet ruleSet)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ruleSet.Name) || string.IsNullOrWhiteSpace(ruleSet.Version))
        {
            problems.Add("name and version must not be empty");
        }

        var order = Order(ruleSet.Scale);
        if (ruleSet.Subject == RuleSubject.Person && (Compiler.UsesMembers(ruleSet.Cohort) || ruleSet.Rules.Any(r => Compiler.UsesMembers(r.When)) || ruleSet.Overrides.Any(o => Compiler.UsesMembers(o.When))))
        {
            problems.Add("members may only be used in a family rule set (subject: family)");
        }

        if (ruleSet.Layer is not null && ruleSet.Subject != RuleSubject.Family)
        {
            problems.Add("layer is only for a family rule set (subject: family)");
        }

        var cohort = ruleSet.Cohort is null ? null : Compiler.Compile(ruleSet.Cohort, "cohort", allowFired: false, problems);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var rules = new List<CompiledRule>();
        for (var i = 0; i < ruleSet.Rules.Count; i++)
        {
            var rule = ruleSet.Rules[i];
            var path = $"rules[{i}]";
            if (string.IsNullOrWhiteSpace(rule.Id) || !ids.Add(rule.Id))
            {
                problems.Add($"{path}: the id '{rule.Id}' is empty or used twice");
            }

            if (rule.Weight < 0 || double.IsNaN(rule.Weight) || double.IsInfinity(rule.Weight))
            {
                problems.Add($"{path}: the weight must be a number of zero or more");
            }

            var node = Compiler.Compile(rule.When, path + ".when", allowFired: false, problems);
            rules.Add(new CompiledRule(rule.Id, rule.Indicator ?? rule.Id, rule.Description, rule.Weight, node));
        }

        if (ruleSet.Rules.Count == 0)
        {
            problems.Add("rules: give at least one rule");
        }

        var bands = new List<(string, double, int)>();
        for (var i = 0; i < ruleSet.Bands.Count; i++)
        {
            var band = ruleSet.Bands[i];
            var severity = Array.IndexOf(order, band.Band);
            if (severity < 0)
            {
                problems.Add($"bands[{i}]: '{band.Band}' is not a band of the {ruleSet.Scale.ToString().ToLowerInvariant()} scale ({string.Join(", ", order)})");
            }

            if (i > 0 && (band.From <= ruleSet.Bands[i - 1].From || severity <= bands[i - 1].Item3))
            {
                problems.Add($"bands[{i}]: bands go from the least concern up, each starting at a higher score than the one before");
            }

            bands.Add((band.Band, band.From, severity));
        }

        if (ruleSet.Bands.Count == 0)
        {
            problems.Add("bands: give at least one band");
        }

        var overrides = new List<CompiledOverride>();
        for (var i = 0; i < ruleSet.Overrides.Count; i++)
        {
            var o = ruleSet.Overrides[i];
            var path = $"overrides[{i}]";
            var severity = Array.IndexOf(order, o.Band);
            if (severity < 0)
            {
                problems.Add($"{path}: '{o.Band}' is not a band of the scale ({string.Join(", ", order)})");
            }

            if (!ids.Add(o.Id))
            {
                problems.Add($"{path}: the id '{o.Id}' is used twice");
            }

            foreach (var named in Compiler.FiredRuleNames(o.When).Where(n => !ruleSet.Rules.Any(r => string.Equals(r.Id, n, StringComparison.Ordinal))))
            {
                problems.Add($"{path}.when: fired names the rule '{named}', which is not in the rule set");
            }

            overrides.Add(new CompiledOverride(o.Id, o.Description, o.Band, severity, Compiler.Compile(o.When, path + ".when", allowFired: true, problems)));
        }

        var outcomes = new Dictionary<string, CompiledOutcome>(StringComparer.Ordinal);
        var needIndicators = ruleSet.Rules.Select(r => r.Indicator ?? r.Id).ToHashSet(StringComparer.Ordinal);
        if ((ruleSet.Outcomes.Count > 0 || ruleSet.Claims is not null) && ruleSet.Subject != RuleSubject.Family)
        {
            problems.Add("outcomes and claims are only for a family rule set (subject: family)");
        }

        if (ruleSet.Claims is { } claimSettings && (claimSettings.SustainedMonths < 0 || claimSettings.SustainedMonths > 36 || claimSettings.Tariff < 0 || string.IsNullOrWhiteSpace(claimSettings.EpisodeEvent)))
        {
            problems.Add("claims: sustained_months must be 0 to 36, the tariff zero or more, and episode_event an event type");
        }

        for (var i = 0; i < ruleSet.Outcomes.Count; i++)
        {
            var outcome = ruleSet.Outcomes[i];
            var path = $"outcomes[{i}]";
            var indicator = outcome.Indicator ?? outcome.Id;
            if (string.IsNullOrWhiteSpace(outcome.Id) || !ids.Add(outcome.Id))
            {
                problems.Add($"{path}: the id '{outcome.Id}' is empty or used twice");
            }

            if (!needIndicators.Contains(indicator))
            {
                problems.Add($"{path}: the indicator '{indicator}' is not the indicator of any rule, so no need could be met by it");
            }

            var node = Compiler.Compile(outcome.When, path + ".when", allowFired: false, problems);
            // When the outcome is written as "not (the need is still there)", the inner condition explains a failure.
            var unmet = outcome.When.Not is { } inner ? Compiler.Compile(inner, path + ".when.not", allowFired: false, []) : null;
            if (!outcomes.TryAdd(indicator, new CompiledOutcome(outcome.Id, indicator, outcome.Description, node, unmet)))
            {
                problems.Add($"{path}: the indicator '{indicator}' already has an outcome; combine its conditions with all or any");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidRuleSetException($"Rule set '{ruleSet.Name}': {string.Join("; ", problems)}.");
        }

        return new CompiledRuleSet(ruleSet, cohort, [.. rules], [.. bands], [.. overrides], outcomes);
    }

    /// <summary>Whether the subject is in the rule set's cohort at the date.</summary>
    public bool InCohort(Subject subject, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return _cohort is null || _cohort.Test(subject, new Frame(asOf, null), null);
    }

    /// <summary>
    /// Scores a subject as at a date (events after it are not seen): the weights of the rules that fire, the highest of
    /// each indicator, the band the total falls in or any higher band an override gives, and every reason. Null when the
    /// subject is not in the cohort.
    /// </summary>
    public RuleSetScore? Evaluate(Subject subject, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var frame = new Frame(asOf, null);
        if (_cohort is not null && !_cohort.Test(subject, frame, null))
        {
            return null;
        }

        var trace = new Trace();
        var fired = new List<FiredRule>();
        foreach (var rule in _rules)
        {
            trace.Clear();
            if (rule.Condition.Test(subject, frame, trace))
            {
                fired.Add(new FiredRule(rule, [.. trace.Facts], trace.DistinctEvidence()));
            }
        }

        // Rules sharing an indicator are its levels: the first rule with the highest weight that fired counts.
        var score = 0.0;
        var counted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in fired.GroupBy(f => f.Rule.Indicator, StringComparer.Ordinal))
        {
            var top = group.OrderByDescending(f => f.Rule.Weight).First();
            score += top.Rule.Weight;
            counted.Add(top.Rule.Id);
        }

        var reasons = fired.Select(f => new ScoreReason("rule", f.Rule.Id, f.Rule.Indicator, f.Rule.Description, f.Rule.Weight, counted.Contains(f.Rule.Id), f.Facts, f.Evidence)).ToList();
        var (band, severity) = (_bands[0].Band, _bands[0].Severity);
        foreach (var threshold in _bands)
        {
            if (score >= threshold.From)
            {
                (band, severity) = (threshold.Band, threshold.Severity);
            }
        }

        var overrideFrame = new Frame(asOf, fired);
        foreach (var o in _overrides)
        {
            trace.Clear();
            if (o.Condition.Test(subject, overrideFrame, trace))
            {
                reasons.Add(new ScoreReason("override", o.Id, o.Id, o.Description, 0, o.Severity > severity, [.. trace.Facts], trace.DistinctEvidence()));
                if (o.Severity > severity)
                {
                    (band, severity) = (o.Band, o.Severity);
                }
            }
        }

        return new RuleSetScore(Name, Version, score, band, reasons);
    }

    /// <summary>Whether the rule set has an outcome rule for the indicator.</summary>
    public bool HasOutcome(string indicator) => _outcomes.ContainsKey(indicator);

    /// <summary>
    /// Tests the indicator's outcome rule as at a date (events after it are not seen): whether the need is met, and what
    /// was measured; when it is not met and the rule reads "not (...)", the facts and evidence of what is still there.
    /// Null when the rule set has no outcome for the indicator.
    /// </summary>
    public OutcomeTest? TestOutcome(string indicator, Subject subject, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!_outcomes.TryGetValue(indicator, out var outcome))
        {
            return null;
        }

        var frame = new Frame(asOf, null);
        var trace = new Trace();
        if (outcome.Condition.Test(subject, frame, trace))
        {
            return new OutcomeTest(outcome.Id, outcome.Indicator, outcome.Description, asOf, true, [.. trace.Facts], trace.DistinctEvidence());
        }

        trace.Clear();
        if (outcome.Unmet is not null)
        {
            outcome.Unmet.Test(subject, frame, trace);
        }
        else
        {
            trace.Facts.Add("not met: " + outcome.Condition.Text);
        }

        return new OutcomeTest(outcome.Id, outcome.Indicator, outcome.Description, asOf, false, [.. trace.Facts], trace.DistinctEvidence());
    }

    private static string[] Order(BandScale scale) => scale switch
    {
        BandScale.Rag => RagBands,
        BandScale.Tier => TierBands,
        _ => EligibilityBands,
    };

    internal static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed record CompiledOverride(string Id, string Description, string Band, int Severity, Node Condition);

    private sealed record CompiledOutcome(string Id, string Indicator, string Description, Node Condition, Node? Unmet);
}

/// <summary>One test of an outcome rule at a date: met or not, with what was measured and the events it rests on.</summary>
public sealed record OutcomeTest(string RuleId, string Indicator, string Description, DateOnly On, bool Met, IReadOnlyList<string> Facts, IReadOnlyList<Evidence> Evidence);

/// <summary>A rule as compiled.</summary>
internal sealed record CompiledRule(string Id, string Indicator, string Description, double Weight, Node Condition);

/// <summary>A rule that fired in one evaluation, with what it measured.</summary>
internal sealed record FiredRule(CompiledRule Rule, IReadOnlyList<string> Facts, IReadOnlyList<Evidence> Evidence);
