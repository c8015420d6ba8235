using System.Globalization;
using System.Text.Json;
using Dapper;
using Hearth.Services.Persistence;
using Hearth.TestCommon;

namespace Hearth.Services.Tests.Rules;

/// <summary>A handful of people and their events, written straight into a migrated store, for the scoring and fairness tests.</summary>
internal sealed class TinyCity
{
    private readonly StoreLocation _store;
    private readonly bool _postgres;
    private readonly Dictionary<long, long> _recordOf = [];
    private long _next = 1;

    public TinyCity(StoreLocation store)
    {
        _store = store;
        _postgres = store.Provider == StoreProvider.Postgres;
        Migrator.Upgrade(store, new FixedTime(new DateTimeOffset(2026, 7, 20, 9, 0, 0, TimeSpan.Zero)));
        using var connection = store.Open();
        connection.Execute("INSERT INTO feeds (name, system, trust_rank, extract_kind, lawful_basis, definition_hash, updated_at) VALUES ('school_census', 's', 10, 'full', '{}', 'h', 't')");
        connection.Execute("INSERT INTO loads (id, feed, file_name, file_hash, file_bytes, definition_hash, started_at, status) VALUES (1, 'school_census', 'f.csv', 'x', 1, 'h', 't', 'completed')");
    }

    public long Person(string dateOfBirth, string? sex = "F", string? ethnicity = null)
    {
        var id = _next++;
        using var connection = _store.Open();
        connection.Execute("INSERT INTO records (id, feed, record_key, version, row_hash, load_id, row_number, raw) VALUES (@id, 'school_census', @key, 1, 'r', 1, 2, 'raw')", new { id, key = "k" + id });
        connection.Execute($"INSERT INTO person_records (id, record_id, feed, slot, is_current, date_of_birth) VALUES (@id, @id, 'school_census', 'pupil', {True}, @dateOfBirth)", new { id, dateOfBirth });
        connection.Execute("INSERT INTO golden_records (id, created_run_id, updated_run_id, members, date_of_birth, sex, ethnicity) VALUES (@id, 1, 1, 1, @dateOfBirth, @sex, @ethnicity)", new { id, dateOfBirth, sex, ethnicity });
        connection.Execute("INSERT INTO golden_members (feed, record_key, slot, golden_id, person_record_id, run_id) VALUES ('school_census', @key, 'pupil', @id, @id, 1)", new { id, key = "k" + id });
        _recordOf[id] = id;
        return id;
    }

    public long Attendance(long person, string year, string term, int present, int possible) =>
        Event(person, "school_attendance", "attendance_term", "2019-09-01", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["academic_year"] = year,
            ["term"] = term,
            ["present"] = present.ToString(CultureInfo.InvariantCulture),
            ["sessions_possible"] = possible.ToString(CultureInfo.InvariantCulture),
        });

    public long Event(long person, string feed, string type, string date, object attributes, string? end = null)
    {
        var id = 1000 + _next++;
        using var connection = _store.Open();
        connection.Execute(
            $"INSERT INTO events (id, record_id, feed, person_slot, is_current, event_type, event_date, end_date, attributes) VALUES (@id, @record, @feed, 'pupil', {True}, @type, @date, @end, @attributes)",
            new { id, record = _recordOf[person], feed, type, date, end, attributes = JsonSerializer.Serialize(attributes) });
        return id;
    }

    /// <summary>The event's record withdrawn by a later load (the source no longer sends it): the event is no longer current.</summary>
    public void Withdraw(long eventId)
    {
        using var connection = _store.Open();
        connection.Execute("INSERT INTO loads (id, feed, file_name, file_hash, file_bytes, definition_hash, started_at, status) VALUES (2, 'school_census', 'g.csv', 'y', 1, 'h', '2026-07-21T06:00:00Z', 'completed')");
        connection.Execute("UPDATE records SET retired_load_id = 2 WHERE id = (SELECT record_id FROM events WHERE id = @eventId)", new { eventId });
        connection.Execute($"UPDATE events SET is_current = {False} WHERE id = @eventId", new { eventId });
    }

    /// <summary>A current family group of the family layer with its members (role, golden id, whether they have left it).</summary>
    public long Family(params (string Role, long GoldenId, bool Left)[] members)
    {
        var id = 500 + _next++;
        using var connection = _store.Open();
        connection.Execute("INSERT INTO groups (id, layer, kind, created_run_id, updated_run_id, members) VALUES (@id, 'family', 'family', 1, 1, @count)", new { id, count = members.Length });
        foreach (var (role, golden, left) in members)
        {
            connection.Execute(
                "INSERT INTO group_members (group_id, golden_id, role, from_date, to_date, from_run_id, to_run_id) VALUES (@id, @golden, @role, '2020-01-01', @to, 1, @toRun)",
                new { id, golden, role, to = left ? "2026-01-01" : null, toRun = left ? (long?)1 : null });
        }

        return id;
    }

    /// <summary>The event as a new version of its record brings it: the old row retired, the same content under a new id.</summary>
    public void Reload(long eventId)
    {
        var id = 1000 + _next++;
        using var connection = _store.Open();
        connection.Execute(
            $"INSERT INTO events (id, record_id, feed, person_slot, is_current, event_type, event_date, event_time, end_date, attributes) SELECT @id, record_id, feed, person_slot, {True}, event_type, event_date, event_time, end_date, attributes FROM events WHERE id = @eventId",
            new { id, eventId });
        connection.Execute($"UPDATE events SET is_current = {False} WHERE id = @eventId", new { eventId });
    }

    private string True => _postgres ? "TRUE" : "1";

    private string False => _postgres ? "FALSE" : "0";
}
