using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Hearth.Core.Standardisation;

namespace Hearth.Core.Ingestion;

/// <summary>Applies a feed definition's validation rules to a mapped record.</summary>
internal static class RecordValidator
{
    /// <summary>The rules Hearth knows.</summary>
    public static readonly IReadOnlySet<string> KnownRules = new HashSet<string>(StringComparer.Ordinal)
    {
        "required", "date", "identifier", "postcode", "plausible_birth_date", "code", "max_length", "pattern", "no_formula",
    };

    // A definition's patterns, compiled once: constructing a Regex per row was a fifth of the mapping time.
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    public static void Validate(FeedDefinition definition, SourceNode node, CanonicalRecord record, IssueList issues, DateOnly today)
    {
        foreach (var rule in definition.Validation)
        {
            switch (rule.Rule)
            {
                case "required":
                    foreach (var field in rule.Fields)
                    {
                        if (string.IsNullOrWhiteSpace(node.Value(field)))
                        {
                            issues.Add("missing_required", field, rule.Severity, $"{field} is required and is empty.");
                        }
                    }

                    break;

                case "date":
                    foreach (var field in rule.Fields)
                    {
                        var value = node.Value(field);
                        // With formats, only those count as valid (the rule's purpose); without, any date Hearth can read.
                        if (!string.IsNullOrWhiteSpace(value) && !(rule.Formats is { Count: > 0 } formats
                                ? formats.Any(f => Dates.TryParseExact(value.Trim(), f, out _))
                                : Dates.TryParse(value, null, DateKind.Event, today, out _, out _)))
                        {
                            issues.Add("invalid_date", field, rule.Severity, $"{field} '{value.Trim()}' is not a date in the expected format.");
                        }
                    }

                    break;

                case "identifier":
                    var attribute = rule.Attribute ?? throw new InvalidOperationException("An identifier rule names its attribute.");
                    if (attribute == "date_of_birth")
                    {
                        // The mapper reports a date of birth that is not a date as invalid_date.
                        if (record.Persons.Exists(p => p.DateOfBirthRaw is not null && p.DateOfBirth is null))
                        {
                            issues.Add("invalid_date", attribute, rule.Severity, "A date of birth fails its check.");
                        }
                    }
                    else if (record.Persons.Exists(p => p.InvalidIdentifiers.ContainsKey(attribute) || (attribute == "postcode" && p.Address?.PostcodeRaw is not null)))
                    {
                        issues.Add("invalid_" + attribute, attribute, rule.Severity, $"A {attribute.Replace('_', ' ')} fails its check.");
                    }

                    break;

                case "postcode":
                    if (record.Persons.Exists(p => p.Address?.PostcodeRaw is not null))
                    {
                        issues.Add("invalid_postcode", "postcode", rule.Severity, "A postcode is not valid.");
                    }

                    break;

                case "plausible_birth_date":
                    if (issues.Any("implausible_birth_date"))
                    {
                        issues.Add("implausible_birth_date", "date_of_birth", rule.Severity, "A date of birth is in the future or more than 120 years ago.");
                    }

                    break;

                case "code":
                    // The feed's own map first, then the built-in one, as the mapper looks them up.
                    var map = (definition.CodeMaps.TryGetValue(rule.Map ?? string.Empty, out var own) ? own : null) ?? Codes.BuiltIn(rule.Map ?? string.Empty)
                        ?? throw new InvalidOperationException($"A code rule in {definition.Name} names a map that does not exist.");
                    foreach (var field in rule.Fields)
                    {
                        var value = node.Value(field)?.Trim();
                        if (!string.IsNullOrEmpty(value) && !map.ContainsKey(value) && !map.Keys.Any(k => string.Equals(k, value, StringComparison.OrdinalIgnoreCase)))
                        {
                            issues.Add("unknown_code", field, rule.Severity, $"{field} '{value}' is not in the {rule.Map} code list.");
                        }
                    }

                    break;

                case "max_length":
                    foreach (var field in rule.Fields)
                    {
                        if (node.Value(field) is { } value && value.Trim().Length > rule.MaxLength)
                        {
                            issues.Add("too_long", field, rule.Severity, $"{field} is longer than {rule.MaxLength} characters.");
                        }
                    }

                    break;

                case "pattern":
                    var pattern = Patterns.GetOrAdd(rule.Pattern ?? throw new InvalidOperationException("A pattern rule needs its pattern."), Compile);
                    foreach (var field in rule.Fields)
                    {
                        if (node.Value(field) is { } value && !string.IsNullOrWhiteSpace(value) && !pattern.IsMatch(value.Trim()))
                        {
                            issues.Add("pattern_mismatch", field, rule.Severity, $"{field} '{value.Trim()}' does not have the expected form.");
                        }
                    }

                    break;

                case "no_formula":
                    var fields = rule.Fields.Count > 0 ? rule.Fields.Select(f => (Path: f, Value: node.Value(f))) : node.AllValues().Select(v => (v.Path, (string?)v.Value));
                    foreach (var (path, value) in fields)
                    {
                        if (LooksLikeFormula(value))
                        {
                            issues.Add("formula_like", path, rule.Severity, $"{path} starts like a spreadsheet formula, which could run when the data is opened in a spreadsheet.");
                        }
                    }

                    break;

                default:
                    throw new InvalidOperationException($"Feed {definition.Name} has a validation rule '{rule.Rule}' Hearth does not know.");
            }
        }
    }

    private static Regex Compile(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));

    /// <summary>
    /// True for text a spreadsheet would treat as a formula: starting with =, @, tab or carriage return, or with + or -
    /// followed by something other than a digit or space (so "-5.00", "+44 7700 900123" and "- none -" are fine).
    /// </summary>
    public static bool LooksLikeFormula(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var first = value[0];
        if (first is '=' or '@' or '\t' or '\r')
        {
            return true;
        }

        if (first is '+' or '-' && value.Length > 1)
        {
            var next = value[1];
            return !char.IsAsciiDigit(next) && next != ' ' && next != '.' && next != '-';
        }

        return false;
    }
}
