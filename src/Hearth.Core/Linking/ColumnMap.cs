namespace Hearth.Core.Linking;

/// <summary>
/// Which columns of an analyst's files hold which <see cref="LinkRole"/>, from <c>ROLE=COLUMN[+COLUMN...]</c> specs
/// such as <c>surname=last_name</c> or <c>address=street_number+address_1+address_2</c>. Several columns joined with +
/// are read as one value, in the order given. Column names are found in a file's header ignoring case.
/// </summary>
public sealed class ColumnMap
{
    private readonly Dictionary<LinkRole, IReadOnlyList<string>> _columns;

    private ColumnMap(Dictionary<LinkRole, IReadOnlyList<string>> columns) => _columns = columns;

    /// <summary>The columns of each role that is mapped.</summary>
    public IReadOnlyDictionary<LinkRole, IReadOnlyList<string>> Columns => _columns;

    /// <summary>The roles that are mapped.</summary>
    public IReadOnlyCollection<LinkRole> Roles => _columns.Keys;

    /// <summary>Whether a role is mapped.</summary>
    public bool Has(LinkRole role) => _columns.ContainsKey(role);

    /// <summary>Reads the specs, one ROLE=COLUMN[+COLUMN...] each.</summary>
    /// <exception cref="ArgumentException">
    /// A spec is not ROLE=COLUMN, names a role Hearth does not know (the message lists them), names a role twice, has an
    /// empty column name, or maps full_name together with forenames or surname; or no spec names anything to compare.
    /// </exception>
    public static ColumnMap Parse(IEnumerable<string> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var columns = new Dictionary<LinkRole, IReadOnlyList<string>>();
        foreach (var spec in specs.Select(s => s.Trim()).Where(s => s.Length > 0))
        {
            var equals = spec.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == spec.Length - 1)
            {
                throw new ArgumentException($"--map {spec}: write ROLE=COLUMN, for example surname=last_name or address=street_number+address_1.");
            }

            var roleName = spec[..equals].Trim();
            if (!LinkRoles.TryParse(roleName, out var role))
            {
                throw new ArgumentException($"--map {spec}: '{roleName}' is not a role. The roles are: {string.Join(", ", LinkRoles.All.Select(LinkRoles.NameOf))}.");
            }

            var parts = spec[(equals + 1)..].Split('+', StringSplitOptions.TrimEntries);
            if (parts.Any(p => p.Length == 0))
            {
                throw new ArgumentException($"--map {spec}: a column name is empty. Join columns as COLUMN+COLUMN.");
            }

            if (!columns.TryAdd(role, parts))
            {
                throw new ArgumentException($"--map names the role {LinkRoles.NameOf(role)} twice. To read several columns as one value, join them: {LinkRoles.NameOf(role)}=a+b.");
            }
        }

        if (columns.ContainsKey(LinkRole.FullName) && (columns.ContainsKey(LinkRole.Forenames) || columns.ContainsKey(LinkRole.Surname)))
        {
            throw new ArgumentException("--map full_name cannot be combined with forenames or surname: map the whole name, or its parts.");
        }

        if (columns.Count == 0)
        {
            throw new ArgumentException("Map at least one column to a role with --map ROLE=COLUMN, for example --map surname=last_name --map dob=date_of_birth.");
        }

        return new ColumnMap(columns);
    }

    /// <summary>
    /// Finds each mapped column, and the id column, in a file's header (trimmed, ignoring case; an exact match wins when
    /// the header has two that differ only in case).
    /// </summary>
    /// <exception cref="ArgumentException">The header lacks a column; the message names the file and lists its header.</exception>
    public BoundColumns Bind(IReadOnlyList<string> header, string idColumn, string fileName)
    {
        ArgumentNullException.ThrowIfNull(header);
        var trimmed = header.Select(h => h.Trim()).ToArray();
        var missing = new List<string>();
        int Find(string column)
        {
            var exact = Array.FindIndex(trimmed, h => string.Equals(h, column, StringComparison.Ordinal));
            if (exact >= 0)
            {
                return exact;
            }

            var loose = Array.FindIndex(trimmed, h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));
            if (loose < 0)
            {
                missing.Add(column);
            }

            return loose;
        }

        var id = Find(idColumn.Trim());
        var indexes = new Dictionary<LinkRole, int[]>();
        foreach (var (role, columns) in _columns)
        {
            indexes[role] = [.. columns.Select(Find)];
        }

        if (missing.Count > 0)
        {
            var distinct = missing.Distinct(StringComparer.Ordinal).ToList();
            throw new ArgumentException(
                $"{fileName} has no {(distinct.Count == 1 ? "column" : "columns")} {string.Join(", ", distinct)}. Its header is: {string.Join(", ", trimmed.Take(40))}.");
        }

        return new BoundColumns(id, indexes);
    }
}

/// <summary>A <see cref="ColumnMap"/> bound to one file's header: the index of the id column and of each role's columns.</summary>
public sealed class BoundColumns
{
    internal BoundColumns(int id, Dictionary<LinkRole, int[]> roles)
    {
        Id = id;
        Roles = roles;
    }

    /// <summary>The id column's index.</summary>
    public int Id { get; }

    /// <summary>Each mapped role's column indexes, in the order the spec joined them.</summary>
    public IReadOnlyDictionary<LinkRole, int[]> Roles { get; }
}
