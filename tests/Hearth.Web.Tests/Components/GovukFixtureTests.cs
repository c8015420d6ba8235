using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Hearth.TestCommon;
using Hearth.Web.Components;
using Microsoft.AspNetCore.Html;

namespace Hearth.Web.Tests.Components;

/// <summary>
/// Our GOV.UK components against govuk-frontend's own reference HTML: every fixture in the package's fixtures.json
/// whose options our component takes (a fixture with an option we do not support does not deserialise and is
/// counted as not compared) must render the same elements, attributes and text, whitespace aside.
/// </summary>
public class GovukFixtureTests
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new LooseString() },
    };

    public static TheoryData<string, int> Components => new()
    {
        { "tag", 10 }, { "button", 25 }, { "hint", 5 }, { "label", 12 }, { "error-message", 7 }, { "input", 25 }, { "date-input", 15 },
        { "error-summary", 12 }, { "summary-list", 10 }, { "table", 15 }, { "pagination", 10 }, { "textarea", 8 }, { "radios", 5 },
    };

    [Theory]
    [MemberData(nameof(Components))]
    public void Component_RendersLikeGovukFrontend_ForEveryFixtureItSupports(string component, int atLeast)
    {
        var path = Path.Combine(Repository.Root, "node_modules", "govuk-frontend", "dist", "govuk", "components", component, "fixtures.json");
        File.Exists(path).ShouldBeTrue($"{path} comes with govuk-frontend from npm (the Web project's build runs npm ci)");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var compared = 0;
        var mismatches = new List<string>();
        foreach (var fixture in json.RootElement.GetProperty("fixtures").EnumerateArray())
        {
            var name = fixture.GetProperty("name").GetString()!;
            IHtmlContent? rendered;
            try
            {
                rendered = Render(component, fixture.GetProperty("options"));
            }
            catch (JsonException)
            {
                continue;
            }

            if (rendered is null)
            {
                continue;
            }

            compared++;
            var expected = Normalise(fixture.GetProperty("html").GetString()!);
            var actual = Normalise(rendered.ToString()!);
            if (expected != actual)
            {
                mismatches.Add($"{component} '{name}':\n  expected {expected}\n  actual   {actual}");
            }
        }

        mismatches.ShouldBeEmpty(string.Join("\n", mismatches));
        compared.ShouldBeGreaterThanOrEqualTo(atLeast, $"fixtures of {component} compared");
    }

    private static IHtmlContent? Render(string component, JsonElement options) => component switch
    {
        "tag" => Govuk.Tag(options.Deserialize<GovukTagOptions>(Options)!),
        "button" => Govuk.Button(options.Deserialize<GovukButtonOptions>(Options)!),
        "hint" => Govuk.Hint(options.Deserialize<GovukHintOptions>(Options)!),
        "label" => Govuk.Label(options.Deserialize<GovukLabelOptions>(Options)!),
        "error-message" => Govuk.ErrorMessage(options.Deserialize<GovukErrorMessageOptions>(Options)!),
        "input" => Govuk.Input(options.Deserialize<GovukInputOptions>(Options)!),
        "date-input" => Govuk.DateInput(options.Deserialize<GovukDateInputOptions>(Options)!),
        "error-summary" => Govuk.ErrorSummary(options.Deserialize<GovukErrorSummaryOptions>(Options)!),
        "summary-list" => Govuk.SummaryList(options.Deserialize<GovukSummaryListOptions>(Options)!),
        "table" => Govuk.Table(options.Deserialize<GovukTableOptions>(Options)!),
        "pagination" => Govuk.Pagination(options.Deserialize<GovukPaginationOptions>(Options)!),
        "textarea" => Govuk.Textarea(options.Deserialize<GovukTextareaOptions>(Options)!),
        "radios" => Govuk.Radios(options.Deserialize<GovukRadiosOptions>(Options)!),
        _ => null,
    };

    /// <summary>The markup as a canonical string: elements with sorted attributes and single-spaced classes, text trimmed and collapsed.</summary>
    internal static string Normalise(string html)
    {
        var document = new HtmlParser().ParseDocument("<body>" + html + "</body>");
        var text = new StringBuilder();
        Write(document.Body!, text);
        return text.ToString();
    }

    private static void Write(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IElement element:
                    text.Append('<').Append(element.LocalName);
                    foreach (var attribute in element.Attributes.OrderBy(a => a.Name, StringComparer.Ordinal))
                    {
                        var value = attribute.Name == "class" ? string.Join(' ', attribute.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)) : attribute.Value.Trim();
                        text.Append(' ').Append(attribute.Name).Append("=\"").Append(value).Append('"');
                    }

                    text.Append('>');
                    Write(element, text);
                    text.Append("</").Append(element.LocalName).Append('>');
                    break;
                case IText t when !string.IsNullOrWhiteSpace(t.Data):
                    text.Append(string.Join(' ', t.Data.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
                    break;
            }
        }
    }

    /// <summary>Fixtures give some text options as numbers or false (for "none"); our options take strings.</summary>
    private sealed class LooseString : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => reader.TryGetInt64(out var n) ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : reader.GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonTokenType.False => "",
            JsonTokenType.Null => null,
            _ => throw new JsonException($"A {reader.TokenType} where text was expected."),
        };

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
