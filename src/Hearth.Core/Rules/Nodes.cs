using System.Globalization;

namespace Hearth.Core.Rules;

/// <summary>What every node of one evaluation shares: the date, and for overrides the rules that fired.</summary>
internal readonly record struct Frame(DateOnly AsOf, IReadOnlyList<FiredRule>? Fired);

/// <summary>
/// The facts and evidence of the conditions that held. A node adds to it only when it holds, and a failing "all" takes
/// back what its earlier children added, so what is left explains exactly why the condition held.
/// </summary>
internal sealed class Trace
{
    public List<string> Facts { get; } = [];

    public List<Evidence> Evidence { get; } = [];

    public (int Facts, int Evidence) Mark => (Facts.Count, Evidence.Count);

    public void Reset((int Facts, int Evidence) mark)
    {
        Facts.RemoveRange(mark.Facts, Facts.Count - mark.Facts);
        Evidence.RemoveRange(mark.Evidence, Evidence.Count - mark.Evidence);
    }

    public void Clear()
    {
        Facts.Clear();
        Evidence.Clear();
    }

    public Evidence[] DistinctEvidence()
    {
        var seen = new HashSet<long>();
        return [.. Evidence.Where(e => seen.Add(e.EventId))];
    }
}

/// <summary>A compiled condition.</summary>
internal abstract class Node
{
    /// <summary>The condition in words, worked out once at compile time.</summary>
    public abstract string Text { get; }

    /// <summary>Whether the condition holds; when it does and a trace is given, adds its facts and evidence to it.</summary>
    public abstract bool Test(Subject subject, in Frame frame, Trace? trace);
}

internal sealed class AllNode(Node[] children) : Node
{
    public override string Text { get; } = "all of (" + string.Join("; ", children.Select(c => c.Text)) + ")";

    public override bool Test(Subject subject, in Frame frame, Trace? trace)
    {
        var mark = trace?.Mark ?? default;
        foreach (var child in children)
        {
            if (!child.Test(subject, frame, trace))
            {
                trace?.Reset(mark);
                return false;
            }
        }

        return true;
    }
}

internal sealed class AnyNode(Node[] children) : Node
{
    public override string Text { get; } = "any of (" + string.Join("; ", children.Select(c => c.Text)) + ")";

    public override bool Test(Subject subject, in Frame frame, Trace? trace)
    {
        // With a trace every child is tested, so that each one that holds is a reason; without, the first will do.
        var any = false;
        foreach (var child in children)
        {
            if (child.Test(subject, frame, trace))
            {
                any = true;
                if (trace is null)
                {
                    return true;
                }
            }
        }

        return any;
    }
}

internal sealed class NotNode(Node child) : Node
{
    public override string Text { get; } = "not " + child.Text;

    public override bool Test(Subject subject, in Frame frame, Trace? trace)
    {
        if (child.Test(subject, frame, null))
        {
            return false;
        }

        trace?.Facts.Add(Text);
        return true;
    }
}

/// <summary>A compiled threshold.</summary>
internal sealed class Threshold
{
    private readonly double _lt = double.PositiveInfinity;
    private readonly double _le = double.PositiveInfinity;
    private readonly double _gt = double.NegativeInfinity;
    private readonly double _ge = double.NegativeInfinity;
    private readonly double? _eq;

    public Threshold(Comparison comparison)
    {
        var parts = new List<string>();
        if (comparison.Lt is { } lt)
        {
            _lt = lt;
            parts.Add("< " + CompiledRuleSet.Number(lt));
        }

        if (comparison.Le is { } le)
        {
            _le = le;
            parts.Add("≤ " + CompiledRuleSet.Number(le));
        }

        if (comparison.Gt is { } gt)
        {
            _gt = gt;
            parts.Add("> " + CompiledRuleSet.Number(gt));
        }

        if (comparison.Ge is { } ge)
        {
            _ge = ge;
            parts.Add("≥ " + CompiledRuleSet.Number(ge));
        }

        if (comparison.Eq is { } eq)
        {
            _eq = eq;
            parts.Add("= " + CompiledRuleSet.Number(eq));
        }

        Text = string.Join(" and ", parts);
        IsEmpty = parts.Count == 0;
    }

