using Hearth.Services.Access;
using Hearth.Services.Audit;
using Hearth.Services.Persistence;
using Hearth.TestCommon;

namespace Hearth.Services.Tests;

/// <summary>Reading for a view from a snapshot without the write lock, and recording it after: the chain stays whole.</summary>
public class AuditLogTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void BeginRead_SnapshotRefusesAnAuditEntry_AndTheViewIsRecordedInTheChainAfterwards(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var audit = NewAuditLog(store);
        var viewer = new AccessContext("u1", "head.teacher", Role.SchoolLead, "127.0.0.1");

        using (var snapshot = audit.BeginRead())
        {
            snapshot.ReadOnly.ShouldBeTrue();
            Should.Throw<InvalidOperationException>(() => snapshot.Append(viewer, new AuditEvent(AuditActions.ViewPerson, "person", "1")))
                .Message.ShouldContain("read snapshot");
        }

        audit.Record(viewer, new AuditEvent(AuditActions.ViewPerson, "person", "1"));
        audit.Record(viewer, new AuditEvent(AuditActions.ViewPerson, "person", "2"));

        var verification = audit.Verify();
        verification.Entries.ShouldBe(2);
        verification.Problems.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Record_ManyAtOnce_AreWrittenTogether_EachReturningItsOwnSequence_AndTheChainIsWhole(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var audit = NewAuditLog(store);
        var sequences = new long[40];

        Parallel.For(0, sequences.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
            sequences[i] = audit.Record(new AccessContext("u" + i, "user" + i, Role.SchoolLead, "127.0.0.1"), new AuditEvent(AuditActions.ViewPerson, "person", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        sequences.Order().ToArray().ShouldBe(Enumerable.Range(1, 40).Select(n => (long)n).ToArray(), "every caller gets its own entry, with no gaps");
        var verification = audit.Verify();
        (verification.Entries, verification.Intact).ShouldBe((40, true), string.Join("; ", verification.Problems));
        using var connection = store.Location.Open();
        for (var i = 0; i < sequences.Length; i++)
        {
            Dapper.SqlMapper.ExecuteScalar<string>(connection, "SELECT actor FROM audit_log WHERE id = @id", new { id = sequences[i] }).ShouldBe("user" + i, "each sequence returned is the caller's own entry");
        }
    }

    /// <summary>An audit log over a new, migrated store, with its head in a file of its own.</summary>
    private static AuditLog NewAuditLog(TestStore store)
    {
        var time = new FixedTime(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        Migrator.Upgrade(store.Location, time);
        return new AuditLog(store.Location, time, new AuditHead(Path.Combine(Path.GetTempPath(), "hearth-head-" + Guid.NewGuid().ToString("N"))));
    }
}
