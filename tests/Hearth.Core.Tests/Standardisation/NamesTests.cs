using Hearth.Core.Standardisation;

namespace Hearth.Core.Tests.Standardisation;

public class NamesTests
{
    [Theory]
    [InlineData("JOHN", "John")]
    [InlineData("john", "John")]
    [InlineData("o'brien", "O'Brien")]
    [InlineData("O'BRIEN", "O'Brien")]
    [InlineData("o\u2019neill", "O\u2019Neill")]
    [InlineData("d'arcy", "D'Arcy")]
    [InlineData("mcdonald", "McDonald")]
    [InlineData("MCKENZIE", "McKenzie")]
    [InlineData("smith-jones", "Smith-Jones")]
    [InlineData("SMITH-JONES", "Smith-Jones")]
    [InlineData("ZOË", "Zoë")]
    [InlineData("łukasz", "Łukasz")]
    [InlineData("  mary   jane  ", "Mary Jane")]
    [InlineData("McDonald", "McDonald")]          // mixed case: left as typed
    [InlineData("MacDonald", "MacDonald")]
    [InlineData("DeSouza", "DeSouza")]
    [InlineData("van der Berg", "van der Berg")]
    [InlineData("van der berg", "Van Der Berg")]  // one case: every word title-cased
    public void Display_OneCaseOrMixed_TitleCasesOnlyOneCaseNames(string raw, string expected) =>
        Names.Display(raw).ShouldBe(expected);

    [Theory]
    // forenames, middle names, surname -> forename, middle names, surname
    [InlineData("John", null, "Smith", "John", null, "Smith")]
    [InlineData("JOHN", null, "SMITH", "John", null, "Smith")]
    [InlineData("Mr John", null, "Smith", "John", null, "Smith")]
    [InlineData("Mrs. Sarah Jane", null, "Jones", "Sarah", "Jane", "Jones")]
    [InlineData("Dr Prof Amir", null, "Khan", "Amir", null, "Khan")]
    [InlineData("MISS ZOË", null, "O'BRIEN", "Zoë", null, "O'Brien")]
    [InlineData("John Paul", "George", "Smith", "John", "Paul George", "Smith")]
    [InlineData("John", "Paul George", "Smith", "John", "Paul George", "Smith")]
    [InlineData("John", null, "Smith Jnr", "John", null, "Smith")]
    [InlineData("John", null, "Smith Jr.", "John", null, "Smith")]
    [InlineData("John", null, "SMITH III", "John", null, "Smith")]
    [InlineData("Amelia", null, "smith-jones", "Amelia", null, "Smith-Jones")]
    [InlineData("Callum", null, "mcdonald", "Callum", null, "McDonald")]
    [InlineData("Mr", null, "Smith", "Mr", null, "Smith")]           // a lone word is never stripped
    [InlineData(null, null, "Smith", null, null, "Smith")]
    [InlineData("  ", null, "Smith", null, null, "Smith")]
    [InlineData("John", null, null, "John", null, null)]
    public void FromParts_TitlesSuffixesAndCase_Standardised(string? forenames, string? middle, string? surname, string? forename, string? middleNames, string? expectedSurname)
    {
        var name = Names.FromParts(forenames, middle, surname);

        name.Forename.ShouldBe(forename);
        name.MiddleNames.ShouldBe(middleNames);
        name.Surname.ShouldBe(expectedSurname);
    }

    [Fact]
    public void FromParts_Original_JoinsThePartsAsReceived() =>
        Names.FromParts("Mr  JOHN", null, "smith Jnr").Original.ShouldBe("Mr  JOHN smith Jnr");