    public string Text { get; }

    public bool IsEmpty { get; }

    public bool Holds(double value) => value < _lt && value <= _le && value > _gt && value >= _ge && (_eq is not { } eq || value == eq);
}

/// <summary>Which events a measure reads, compiled: type names, filters and the window.</summary>
internal sealed class Selection
{
    private readonly string[] _types;
    private readonly string? _feed;
    private readonly (string Attribute, HashSet<string> Values)[] _where;
    private readonly (string Attribute, HashSet<string> Values)[] _whereIncludes;
    private readonly (string Attribute, Threshold Threshold)[] _whereNumber;
    private readonly string[] _has;
    private readonly Window? _window;

    public Selection(EventSelection selection)
    {
        _types = [.. selection.Events];
        _feed = selection.Feed;
        _where = [.. (selection.Where ?? new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)).Select(w => (w.Key, new HashSet<string>(w.Value, StringComparer.OrdinalIgnoreCase)))];
        _whereIncludes = [.. (selection.WhereIncludes ?? new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)).Select(w => (w.Key, new HashSet<string>(w.Value, StringComparer.OrdinalIgnoreCase)))];
        _whereNumber = [.. (selection.WhereNumber ?? new Dictionary<string, Comparison>(StringComparer.Ordinal)).Select(w => (w.Key, new Threshold(w.Value)))];
        _has = [.. selection.Has ?? []];
        _window = selection.Window;
        var text = string.Join(" or ", _types);
        var filters = _where.Select(w => $"{w.Attribute} {string.Join("/", w.Values.Order(StringComparer.Ordinal))}")
            .Concat(_whereIncludes.Select(w => $"{w.Attribute} including {string.Join("/", w.Values.Order(StringComparer.Ordinal))}"))
            .Concat(_whereNumber.Select(w => $"{w.Attribute} {w.Threshold.Text}")).Concat(_has.Select(h => "with " + h)).ToList();
        if (_feed is not null)
        {
            filters.Insert(0, "from " + _feed);
        }

        if (filters.Count > 0)
        {
            text += " (" + string.Join(", ", filters) + ")";
        }

        Text = text + WindowText(_window);
    }

    public string Text { get; }

    public int TypeCount => _types.Length;

    public IReadOnlyList<SubjectEvent> EventsOf(Subject subject, int type) => subject.EventsOf(_types[type]);

    /// <summary>Whether an event is selected, as at the frame's date. The window's bounds are worked out by the caller once per evaluation.</summary>
    public bool Selects(SubjectEvent e, in Bounds bounds)
    {
        if (_feed is not null && !string.Equals(e.Feed, _feed, StringComparison.Ordinal))
        {
            return false;
        }

        if (!bounds.Contains(e))
        {
            return false;
        }

        foreach (var (attribute, values) in _where)
        {
            if (!e.Attributes.TryGetValue(attribute, out var value) || !values.Contains(value))
            {
                return false;
            }
        }

        foreach (var (attribute, values) in _whereIncludes)
        {
            if (!e.Attributes.TryGetValue(attribute, out var list) || !Includes(list, values))
            {
                return false;
            }
        }

        foreach (var attribute in _has)
        {
            if (!e.Attributes.TryGetValue(attribute, out var value) || string.IsNullOrWhiteSpace(value))
            {
                return false;
            }
        }

        foreach (var (attribute, threshold) in _whereNumber)
        {
            if (!Numbers.TryRead(e.Attributes, attribute, out var value) || !threshold.Holds(value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Includes(string list, HashSet<string> values)
    {
        foreach (var item in list.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (values.Contains(item))
            {
                return true;
            }
        }

        return false;
    }

    public Bounds BoundsAt(DateOnly asOf)
    {
        if (_window is null)
        {
            return new Bounds(DateOnly.MinValue, asOf, null, null, Overlapping: false);
        }

        if (_window.Terms is { } terms)
        {
            var current = SchoolTerms.TermOf(asOf);
            var first = current - terms + 1;
            return new Bounds(SchoolTerms.StartOf(first), asOf, first, current, _window.Overlapping);
        }

        var start = _window.Days is { } days ? asOf.AddDays(-days) : asOf.AddMonths(-(_window.Months ?? 0));
        return new Bounds(start, asOf, null, null, _window.Overlapping);
    }

    public static string WindowText(Window? window) => window switch
    {
        null => "",
        { Terms: { } t } => $" in the last {t} term{(t == 1 ? "" : "s")}" + (window.Overlapping ? " (open at any time)" : ""),
        { Days: { } d } => $" in the last {d} days" + (window.Overlapping ? " (open at any time)" : ""),
        { Months: { } m } => $" in the last {m} month{(m == 1 ? "" : "s")}" + (window.Overlapping ? " (open at any time)" : ""),
        _ => "",
    };
}

/// <summary>A window's bounds at one evaluation date.</summary>
internal readonly record struct Bounds(DateOnly Start, DateOnly End, int? FirstTerm, int? LastTerm, bool Overlapping)
{
    public bool Contains(SubjectEvent e)
    {
        if (e.Date > End)
        {
            return false;
        }

        if (Overlapping)
        {
            return (e.EndDate ?? DateOnly.MaxValue) >= Start;
        }

        // A termly return (attendance) is placed by the term it reports on: its date is when the pupil came on roll.
        if (FirstTerm is { } first && e.Attributes.TryGetValue("academic_year", out var year) && e.Attributes.TryGetValue("term", out var term)
            && SchoolTerms.Parse(year, term) is { } t)
        {
            return t >= first && t <= LastTerm;
        }

        return e.Date >= Start;
    }
}

internal static class Numbers
{
    public static bool TryRead(IReadOnlyDictionary<string, string> attributes, string name, out double value)
    {
        value = 0;
        return attributes.TryGetValue(name, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}

internal sealed class CountNode(Selection selection, Threshold threshold) : Node
{
    public override string Text { get; } = $"count of {selection.Text} {threshold.Text}";

    public override bool Test(Subject subject, in Frame frame, Trace? trace)
    {
        var bounds = selection.BoundsAt(frame.AsOf);
        var count = 0;
        var mark = trace?.Mark ?? default;
        for (var t = 0; t < selection.TypeCount; t++)
        {
            foreach (var e in selection.EventsOf(subject, t))
            {
                if (selection.Selects(e, bounds))
                {
                    count++;
                    trace?.Evidence.Add(new Evidence(e.Id, e.Feed, e.Type, e.Date));
                }
            }
        }

        if (!threshold.Holds(count))
        {
            trace?.Reset(mark);
            return false;
        }

        trace?.Facts.Add($"{count} × {selection.Text} ({threshold.Text})");
        return true;
    }
}

internal sealed class SumNode(Selection selection, string attribute, Threshold threshold) : Node
{
    public override string Text { get; } = $"total {attribute} of {selection.Text} {threshold.Text}";

    public override bool Test(Subject subject, in Frame frame, Trace? trace)
    {
        var bounds = selection.BoundsAt(frame.AsOf);
        var total = 0.0;
        var mark = trace?.Mark ?? default;
        for (var t = 0; t < selection.TypeCount; t++)
        {
            foreach (var e in selection.EventsOf(subject, t))
            {
                if (selection.Selects(e, bounds) && Numbers.TryRead(e.Attributes, attribute, out var value))
                {
                    total += value;
                    trace?.Evidence.Add(new Evidence(e.Id, e.Feed, e.Type, e.Date));
                }
            }
        }

        if (!threshold.Holds(total))
        {
            trace?.Reset(mark);
            return false;
        }

        trace?.Facts.Add($"total {attribute} of {selection.Text} = {CompiledRuleSet.Number(total)} ({threshold.Text})");
        return true;
    }
}

internal sealed class RateNode(Selection selection, string numerator, string denominator, Threshold threshold) : Node
{
    public override string Text { get; } = $"{numerator} / {denominator} of {selection.Text} {threshold.Text}";

    public override bool Test(Subject subject, in Frame frame, Trace? trace)
    {
        var bounds = selection.BoundsAt(frame.AsOf);
        double above = 0, below = 0;
        var mark = trace?.Mark ?? default;
        for (var t = 0; t < selection.TypeCount; t++)
        {
            foreach (var e in selection.EventsOf(subject, t))
            {
                // An event counts only when both sides can be read, so that a blank does not pull the rate down.
                if (selection.Selects(e, bounds) && Numbers.TryRead(e.Attributes, numerator, out var n) && Numbers.TryRead(e.Attributes, denominator, out var d))
                {
                    above += n;
                    below += d;
                    trace?.Evidence.Add(new Evidence(e.Id, e.Feed, e.Type, e.Date));
                }
            }
        }

        if (below <= 0 || !threshold.Holds(above / below))
        {
            trace?.Reset(mark);
            return false;
        }

        trace?.Facts.Add($"{numerator} / {denominator} of {selection.Text} = {CompiledRuleSet.Number(above)} / {CompiledRuleSet.Number(below)} = {(above / below).ToString("0.000", CultureInfo.InvariantCulture)} ({threshold.Text})");
        return true;
    }
}

internal sealed class AgeNode(Threshold threshold) : Node
{
    public override string Text { get; } = "age " + threshold.Text;

    public override bool Test(Subject subject, in Frame frame, Trace? trace)
    {
        if (subject.AgeOn(frame.AsOf) is not { } age || !threshold.Holds(age))
        {
            return false;
        }

        trace?.Facts.Add($"age {age.ToString(CultureInfo.InvariantCulture)} ({threshold.Text})");
        return true;
    }
}

internal sealed class AttributeNode(string name, HashSet<string> values) : Node
{
    public override string Text { get; } = $"{name} is {string.Join(" or ", values.Order(StringComparer.Ordinal))}";

    public override bool Test(Subject subject, in Frame frame, Trace? trace)
    {
        if (!subject.Attributes.TryGetValue(name, out var value) || !values.Contains(value))
        {
            return false;
        }

        trace?.Facts.Add($"{name} is {value}");
        return true;
    }
}

internal sealed class FiredNode(HashSet<string>? rules, double minWeight) : Node
{
    public override string Text { get; } = (rules is null ? "any rule" : "any of the rules " + string.Join(", ", rules.Order(StringComparer.Ordinal)))
        + (minWeight > 0 ? $" with weight ≥ {CompiledRuleSet.Number(minWeight)}" : "") + " fired";

    public override bool Test(Subject subject, in Frame frame, Trace? trace)
    {
        var matched = frame.Fired?.Where(f => (rules is null || rules.Contains(f.Rule.Id)) && f.Rule.Weight >= minWeight).ToList() ?? [];
        if (matched.Count == 0)
        {
            return false;
        }

        if (trace is not null)
        {
            trace.Facts.Add("fired: " + string.Join(", ", matched.Select(f => $"{f.Rule.Id} ({CompiledRuleSet.Number(f.Rule.Weight)})")));
            trace.Evidence.AddRange(matched.SelectMany(f => f.Evidence));
        }

        return true;
    }
}

/// <summary>
/// The members of a family with one of the roles for whom a condition holds, counted and compared. Each member is tested
/// as a person subject, so an age or a count inside means the member's own; the reasons name each member that counted.
/// </summary>
internal sealed class MembersNode(HashSet<string>? roles, Node? condition, Threshold threshold) : Node
{
    private readonly string _who = (roles is null ? "" : " (" + string.Join(", ", roles.Order(StringComparer.Ordinal)) + ")")
        + (condition is null ? "" : " with " + condition.Text);

    public override string Text => $"members{_who}: count {threshold.Text}";

    public override bool Test(Subject subject, in Frame frame, Trace? trace)
    {
        var mark = trace?.Mark ?? default;
        var inner = trace is null ? null : new Trace();
        var facts = trace is null ? null : new List<string>();
        var counted = 0;
        foreach (var member in subject.Members)
        {
            if (roles is not null && !roles.Contains(member.Role))
            {
                continue;
            }

            inner?.Clear();
            if (condition is not null && !condition.Test(member.Person, frame, inner))
            {
                continue;
            }

            counted++;
            if (trace is not null)
            {
                facts!.Add($"member {member.Person.Id.ToString(CultureInfo.InvariantCulture)} ({member.Role})" + (inner!.Facts.Count > 0 ? ": " + string.Join("; ", inner.Facts) : ""));
                trace.Evidence.AddRange(inner.Evidence);
            }
        }

        if (!threshold.Holds(counted))
        {
            trace?.Reset(mark);
            return false;
        }

        if (trace is not null)
        {
            trace.Facts.Add($"{counted.ToString(CultureInfo.InvariantCulture)} {(counted == 1 ? "member" : "members")}{_who} (members needed: {threshold.Text})");
            trace.Facts.AddRange(facts!);
        }

        return true;
    }
}

/// <summary>Turns a written condition into nodes, collecting every problem with where it is.</summary>
internal static class Compiler
{
    public static Node Compile(Condition condition, string path, bool allowFired, List<string> problems)
    {
        var given = new List<string>();
        void Given(object? value, string name)
        {
            if (value is not null)
            {
                given.Add(name);
            }
        }

        Given(condition.All, "all");
        Given(condition.Any, "any");
        Given(condition.Not, "not");
        Given(condition.Count, "count");
        Given(condition.Rate, "rate");
        Given(condition.Sum, "sum");
        Given(condition.Age, "age");
        Given(condition.Attribute, "attribute");
        Given(condition.Fired, "fired");
        Given(condition.Members, "members");
        if (given.Count != 1)
        {
            problems.Add($"{path}: give exactly one of all, any, not, count, rate, sum, age, attribute, members, fired (found {(given.Count == 0 ? "none" : string.Join(", ", given))})");
            return new AnyNode([]);
        }

        switch (given[0])
        {
            case "all":
            case "any":
                var list = condition.All ?? condition.Any!;
                if (list.Count == 0)
                {
                    problems.Add($"{path}.{given[0]}: give at least one condition");
                }

                var children = list.Select((c, i) => Compile(c, $"{path}.{given[0]}[{i}]", allowFired, problems)).ToArray();
                return given[0] == "all" ? new AllNode(children) : new AnyNode(children);
            case "not":
                return new NotNode(Compile(condition.Not!, path + ".not", allowFired, problems));
            case "count":
                var count = condition.Count!;
                return new CountNode(Selection(count, path + ".count", problems), count.Is is null ? new Threshold(new Comparison { Ge = 1 }) : Threshold(count.Is, path + ".count.is", problems));
            case "rate":
                var rate = condition.Rate!;
                Name(rate.Numerator, path + ".rate.numerator", problems);
                Name(rate.Denominator, path + ".rate.denominator", problems);
                return new RateNode(Selection(rate, path + ".rate", problems), rate.Numerator, rate.Denominator, Threshold(rate.Is, path + ".rate.is", problems));
            case "sum":
                var sum = condition.Sum!;
                Name(sum.Attribute, path + ".sum.attribute", problems);
                return new SumNode(Selection(sum, path + ".sum", problems), sum.Attribute, Threshold(sum.Is, path + ".sum.is", problems));
            case "age":
                return new AgeNode(Threshold(condition.Age!, path + ".age", problems));
            case "attribute":
                var attribute = condition.Attribute!;
                Name(attribute.Name, path + ".attribute.name", problems);
                if (attribute.In.Count == 0)
                {
                    problems.Add($"{path}.attribute.in: give at least one value");
                }

                return new AttributeNode(attribute.Name, new HashSet<string>(attribute.In, StringComparer.OrdinalIgnoreCase));
            case "members":
                var members = condition.Members!;
                if (members.Roles is { Count: 0 })
                {
                    problems.Add($"{path}.members.roles: give at least one role, or leave roles out to count every member");
                }

                return new MembersNode(
                    members.Roles is null ? null : new HashSet<string>(members.Roles, StringComparer.OrdinalIgnoreCase),
                    members.When is null ? null : Compile(members.When, path + ".members.when", allowFired: false, problems),
                    members.Is is null ? new Threshold(new Comparison { Ge = 1 }) : Threshold(members.Is, path + ".members.is", problems));
            default:
                if (!allowFired)
                {
                    problems.Add($"{path}: fired may only be used in an override, after every rule has been tested");
                }

                var fired = condition.Fired!;
                return new FiredNode(fired.Rules is null ? null : new HashSet<string>(fired.Rules, StringComparer.Ordinal), fired.MinWeight ?? 0);
        }
    }

    /// <summary>Adds the event types a condition reads, anywhere in it, to the set.</summary>
    public static void AddEventTypes(Condition? condition, HashSet<string> types)
    {
        if (condition is null)
        {
            return;
        }

        foreach (var selection in new EventSelection?[] { condition.Count, condition.Rate, condition.Sum })
        {
            types.UnionWith(selection?.Events ?? []);
        }

        foreach (var child in (condition.All ?? []).Concat(condition.Any ?? []).Append(condition.Not).Append(condition.Members?.When))
        {
            AddEventTypes(child, types);
        }
    }

    /// <summary>Adds the windows of every event measure in a condition to the list; returns whether it tests an age anywhere.</summary>
    public static bool AddWindows(Condition? condition, List<Window?> windows)
    {
        if (condition is null)
        {
            return false;
        }

        foreach (var selection in new EventSelection?[] { condition.Count, condition.Rate, condition.Sum })
        {
            if (selection is not null)
            {
                windows.Add(selection.Window);
            }
        }

        var age = condition.Age is not null;
        foreach (var child in (condition.All ?? []).Concat(condition.Any ?? []).Append(condition.Not).Append(condition.Members?.When))
        {
            age |= AddWindows(child, windows);
        }

        return age;
    }

    /// <summary>Whether a condition counts a family's members anywhere in it.</summary>
    public static bool UsesMembers(Condition? condition) =>
        condition is not null && (condition.Members is not null || UsesMembers(condition.Not) || (condition.All ?? []).Any(UsesMembers) || (condition.Any ?? []).Any(UsesMembers));

    /// <summary>The rule ids a condition's fired tests name, to check that they exist.</summary>
    public static IEnumerable<string> FiredRuleNames(Condition condition)
    {
        var children = (condition.All ?? []).Concat(condition.Any ?? []).Concat(condition.Not is null ? [] : [condition.Not]);
        return (condition.Fired?.Rules ?? []).Concat(children.SelectMany(FiredRuleNames));
    }

    private static Selection Selection(EventSelection selection, string path, List<string> problems)
    {
        if (selection.Events.Count == 0 || selection.Events.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add($"{path}.events: give at least one event type, none empty");
        }

        if (selection.Window is { } window)
        {
            var parts = new[] { window.Days, window.Months, window.Terms };
            if (parts.Count(p => p is not null) != 1)
            {
                problems.Add($"{path}.window: give exactly one of days, months, terms");
            }
            else if (parts.Any(p => p is <= 0))
            {
                problems.Add($"{path}.window: the window must be at least 1");
            }
        }

        foreach (var (attribute, comparison) in selection.WhereNumber ?? new Dictionary<string, Comparison>(StringComparer.Ordinal))
        {
            Threshold(comparison, $"{path}.where_number.{attribute}", problems);
        }

        return new Selection(selection);
    }

    private static Threshold Threshold(Comparison comparison, string path, List<string> problems)
    {
        var threshold = new Threshold(comparison);
        if (threshold.IsEmpty)
        {
            problems.Add($"{path}: give at least one of lt, le, gt, ge, eq");
        }

        return threshold;
    }

    private static void Name(string name, string path, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add($"{path}: must not be empty");
        }
    }
}
