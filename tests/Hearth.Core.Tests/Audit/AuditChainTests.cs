using Hearth.Core.Audit;

namespace Hearth.Core.Tests.Audit;

public class AuditChainTests
{
    private static List<ChainedAuditRecord> Chain(int entries)
    {
        var chain = new List<ChainedAuditRecord>();
        var previous = AuditChain.GenesisHash;
        for (var i = 1; i <= entries; i++)
        {
            var record = new AuditRecord(i, $"2026-11-02T10:00:{i:00}.000Z", "a.user", "view-person", "person", (100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "127.0.0.1", "", "{}");
            var hash = AuditChain.Hash(previous, record);
            chain.Add(new ChainedAuditRecord(record, previous, hash));
            previous = hash;
        }

        return chain;
    }

    [Fact]
    public void Verify_UntouchedChainAndHead_IsIntact()
    {
        var chain = Chain(10);
        var result = AuditChain.Verify(chain, (10, chain[^1].Hash));
        result.Intact.ShouldBeTrue(string.Join("; ", result.Problems));
        result.Entries.ShouldBe(10);
    }

    [Fact]
    public void Verify_AlteredEntry_IsNamed()
    {
        var chain = Chain(10);
        chain[4] = chain[4] with { Record = chain[4].Record with { Actor = "someone.else" } };
        AuditChain.Verify(chain, (10, chain[^1].Hash)).Problems.ShouldBe(["entry 5 was altered: its content no longer gives its hash"]);
    }

    [Fact]
    public void Verify_AlteredEntryWithItsHashRecomputed_BreaksTheNextLink()
    {
        var chain = Chain(10);
        var altered = chain[4].Record with { Reason = "covering tracks" };
        chain[4] = chain[4] with { Record = altered, Hash = AuditChain.Hash(chain[4].PreviousHash, altered) };
        AuditChain.Verify(chain, (10, chain[^1].Hash)).Problems.ShouldContain(p => p.StartsWith("entry 6 does not follow", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_RemovedEntry_IsNamed()
    {
        var chain = Chain(10);
        chain.RemoveAt(3);
        var problems = AuditChain.Verify(chain, (10, chain[^1].Hash)).Problems;
        problems.ShouldContain("entries 4 to 4 are missing: removed");
    }

    [Fact]
    public void Verify_ReorderedEntries_AreDetected()
    {
        var chain = Chain(10);
        (chain[2], chain[3]) = (chain[3], chain[2]);
        var problems = AuditChain.Verify(chain, (10, chain[^1].Hash)).Problems;
        problems.ShouldContain(p => p.Contains("reordered", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_EntriesCutFromTheEnd_AreDetectedByTheHead()
    {
        var chain = Chain(10);
        var head = (10L, chain[^1].Hash);
        chain.RemoveRange(7, 3);
        AuditChain.Verify(chain, head).Problems.ShouldBe(["the head written outside the database is entry 10, which the chain no longer has: entries were removed from the end"]);
    }

    [Fact]
    public void Verify_WholeChainRewritten_DisagreesWithTheHead()
    {
        var original = Chain(5);
        var rewritten = Chain(5);
        rewritten[2] = rewritten[2] with { Record = rewritten[2].Record with { TargetId = "999" } };
        var previous = AuditChain.GenesisHash;
        for (var i = 0; i < rewritten.Count; i++)
        {
            var hash = AuditChain.Hash(previous, rewritten[i].Record);
            rewritten[i] = rewritten[i] with { PreviousHash = previous, Hash = hash };
            previous = hash;
        }

        AuditChain.Verify(rewritten, (5, original[^1].Hash)).Problems.ShouldBe(["entry 5 does not match the head written outside the database: the chain was rewritten"]);
    }

    [Fact]
    public void Hash_FieldsMovedAcrossABoundary_Differ()
    {
        var a = new AuditRecord(1, "t", "ab", "c", "", "", "", "", "{}");
        var b = new AuditRecord(1, "t", "a", "bc", "", "", "", "", "{}");
        AuditChain.Hash(AuditChain.GenesisHash, a).ShouldNotBe(AuditChain.Hash(AuditChain.GenesisHash, b));
    }
}
