using System.Globalization;
using System.Text;

namespace Hearth.Services.Tests.Linking;

/// <summary>
/// Small synthetic files for linking tests: invented people (forenames and surnames from short fixed lists), each written
/// once to a first file and again, some with a typo, to a second.
/// </summary>
internal static class LinkFiles
{
    private static readonly string[] Forenames = ["Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Ivy", "Arthur", "Freya", "Leo", "Rosie", "Finley", "Maya", "Ezra"];
    private static readonly string[] Surnames = ["Ashworth", "Bellamy", "Carrick", "Dunmore", "Ellwood", "Fairley", "Garside", "Hollis", "Irvine", "Jessop", "Kettley"];

    public const string Header = "id, first_name, last_name, dob, postcode";

    public static string Forename(int person) => Forenames[person % Forenames.Length];

    public static string Surname(int person) => Surnames[(person / Forenames.Length) % Surnames.Length];

    public static string Dob(int person) => new DateOnly(1950, 1, 1).AddDays(person * 131).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Postcode(int person) => string.Create(CultureInfo.InvariantCulture, $"HF{person % 9 + 1} {person % 7 + 1}AB");

    /// <summary>A row in FEBRL's style, fields separated by ", ".</summary>
    public static string Row(string id, int person, bool typo = false) =>
        $"{id}, {(typo ? Forename(person) + "e" : Forename(person))}, {Surname(person)}, {Dob(person)}, {Postcode(person)}";

    /// <summary>Writes lines with the given line end, optionally after a UTF-8 byte order mark.</summary>
    public static void Write(string path, IEnumerable<string> lines, string newLine = "\n", bool byteOrderMark = false) =>
        File.WriteAllText(path, string.Join(newLine, lines) + newLine, new UTF8Encoding(byteOrderMark));

    public static string[] Map => ["forenames=first_name", "surname=last_name", "dob=dob", "postcode=postcode"];
}
