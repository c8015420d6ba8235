using Hearth.Core.Linking;
using Hearth.Core.Matching;

namespace Hearth.Core.Tests.Linking;

public class FileLinkPlanTests
{
    private static FileLinkPlan Plan(params LinkRole[] roles) => FileLinkPlan.For(roles, NameEquivalents.Empty);

    [Fact]
    public void Febrl_RolesPresent_ChooseTheirComparisons_WithTheTownAfterTheAddress()
    {
        var plan = Plan(LinkRole.Forenames, LinkRole.Surname, LinkRole.DateOfBirth, LinkRole.Address, LinkRole.Town, LinkRole.Postcode, LinkRole.Identifier);

        plan.Comparisons.Select(c => c.Name).ShouldBe(["forename", "surname", "dob", "address", "town", "identifier"]);
        plan.Comparisons.Single(c => c.Name == "dob").ShouldBeOfType<CloseDateOfBirthComparison>();
        plan.Blocking.Select(b => b.Name).ShouldContain("town_surname_sound");
        plan.Training.Select(t => t.Name).ShouldBe(["same date of birth and surname", "same forename and surname", "same date of birth and postcode"]);
    }

    [Fact]
    public void FullName_GivesForenameAndSurname() =>
        Plan(LinkRole.FullName, LinkRole.DateOfBirth).Comparisons.Select(c => c.Name).ShouldBe(["forename", "surname", "dob"]);

    [Fact]
    public void NoPostcode_TrainsOnTheTownInstead() =>
        Plan(LinkRole.Forenames, LinkRole.Surname, LinkRole.DateOfBirth, LinkRole.Town, LinkRole.Email).Training.Select(t => t.Name)
            .ShouldBe(["same date of birth and surname", "same forename and surname", "same date of birth and town"]);

    [Fact]
    public void NoDateOfBirth_TrainsOnNamesAndPlace() =>
        Plan(LinkRole.Forenames, LinkRole.Surname, LinkRole.Postcode).Training.Select(t => t.Name).ShouldBe(["same forename and surname", "same surname and postcode", "same forename and postcode"]);

    [Theory]
    [InlineData(new[] { LinkRole.Forenames, LinkRole.Surname, LinkRole.DateOfBirth, LinkRole.Postcode, LinkRole.Town, LinkRole.Identifier })]
    [InlineData(new[] { LinkRole.FullName, LinkRole.DateOfBirth, LinkRole.Town, LinkRole.Email })]
    [InlineData(new[] { LinkRole.Forenames, LinkRole.Surname, LinkRole.Postcode, LinkRole.Sex })]
    public void EveryComparison_IsLearnedBySomeSessionThatDoesNotFixIt(LinkRole[] roles)
    {
        var plan = Plan(roles);

        plan.Training.ShouldNotBeEmpty();
        foreach (var comparison in plan.Comparisons)
        {
            plan.Training.ShouldContain(t => !t.Fixed.Contains(comparison.Name), comparison.Name);
        }

        foreach (var session in plan.Training)
        {
            session.Fixed.ShouldAllBe(name => plan.Comparisons.Any(c => c.Name == name));
        }
    }

    [Fact]
    public void NothingComparable_IsRefused() => Should.Throw<ArgumentException>(() => Plan());
}
