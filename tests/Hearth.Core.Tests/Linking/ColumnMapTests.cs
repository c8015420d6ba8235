using Hearth.Core.Linking;

namespace Hearth.Core.Tests.Linking;

public class ColumnMapTests
{
    [Fact]
    public void Parse_RolesAndJoinedColumns_KeepsTheColumnsInOrder()
    {
        var map = ColumnMap.Parse(["forenames=given_name", "SURNAME = last", "address=street_number+address_1+address_2", "dob=date_of_birth"]);

        map.Columns[LinkRole.Forenames].ShouldBe(["given_name"]);
        map.Columns[LinkRole.Surname].ShouldBe(["last"]);
        map.Columns[LinkRole.Address].ShouldBe(["street_number", "address_1", "address_2"]);
        map.Columns[LinkRole.DateOfBirth].ShouldBe(["date_of_birth"]);
        map.Roles.Count.ShouldBe(4);
    }

    [Theory]
    [InlineData("name", "ROLE=COLUMN")]
    [InlineData("=surname", "ROLE=COLUMN")]
    [InlineData("surname=", "ROLE=COLUMN")]
    [InlineData("maiden_name=surname", "full_name, dob, sex")]
    [InlineData("address=street+", "column name is empty")]
    public void Parse_BadSpec_SaysHowToWriteIt(string spec, string expected)
    {
        var error = Should.Throw<ArgumentException>(() => ColumnMap.Parse([spec]));
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void Parse_RoleTwice_AsksToJoinTheColumns() =>
        Should.Throw<ArgumentException>(() => ColumnMap.Parse(["address=a", "address=b"])).Message.ShouldContain("address=a+b");

    [Fact]
    public void Parse_FullNameWithItsParts_IsRefused() =>
        Should.Throw<ArgumentException>(() => ColumnMap.Parse(["full_name=name", "surname=last"])).Message.ShouldContain("full_name");

    [Fact]
    public void Parse_Nothing_IsRefused() => Should.Throw<ArgumentException>(() => ColumnMap.Parse([]));

    [Fact]
    public void Bind_FindsColumnsIgnoringCaseAndSpaces()
    {
        var map = ColumnMap.Parse(["surname=Surname", "address=street_number+address_1"]);

        var bound = map.Bind([" rec_id", "SURNAME ", "address_1", "street_number"], "rec_id", "people.csv");

        bound.Id.ShouldBe(0);
        bound.Roles[LinkRole.Surname].ShouldBe([1]);
        bound.Roles[LinkRole.Address].ShouldBe([3, 2]);
    }

    [Fact]
    public void Bind_ExactCaseWins_WhenTwoColumnsDifferOnlyInCase()
    {
        var bound = ColumnMap.Parse(["surname=Surname"]).Bind(["id", "SURNAME", "Surname"], "id", "people.csv");

        bound.Roles[LinkRole.Surname].ShouldBe([2]);
    }

    [Fact]
    public void Bind_MissingColumns_NamesThemTheFileAndItsHeader()
    {
        var map = ColumnMap.Parse(["surname=last_name", "dob=birth"]);

        var error = Should.Throw<ArgumentException>(() => map.Bind(["id", "surname", "dob"], "id", "school.csv"));

        error.Message.ShouldContain("school.csv");
        error.Message.ShouldContain("last_name, birth");
        error.Message.ShouldContain("id, surname, dob");
    }

    [Fact]
    public void Bind_MissingIdColumn_IsNamed() =>
        Should.Throw<ArgumentException>(() => ColumnMap.Parse(["surname=surname"]).Bind(["surname"], "rec_id", "a.csv")).Message.ShouldContain("rec_id");

    [Theory]
    [InlineData("full_name", LinkRole.FullName)]
    [InlineData("DOB", LinkRole.DateOfBirth)]
    [InlineData(" ni_number ", LinkRole.NiNumber)]
    [InlineData("identifier", LinkRole.Identifier)]
    public void Roles_ParseByTheirCommandLineNames(string name, LinkRole expected)
    {
        LinkRoles.TryParse(name, out var role).ShouldBeTrue();
        role.ShouldBe(expected);
        LinkRoles.TryParse(LinkRoles.NameOf(role), out var again).ShouldBeTrue();
        again.ShouldBe(role);
    }

    [Fact]
    public void Roles_AreTheFourteenTheCommandOffers() =>
        LinkRoles.All.Select(LinkRoles.NameOf).ShouldBe(
            ["forenames", "surname", "full_name", "dob", "sex", "postcode", "address", "town", "nhs_number", "upn", "ni_number", "email", "phone", "identifier"]);
}