    [Theory]
    [InlineData("Mrs Sarah Jane Jones", "Sarah", "Jane", "Jones")]
    [InlineData("MRS SARAH JANE JONES", "Sarah", "Jane", "Jones")]
    [InlineData("JONES, Sarah", "Sarah", null, "Jones")]
    [InlineData("JONES, Mrs Sarah Jane", "Sarah", "Jane", "Jones")]
    [InlineData("Smith-Jones, Amelia", "Amelia", null, "Smith-Jones")]
    [InlineData("Mr John Smith", "John", null, "Smith")]
    [InlineData("Dr. John Smith Jnr.", "John", null, "Smith")]
    [InlineData("Mr John van der Berg", "John", null, "van der Berg")]
    [InlineData("Ali Al Hashimi", "Ali", null, "Al Hashimi")]
    [InlineData("Maria De La Cruz", "Maria", null, "De La Cruz")]
    [InlineData("Mary O Brien", "Mary", null, "O Brien")]
    [InlineData("Leo Da Silva", "Leo", null, "Da Silva")]
    [InlineData("Mohammed Abu Bakr", "Mohammed", null, "Abu Bakr")]
    // A double surname the name does not mark reads as middle name and surname: by its shape "Ana García López" is
    // "Sarah Jane Jones", and an accent alone is no mark (Seán, José and María are forenames too).
    [InlineData("Ana García López", "Ana", "García", "López")]
    [InlineData("María José García", "María", "José", "García")]
    [InlineData("Patrick Seán Murphy", "Patrick", "Seán", "Murphy")]
    // A double surname the name marks is kept whole: a connector, a repeated surname, or a first surname ending in the
    // patronymic -ez in a name that looks Iberian.
    [InlineData("Ana García y López", "Ana", null, "García y López")]
    [InlineData("Laura Martin Martin", "Laura", null, "Martin Martin")]
    [InlineData("Ricardo Sánchez Sanchez", "Ricardo", null, "Sánchez Sanchez")]
    [InlineData("Ana Fernández López", "Ana", null, "Fernández López")]
    [InlineData("Cristina Pérez Garrido", "Cristina", null, "Pérez Garrido")]
    [InlineData("CARLOS FERNANDEZ HERNANDEZ", "Carlos", null, "Fernandez Hernandez")]
    [InlineData("José Luis Gutiérrez Flores", "José", "Luis", "Gutiérrez Flores")]
    [InlineData("María Pérez de la Fuente", "María", null, "Pérez de la Fuente")]
    [InlineData("Ali Pervez Khan", "Ali", "Pervez", "Khan")]                 // -ez, but nothing else Iberian
    [InlineData("Maria Inez Smith", "Maria", "Inez", "Smith")]               // too short for the patronymic
    [InlineData("Pérez López", "Pérez", null, "López")]                     // a forename always remains
    [InlineData("Mary y Jones", "Mary", "Y", "Jones")]                      // a connector needs a surname before it
    [InlineData("Abdi Mohamed Ali", "Abdi", "Mohamed", "Ali")]
    [InlineData("Van Morrison", "Van", null, "Morrison")]                 // a particle is never the only forename
    [InlineData("Mr Smith", null, null, "Smith")]
    [InlineData("SMITH", null, null, "Smith")]
    [InlineData("John Smith Sr", "John", null, "Smith")]                   // Sr. is a suffix at the end
    public void FromFull_CommonLayouts_SplitsForenamesAndSurname(string full, string? forename, string? middleNames, string surname)
    {
        var name = Names.FromFull(full);

        name.Forename.ShouldBe(forename);
        name.MiddleNames.ShouldBe(middleNames);
        name.Surname.ShouldBe(surname);
        name.Original.ShouldBe(full.Trim());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void FromFull_Blank_HasNoParts(string? full)
    {
        var name = Names.FromFull(full);

        name.Forename.ShouldBeNull();
        name.MiddleNames.ShouldBeNull();
        name.Surname.ShouldBeNull();
        name.ForenameKey.ShouldBeNull();
        name.SurnameKey.ShouldBeNull();
    }

    [Fact]
    public void FromFull_CommaForm_KeepsTheOriginal() =>
        Names.FromFull("  JONES, Sarah ").Original.ShouldBe("JONES, Sarah");

    [Theory]
    [InlineData("O'Brien", "OBRIEN")]
    [InlineData("OBRIEN", "OBRIEN")]
    [InlineData("O Brien", "OBRIEN")]
    [InlineData("o\u2019brien", "OBRIEN")]
    [InlineData("Smith-Jones", "SMITHJONES")]
    [InlineData("Zoë", "ZOE")]
    [InlineData("Łukasz", "LUKASZ")]
    [InlineData("Yıldız", "YILDIZ")]
    [InlineData("İlkay", "ILKAY")]
    [InlineData("Ñúñez", "NUNEZ")]
    [InlineData("Straße", "STRASSE")]
    [InlineData("Ærø", "AERO")]
    [InlineData("Dvořák", "DVORAK")]
    [InlineData("Ştefan", "STEFAN")]
    [InlineData("Nguyễn", "NGUYEN")]   // Vietnamese letters fold like other accented Latin letters
    [InlineData("Trần", "TRAN")]
    [InlineData("van der Berg", "VANDERBERG")]
    [InlineData("  john  ", "JOHN")]
    public void Key_AccentsPunctuationAndSpaces_FoldToUpperAsciiLetters(string name, string expected) =>
        Names.Key(name).ShouldBe(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("-'")]
    [InlineData("123")]
    [InlineData("李")]
    public void Key_NoLettersLeft_IsNull(string? name) =>
        Names.Key(name).ShouldBeNull();

    [Theory]
    [InlineData("O'Brien", "OBRIEN")]
    [InlineData("O Brien", "O BRIEN")]
    [InlineData("Zoë", "ZOE")]
    public void Key_SpellingVariants_CompareEqual(string a, string b) =>
        Names.Key(a).ShouldBe(Names.Key(b));

    [Fact]
    public void PersonName_Keys_ComeFromTheDisplayParts()
    {
        var name = Names.FromParts("zoë", null, "o'brien");

        name.ForenameKey.ShouldBe("ZOE");
        name.SurnameKey.ShouldBe("OBRIEN");
    }
}
