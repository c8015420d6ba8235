using System.Globalization;
using Hearth.Synth.Simulation;
using Hearth.Synth.World;

namespace Hearth.Synth.Feeds;

/// <summary>The council's local land and property gazetteer: every address in the city with its UPRN.</summary>
public static class GazetteerFeed
{
    public static readonly FeedDescriptor Descriptor = new()
    {
        Name = "gazetteer",
        System = "Local land and property gazetteer (LLPG extract, reference data)",
        Description = "Every addressable property in the city: UPRN, parent UPRN for flats, USRN, secondary and primary addressable objects, street, locality, town, postcode, coordinates and classification.",
        Format = FeedFormat.Csv,
        File = "gazetteer.csv",
        Encoding = "utf-8",
        Delimiter = ",",
        Columns =
        [
            new("UPRN", ColumnKind.Identifier), new("ParentUPRN", ColumnKind.Identifier), new("USRN", ColumnKind.Identifier), new("SAO", ColumnKind.Address),
            new("PAO", ColumnKind.Address), new("Street", ColumnKind.Address), new("Locality", ColumnKind.Address), new("Town", ColumnKind.Address),
            new("Postcode", ColumnKind.Postcode), new("Easting", ColumnKind.Number), new("Northing", ColumnKind.Number), new("Classification", ColumnKind.Code),
        ],
        Key = ["UPRN"],
        Entities = ["address"],
        Identifiers = "UPRN and USRN: the authoritative list that other feeds' addresses are matched to.",
        NoiseMultiplier = 0,
    };

    public static void Write(Sim sim)
    {
        using var feed = sim.Tabular(Descriptor);
        var parents = new HashSet<long>();
        foreach (var property in sim.City.Properties)
        {
            if (property.ParentUprn != 0 && parents.Add(property.ParentUprn))
            {
                // The building itself is a gazetteer record too: the parent of its flats.
                feed.Write(
                    [property.ParentUprn.ToString(CultureInfo.InvariantCulture), null, property.Street.Usrn.ToString(CultureInfo.InvariantCulture), null,
                     $"{property.BuildingName}, {property.Number}", property.Street.Name, property.Locality.Name, property.Street.Town, property.Postcode,
                     property.Easting, property.Northing, "PP"]);
            }

            var pao = property.BuildingName is not null && property.ParentUprn == 0
                ? (property.Number is null ? property.BuildingName : $"{property.BuildingName}, {property.Number}")
                : property.ParentUprn != 0 ? $"{property.BuildingName}, {property.Number}" : property.Number;
            feed.Write(
                [property.Uprn.ToString(CultureInfo.InvariantCulture), property.ParentUprn == 0 ? null : property.ParentUprn.ToString(CultureInfo.InvariantCulture),
                 property.Street.Usrn.ToString(CultureInfo.InvariantCulture), property.SubBuilding, pao, property.Street.Name, property.Locality.Name, property.Street.Town,
                 property.Postcode, property.Easting, property.Northing, Classification(property)]);
        }
    }

    private static string Classification(Property property) => property.Kind switch
    {
        PropertyKind.Flat => "RD06",
        PropertyKind.NamedHouse => "RD02",
        PropertyKind.House => property.Id % 3 == 0 ? "RD03" : "RD04",
        PropertyKind.ChildrensHome => "RI02",
        PropertyKind.TemporaryAccommodation => "RH02",
        PropertyKind.School => "CE03",
        _ => "RD",
    };
}
