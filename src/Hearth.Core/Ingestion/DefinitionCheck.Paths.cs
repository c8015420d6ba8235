namespace Hearth.Core.Ingestion;

/// <summary>The checks on repeated parts, conditions and the paths of XML and JSON feeds.</summary>
internal static partial class DefinitionCheck
{
    private static List<string> PartAndPathProblems(FeedDefinition definition)
    {
        var format = definition.Format.Type;
        var nested = format is FormatType.Xml or FormatType.Json or FormatType.JsonLines;
        var problems = new List<string>();

        void Path(string? path, string where)
        {
            if (path is not null && SourcePath.Problem(path, format) is { } problem)
            {
                problems.Add($"{where} has a path that cannot be read: {problem}");
            }
        }

        void Template(string template, string where)
        {
            foreach (var field in Ingestion.Template.Of(template).Fields)
            {
                Path(field, where);
            }
        }

        void Part(EachSpec? each, ConditionSpec? when, IEnumerable<FieldSpec?> fields, IEnumerable<string> slots, string where)
        {
            var fieldList = fields.OfType<FieldSpec>().ToList();
            var slotList = slots.ToList();
            foreach (var field in fieldList)
            {
                Path(field.Field, where);
                if (field.Template is { } template)
                {
                    Template(template, where);
                }
            }

            foreach (var slot in slotList)
            {
                Template(slot, where);
            }

            if (when is not null)
            {
                Path(when.Field, where);
                if (when.In is { Count: 0 })
                {
                    problems.Add($"{where} has a when whose 'in' list is empty, so it never applies");
                }
            }

            if (each is null)
            {
                var position = "{" + PartNode.PositionPath + "}";
                if (when?.Field == PartNode.PositionPath || slotList.Exists(s => s.Contains(position, StringComparison.Ordinal))
                    || fieldList.Exists(f => f.Field == PartNode.PositionPath || f.Template?.Contains(position, StringComparison.Ordinal) == true))
                {
                    problems.Add($"{where} uses '#', the position of a repeated part, but has no each");
                }

                return;
            }

            if ((each.Path is null) == (each.Split is null))
            {
                problems.Add($"{where} has an each that needs either a path or a split");
            }
            else if (each.Split is not null && string.IsNullOrEmpty(each.Separator))
            {
                problems.Add($"{where} splits {each.Split} but gives no separator");
            }
            else if (each.Path is not null && each.Separator is not null)
            {
                problems.Add($"{where} has a separator, which only a split uses");
            }
            else if (each.Path is not null && !nested)
            {
                problems.Add($"{where} has an each path, but a {format} record has no repeated parts (a field holding several values can be split)");
            }

            Path(each.Path, where);
            Path(each.Split, where);
        }

        foreach (var key in definition.Key)
        {
            Path(key, "the key");
        }

        foreach (var p in definition.Persons)
        {
            IEnumerable<FieldSpec?> fields = [p.LocalId, p.Role, p.DateOfBirth, p.Sex, p.NhsNumber, p.Upn, p.Uln, p.Nino, p.Email, p.Phone, p.Ethnicity];
            if (p.Name is { } n)
            {
                fields = fields.Concat([n.Forenames, n.Forename, n.MiddleNames, n.Surname, n.Full, n.Initials, n.PreferredForename, n.PreferredSurname]);
            }

            if (p.Address is { } a)
            {
                fields = fields.Concat([a.Line1, a.Line2, a.Line3, a.Locality, a.Town, a.Postcode, a.Uprn, a.SingleLine, a.PostcodeDistrict]);
            }

            Part(p.Each, p.When, fields, [p.Slot], $"person {p.Slot}");
        }

        foreach (var e in definition.Events)
        {
            Part(e.Each, e.When, [e.Date, e.EndDate, .. e.Attributes.Values], [e.Person], $"event {e.Type}");
        }

        foreach (var r in definition.Relationships)
        {
            Part(r.Each, r.When, [r.TypeField, r.StartDate, r.EndDate, .. r.Attributes.Values], [r.From, r.To], $"relationship {r.Type ?? "from " + r.From}");
        }

        if (definition.Property is { } pr)
        {
            Part(null, null, [pr.Uprn, pr.ParentUprn, pr.Usrn, pr.Sao, pr.Pao, pr.Street, pr.Locality, pr.Town, pr.Postcode, pr.Easting, pr.Northing, pr.Classification], [], "the property");
        }

        if (definition.School is { } s)
        {
            Part(null, null, [s.Urn, s.LaEstab, s.Name, s.Phase, s.Type, s.Postcode, s.Uprn], [], "the school");
        }

        foreach (var rule in definition.Validation)
        {
            foreach (var field in rule.Fields)
            {
                Path(field, $"the {rule.Rule} rule");
            }
        }

        return problems;
    }
}
