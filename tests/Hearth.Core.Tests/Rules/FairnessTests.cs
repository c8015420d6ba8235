using Hearth.Core.Rules;

namespace Hearth.Core.Tests.Rules;

/// <summary>
/// The fairness report's arithmetic: the z-test against values worked out independently (Python's math.erfc), the
/// four-fifths bounds at and just past their edges, the minimum group size, the not-recorded group, the sentences and
/// small-number suppression.
/// </summary>
public class FairnessTests
{
    private static readonly FairnessOptions Raw = new() { SuppressBelow = 0 };

    private static readonly FairnessDimension[] SexOnly = [FairnessDimension.Sex];

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(2.0, 0.004677734981047265)]
    [InlineData(-1.0, 1.8427007929497148)]
    public void Erfc_KnownValues_AgreeToSevenFigures(double x, double expected) =>
        ProportionTest.Erfc(x).ShouldBe(expected, Math.Abs(expected) * 2e-7);

    [Theory]
    [InlineData(31, 100, 22, 100, 1.441985539093828, 0.14930645315892535)]
    [InlineData(310, 1000, 220, 1000, 4.55995865656227, 5.116369276581555e-06)]
    [InlineData(40, 100, 20, 100, 3.086066999241839, 0.0020282311484520776)]
    [InlineData(22, 100, 31, 100, -1.441985539093828, 0.14930645315892535)]
    public void TwoSided_KnownValues_MatchAnIndependentCalculation(long x1, long n1, long x2, long n2, double z, double p)
    {
        var result = ProportionTest.TwoSided(x1, n1, x2, n2);

        result.Z.ShouldBe(z, 1e-9);
        result.P.ShouldBe(p, p * 1e-6);
    }

    [Theory]
    [InlineData(0, 50, 0, 50)]
    [InlineData(50, 50, 80, 80)]
    [InlineData(3, 10, 0, 0)]
    public void TwoSided_NothingToCompare_GivesPOne(long x1, long n1, long x2, long n2) =>
        ProportionTest.TwoSided(x1, n1, x2, n2).P.ShouldBe(1);

    public static TheoryData<string, long, long, long, long, FairnessVerdict> Verdicts => new()
    {
        // description, group flagged and scored, everyone else flagged and scored, verdict
        { "ratio exactly 0.8 is within the four-fifths rule however significant", 4000, 10000, 5000, 10000, FairnessVerdict.Similar },
        { "just under 0.8 and significant is markedly lower", 3999, 10000, 5000, 10000, FairnessVerdict.MarkedlyLower },
        { "ratio exactly 1.25 is within the bounds", 5000, 10000, 4000, 10000, FairnessVerdict.Similar },
        { "just over 1.25 and significant is markedly higher", 5001, 10000, 4000, 10000, FairnessVerdict.MarkedlyHigher },
        { "ratio 1.67 but p = 0.083 could be chance", 10, 20, 30, 100, FairnessVerdict.NotSignificant },
        { "ratio 2 at p = 0.002 is markedly higher", 40, 100, 20, 100, FairnessVerdict.MarkedlyHigher },
        { "ratio 1.41 at p = 0.149 could be chance", 31, 100, 22, 100, FairnessVerdict.NotSignificant },
        { "19 in the group is too few to judge, however stark", 19, 19, 100, 1000, FairnessVerdict.TooFewToJudge },
        { "20 in the group is enough", 20, 20, 100, 1000, FairnessVerdict.MarkedlyHigher },
        { "19 everyone else is too few as well", 100, 1000, 19, 19, FairnessVerdict.TooFewToJudge },
        { "flagged when nobody else is has no ratio but is markedly higher", 30, 100, 0, 100, FairnessVerdict.MarkedlyHigher },
        { "nobody flagged on either side is similar", 0, 100, 0, 100, FairnessVerdict.Similar },
    };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void Compare_RateAgainstEveryoneElse_GivesTheVerdict(string description, long count, long scored, long restCount, long restScored, FairnessVerdict expected)
    {
        var comparison = Fairness.Compare(count, scored, restCount, restScored);

        comparison.Verdict.ShouldBe(expected, description);
        comparison.Rate.ShouldBe((double)count / scored);
        comparison.RestRate.ShouldBe((double)restCount / restScored);
    }

    [Fact]
    public void Compare_MinimumGroupSizeOption_IsObeyed()
    {
        Fairness.Compare(40, 100, 20, 100, new FairnessOptions { MinimumGroupSize = 101 }).Verdict.ShouldBe(FairnessVerdict.TooFewToJudge);
        Fairness.Compare(40, 100, 20, 100, new FairnessOptions { MinimumGroupSize = 100 }).Verdict.ShouldBe(FairnessVerdict.MarkedlyHigher);
        Fairness.Compare(40, 100, 20, 100, new FairnessOptions { Alpha = 0.001 }).Verdict.ShouldBe(FairnessVerdict.NotSignificant, "p = 0.002");
        Fairness.Compare(40, 100, 20, 100, new FairnessOptions { UpperRatio = 2.5 }).Verdict.ShouldBe(FairnessVerdict.Similar);
    }

    [Fact]
    public void Compute_TwoGroups_CountsRatesRatioAndASentence()
    {
        var subjects = Many("vulnerable-pupil", "M", 1000, flagged: 310, highest: 100)
            .Concat(Many("vulnerable-pupil", "F", 1000, flagged: 220, highest: 100));

        var report = Fairness.Compute(SexOnly, subjects, Raw);

        var set = report.RuleSets.Single();
        set.RuleSet.ShouldBe("vulnerable-pupil");
        (set.Scored, set.Flagged, set.Highest).ShouldBe((2000L, 530L, 200L));
        set.FlaggedBands.ShouldBe("amber or red");
        set.HighestBand.ShouldBe("red");
        var groups = set.Dimensions.Single().Groups;
        groups.Select(g => g.Group).ShouldBe(["female", "male"]);
        var male = groups.Single(g => g.Group == "male");
        male.Scored.ShouldBe(1000);
        male.Flagged.Count.ShouldBe(310);
        male.Flagged.Rate.ShouldBe(0.31);
        male.Flagged.RestRate.ShouldBe(0.22);
        male.Flagged.Ratio!.Value.ShouldBe(0.31 / 0.22, 1e-12);
        male.Flagged.PValue!.Value.ShouldBe(5.116369276581555e-06, 1e-10);
        male.Flagged.Verdict.ShouldBe(FairnessVerdict.MarkedlyHigher);
        male.Highest.Verdict.ShouldBe(FairnessVerdict.Similar);
        groups.Single(g => g.Group == "female").Flagged.Verdict.ShouldBe(FairnessVerdict.MarkedlyLower);
        set.Findings.Select(f => f.Sentence).ShouldBe(
        [
            "People recorded as female are flagged amber or red by vulnerable-pupil at 0.71 times the rate of everyone else (22% vs 31%, p < 0.001)",
            "People recorded as male are flagged amber or red by vulnerable-pupil at 1.41 times the rate of everyone else (31% vs 22%, p < 0.001)",
        ]);
        set.Findings.ShouldAllBe(f => f.Measure == "flagged" && f.Dimension == "sex");
    }

    [Fact]
    public void Compute_Sentences_GiveThePValue_AndSayWhenNoOneElseIsFlagged()
    {
        var doubled = Fairness.Compute(SexOnly, Many("test", "M", 100, flagged: 40, highest: 0).Concat(Many("test", "F", 100, flagged: 20, highest: 0)), Raw).Findings;
        doubled.First(f => f.Group == "male").Sentence.ShouldBe("People recorded as male are flagged amber or red by test at 2.00 times the rate of everyone else (40% vs 20%, p = 0.002)");

        var alone = Fairness.Compute(SexOnly, Many("test", "M", 100, flagged: 10, highest: 0).Concat(Many("test", "F", 100, flagged: 0, highest: 0)), Raw).Findings;
        alone.First(f => f.Group == "male").Sentence.ShouldBe("People recorded as male are flagged amber or red by test (10%) while no-one else is (p = 0.001)");
    }

    [Fact]
    public void Compute_MissingAndUnknownValues_FormANotRecordedGroupShownLast()
    {
        var subjects = new[] { "U", null, "", "M", "F", "X" }
            .Select(code => new FairnessSubject("neet-risk", "green", [FairnessDimension.SexOf(code)]))
            .Append(new FairnessSubject("neet-risk", "amber", [""]));

        var groups = Fairness.Compute(SexOnly, subjects, Raw).RuleSets.Single().Dimensions.Single().Groups;

        groups.Select(g => (g.Group, g.Scored)).ShouldBe([("female", 1L), ("male", 1L), ("not recorded", 5L)]);
        groups[^1].Flagged.Count.ShouldBe(1);
        groups.ShouldAllBe(g => g.Flagged.Verdict == FairnessVerdict.TooFewToJudge);
    }

    [Fact]
    public void Compute_CountsAddUpInEveryDimension()
    {
        var dimensions = FairnessDimension.All(new FairnessOptions().AgeBands);
        var asOf = new DateOnly(2026, 7, 20);
        var random = new Random(7);
        string[] sexes = ["M", "F", "U"];
        string[] ethnicities = ["WBRI", "APKN", "BAFR", "REFU", "CHNE"];
        string[] sen = ["E", "K", "N", ""];
        var subjects = Enumerable.Range(0, 500).Select(_ => new FairnessSubject(
            "vulnerable-pupil",
            new[] { "green", "amber", "red" }[random.Next(3)],
            [
                FairnessDimension.SexOf(sexes[random.Next(3)]),
                FairnessDimension.EthnicGroupOf(ethnicities[random.Next(5)]),
                FairnessDimension.EthnicityOf(ethnicities[random.Next(5)]),
                FairnessDimension.SenOf(sen[random.Next(4)]),
                FairnessDimension.AgeBandOf(asOf.AddDays(-random.Next(20 * 365)), asOf, new FairnessOptions().AgeBands),
            ])).ToList();

        var set = Fairness.Compute(dimensions, subjects, Raw).RuleSets.Single();

        set.Dimensions.Select(d => d.Dimension).ShouldBe(["sex", "ethnic group", "ethnicity", "SEN", "age band"]);
        foreach (var dimension in set.Dimensions)
        {
            dimension.Groups.Sum(g => g.Scored!.Value).ShouldBe(500, dimension.Dimension);
            dimension.Groups.Sum(g => g.Flagged.Count!.Value).ShouldBe(subjects.Count(s => s.Band != "green"), dimension.Dimension);
            dimension.Groups.Sum(g => g.Highest.Count!.Value).ShouldBe(subjects.Count(s => s.Band == "red"), dimension.Dimension);
        }
    }

    [Fact]
    public void Compute_TierScale_NamesItsBands_AndAnUnknownBandIsRefused()
    {
        var set = Fairness.Compute(SexOnly, [new FairnessSubject("exploitation-risk", "medium", ["male"])], Raw).RuleSets.Single();
        set.FlaggedBands.ShouldBe("medium or high");
        set.HighestBand.ShouldBe("high");
        (set.Flagged, set.Highest).ShouldBe((1L, 0L));

        Should.Throw<ArgumentException>(() => Fairness.Compute(SexOnly, [new FairnessSubject("odd", "purple", ["male"])])).Message.ShouldContain("purple");
        Should.Throw<ArgumentException>(() => Fairness.Compute(SexOnly, [new FairnessSubject("odd", "green", ["male"]), new FairnessSubject("odd", "high", ["male"])])).Message.ShouldContain("not on its scale");
    }

    [Fact]
    public void Compute_SmallCounts_AreWithheld_WithMoreOfTheColumnUntilWhatIsWithheldIsNotSmall()
    {
        // 300 female (60 flagged, 10 red), 200 male (30 flagged, none red), 4 not recorded (1 flagged, none red).
        var subjects = Many("vulnerable-pupil", "F", 300, flagged: 60, highest: 10)
            .Concat(Many("vulnerable-pupil", "M", 200, flagged: 30, highest: 0))
            .Concat(Many("vulnerable-pupil", "U", 4, flagged: 1, highest: 0));

        var set = Fairness.Compute(SexOnly, subjects).RuleSets.Single();

        var groups = set.Dimensions.Single().Groups.ToDictionary(g => g.Group);
        (set.Scored, set.Flagged, set.Highest).ShouldBe((504L, 91L, 10L), "totals of 5 or more are shown");
        groups["female"].Scored.ShouldBe(300);
        groups["male"].Scored.ShouldBeNull("the 4 not recorded alone would be the total less the others, so the next smallest goes too");
        groups["not recorded"].Scored.ShouldBeNull();
        (groups["male"].ScoredWithheld, groups["not recorded"].ScoredWithheld).ShouldBe((Withheld.WouldReveal, Withheld.Small));
        groups["female"].Flagged.Count.ShouldBe(60);
        groups["female"].Flagged.Rate.ShouldBe(0.2, "it rests on counts that are shown");
        groups["female"].Flagged.RestRate.ShouldBe(31.0 / 204);
        groups["male"].Flagged.Count.ShouldBeNull("the 1 flagged of the not recorded would be 91 - 60 - 30");
        groups["male"].Flagged.Rate.ShouldBeNull();
        groups["male"].Flagged.Ratio.ShouldBeNull();
        groups["male"].Flagged.PValue.ShouldBeNull();
        groups["male"].Flagged.CountWithheld.ShouldBe(Withheld.WouldReveal);
        groups["not recorded"].Flagged.CountWithheld.ShouldBe(Withheld.Small);
        groups["female"].Flagged.CountWithheld.ShouldBe(Withheld.No);
        groups.Values.ShouldAllBe(g => g.Highest.Count == null, "0, 0 and the 10 they would give away");

        // The verdict is worked out on the real counts and always given: none of 200 boys red against 10 of 304 is p = 0.0096.
        groups["male"].Highest.Verdict.ShouldBe(FairnessVerdict.MarkedlyLower);
        groups["female"].Highest.Verdict.ShouldBe(FairnessVerdict.MarkedlyHigher);
        set.Findings.Select(f => (f.Group, f.Measure)).ShouldBe([("female", "highest"), ("male", "highest")]);
        set.Findings.ShouldAllBe(f => f.Sentence.Contains("withheld") && !f.Sentence.Contains('%'));
        set.Findings[1].Sentence.ShouldStartWith("People recorded as male are flagged red by vulnerable-pupil markedly less often than everyone else");
    }

    [Fact]
    public void Compute_NoSuppression_ShowsEveryCount()
    {
        var set = Fairness.Compute(SexOnly, Many("neet-risk", "M", 3, flagged: 1, highest: 1), Raw).RuleSets.Single();

        set.Dimensions.Single().Groups.Single().Scored.ShouldBe(3);
        set.Dimensions.Single().Groups.Single().Flagged.Count.ShouldBe(1);
        set.Scored.ShouldBe(3);
    }

    [Theory]
    [InlineData("2021-07-21", "0-4")]
    [InlineData("2021-07-20", "5-10")]
    [InlineData("2015-07-21", "5-10")]
    [InlineData("2015-07-20", "11-15")]
    [InlineData("2010-07-20", "16-17")]
    [InlineData("2008-07-21", "16-17")]
    [InlineData("2008-07-20", "18+")]
    [InlineData("1970-01-01", "18+")]
    [InlineData("2026-07-21", "not recorded")]
    [InlineData(null, "not recorded")]
    public void AgeBandOf_DefaultBands_AtTheBirthdays(string? dateOfBirth, string expected) =>
        FairnessDimension.AgeBandOf(dateOfBirth is null ? null : DateOnly.Parse(dateOfBirth, System.Globalization.CultureInfo.InvariantCulture), new DateOnly(2026, 7, 20), new FairnessOptions().AgeBands)
            .ShouldBe(expected);

    [Fact]
    public void AgeBand_CustomBands_AreLabelledAndChecked()
    {
        int[] bands = [0, 14, 15, 17];
        FairnessDimension.AgeBandOf(new DateOnly(2011, 7, 20), new DateOnly(2026, 7, 20), bands).ShouldBe("15-16");
        FairnessDimension.AgeBandOf(new DateOnly(2012, 7, 20), new DateOnly(2026, 7, 20), bands).ShouldBe("14");
        FairnessDimension.AgeBand(bands).Ordered(["17+", "not recorded", "0-13", "14"]).ShouldBe(["0-13", "14", "17+", "not recorded"]);
        Should.Throw<ArgumentException>(() => FairnessDimension.AgeBand([5, 10]));
        Should.Throw<ArgumentException>(() => FairnessDimension.AgeBand([0, 10, 10]));
    }

    [Theory]
    [InlineData("APKN", "Asian or Asian British", "Asian - Pakistani")]
    [InlineData("wbri", "White", "White - British")]
    [InlineData("CHNE", "Chinese", "Chinese")]
    [InlineData("REFU", "not recorded", "not recorded")]
    [InlineData("NOBT", "not recorded", "not recorded")]
    [InlineData(null, "not recorded", "not recorded")]
    public void EthnicityOf_DfeCodes_GiveTheMainAndDetailedGroups(string? code, string main, string detailed)
    {
        FairnessDimension.EthnicGroupOf(code).ShouldBe(main);
        FairnessDimension.EthnicityOf(code).ShouldBe(detailed);
    }

    [Theory]
    [InlineData("E", "EHCP", "People with an EHCP")]
    [InlineData("K", "SEN support", "People on SEN support")]
    [InlineData("N", "no SEN", "People with no SEN")]
    [InlineData(null, "not recorded", "People with no SEN status recorded")]
    public void SenOf_CensusCodes_GiveTheGroupAndItsPeople(string? code, string group, string who)
    {
        FairnessDimension.SenOf(code).ShouldBe(group);
        FairnessDimension.Sen.Who(group).ShouldBe(who);
    }

    [Fact]
    public void Options_Nonsense_IsRefused()
    {
        Should.Throw<ArgumentException>(() => Fairness.Compute(SexOnly, [], new FairnessOptions { Alpha = 0 }));
        Should.Throw<ArgumentException>(() => Fairness.Compute(SexOnly, [], new FairnessOptions { LowerRatio = 1.2 }));
        Should.Throw<ArgumentException>(() => Fairness.Compute(SexOnly, [], new FairnessOptions { MinimumGroupSize = 0 }));
    }

    /// <summary>n subjects of one sex: the first <paramref name="highest"/> red, then amber up to <paramref name="flagged"/>, the rest green.</summary>
    private static IEnumerable<FairnessSubject> Many(string ruleSet, string sex, int n, int flagged, int highest) =>
        Enumerable.Range(0, n).Select(i => new FairnessSubject(ruleSet, i < highest ? "red" : i < flagged ? "amber" : "green", [FairnessDimension.SexOf(sex)]));
}
