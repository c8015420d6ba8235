using Hearth.Core.Standardisation;

namespace Hearth.Core.Tests.Standardisation;

public class CodesTests
{
    [Theory]
    [InlineData("Male", "M")]
    [InlineData("MALE", "M")]
    [InlineData("m", "M")]
    [InlineData("1", "M")]
    [InlineData("boy", "M")]
    [InlineData("Female", "F")]
    [InlineData("f", "F")]
    [InlineData("2", "F")]
    [InlineData("Girl", "F")]
    [InlineData("9", "I")]
    [InlineData("Indeterminate", "I")]
    [InlineData("X", "I")]
    [InlineData("0", "U")]
    [InlineData("Not Known", "U")]
    [InlineData("not stated", "U")]
    [InlineData("unknown", "U")]
    public void Sex_KnownCodes_MapToMFUOrI(string code, string expected) =>
        Codes.Sex[code].ShouldBe(expected);

    [Theory]
    [InlineData("3")]
    [InlineData("Other")]
    [InlineData("")]
    public void Sex_UnknownCodes_AreNotInTheMap(string code) =>
        Codes.Sex.ContainsKey(code).ShouldBeFalse();

    [Theory]
    [InlineData("WBRI", "WBRI")]
    [InlineData("wbri", "WBRI")]
    [InlineData("Apkn", "APKN")]
    [InlineData("White - British", "WBRI")]
    [InlineData("WHITE - BRITISH", "WBRI")]
    [InlineData("White - Irish", "WIRI")]
    [InlineData("White - Gypsy/Roma", "WROM")]
    [InlineData("White - Traveller of Irish heritage", "WIRT")]
    [InlineData("Mixed - White and Black Caribbean", "MWBC")]
    [InlineData("Asian or Asian British - Pakistani", "APKN")]
    [InlineData("Asian or Asian British - Bangladeshi", "ABAN")]
    [InlineData("Black or Black British - African", "BAFR")]
    [InlineData("Chinese", "CHNE")]
    [InlineData("Any other ethnic group", "OOTH")]
    [InlineData("Refused", "REFU")]
    [InlineData("Information not yet obtained", "NOBT")]
    [InlineData("Not stated", "NOBT")]
    [InlineData("White \u2013 British", "WBRI")]                          // an en dash, as word processors write it
    [InlineData("White \u2014 British", "WBRI")]                          // an em dash
    [InlineData("White-British", "WBRI")]                                 // no spaces round the dash
    [InlineData("Asian or Asian British\u2013Pakistani", "APKN")]
    [InlineData("MIXED \u2013 WHITE AND BLACK AFRICAN", "MWBA")]
    public void Ethnicity_CodesAndLabels_MapToDfECodes(string text, string expected) =>
        Codes.Ethnicity[text].ShouldBe(expected);

    [Fact]
    public void Ethnicity_EveryDfECode_MapsToItself()
    {
        Codes.EthnicityCodes.Count.ShouldBe(20);
        foreach (var code in Codes.EthnicityCodes)
        {
            Codes.Ethnicity[code].ShouldBe(code);
        }
    }

    [Fact]
    public void Ethnicity_EveryLabel_MapsToAKnownCode() =>
        Codes.Ethnicity.Values.ShouldAllBe(code => Codes.EthnicityCodes.Contains(code));

    [Theory]
    [InlineData("Yes", "Y")]
    [InlineData("y", "Y")]
    [InlineData("TRUE", "Y")]
    [InlineData("1", "Y")]
    [InlineData("No", "N")]
    [InlineData("false", "N")]
    [InlineData("0", "N")]
    public void YesNo_Spellings_MapToYOrN(string text, string expected) =>
        Codes.YesNo[text].ShouldBe(expected);

    [Theory]
    [InlineData("sex", "Male", "M")]
    [InlineData("ethnicity", "White - British", "WBRI")]
    [InlineData("yes_no", "yes", "Y")]
    public void BuiltIn_KnownName_IsTheMap(string name, string key, string expected) =>
        Codes.BuiltIn(name)![key].ShouldBe(expected);

    [Theory]
    [InlineData("Sex")]
    [InlineData("gender")]
    [InlineData("")]
    public void BuiltIn_UnknownName_IsNull(string name) =>
        Codes.BuiltIn(name).ShouldBeNull();
}
