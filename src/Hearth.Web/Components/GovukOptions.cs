using System.Text.Json;

namespace Hearth.Web.Components;

// The options of our GOV.UK components mirror the parameters of govuk-frontend's Nunjucks macros, name for name, so
// that the components can be tested against the fixtures.json reference HTML govuk-frontend ships: a fixture's
// options deserialise straight into these records. Only the parameters the portal uses are here; the tests say which.

/// <summary>Text or HTML content, as most macro parameters take it (html wins over text).</summary>
public record GovukContent
{
    public string? Text { get; init; }

    public string? Html { get; init; }

    public string? Classes { get; init; }

    public Dictionary<string, JsonElement>? Attributes { get; init; }
}

public sealed record GovukTagOptions : GovukContent;

public sealed record GovukHintOptions : GovukContent
{
    public string? Id { get; init; }
}

public sealed record GovukErrorMessageOptions : GovukContent
{
    public string? Id { get; init; }

    /// <summary>Null means the default ("Error"); an empty string leaves the prefix out.</summary>
    public string? VisuallyHiddenText { get; init; }
}

public sealed record GovukLabelOptions : GovukContent
{
    public string? For { get; init; }

    public bool IsPageHeading { get; init; }
}

public sealed record GovukButtonOptions : GovukContent
{
    public string? Href { get; init; }

    public string? Type { get; init; }

    public string? Name { get; init; }

    public string? Value { get; init; }

    public bool Disabled { get; init; }

    public string? Id { get; init; }

    public bool IsStartButton { get; init; }

    /// <summary>Rendered only when given (true or false), as the macro does.</summary>
    public bool? PreventDoubleClick { get; init; }
}

public sealed record GovukFormGroupOptions
{
    public string? Classes { get; init; }

    public Dictionary<string, JsonElement>? Attributes { get; init; }
}

public sealed record GovukInputOptions
{
    public string? Id { get; init; }

    public required string Name { get; init; }

    public string? Type { get; init; }

    public string? Value { get; init; }

    public GovukLabelOptions? Label { get; init; }

    public GovukHintOptions? Hint { get; init; }

    public GovukErrorMessageOptions? ErrorMessage { get; init; }

    public GovukFormGroupOptions? FormGroup { get; init; }

    public string? Classes { get; init; }

    public string? DescribedBy { get; init; }

    public string? Autocomplete { get; init; }

    public string? Autocapitalize { get; init; }

    public string? Pattern { get; init; }

    public string? Inputmode { get; init; }

    public bool? Spellcheck { get; init; }

    public bool Disabled { get; init; }

    public Dictionary<string, JsonElement>? Attributes { get; init; }
}

public sealed record GovukLegendOptions : GovukContent
{
    public bool IsPageHeading { get; init; }
}

public sealed record GovukFieldsetOptions
{
    public GovukLegendOptions? Legend { get; init; }

    public string? Classes { get; init; }

    public string? DescribedBy { get; init; }

    public Dictionary<string, JsonElement>? Attributes { get; init; }
}

public sealed record GovukDateInputItem
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Label { get; init; }

    public string? Value { get; init; }

    public string? Classes { get; init; }

    public string? Autocomplete { get; init; }

    public string? Pattern { get; init; }

    public string? Inputmode { get; init; }

    public bool? Error { get; init; }
}

public sealed record GovukDateInputOptions
{
    public required string Id { get; init; }

    public string? NamePrefix { get; init; }

    public IReadOnlyList<GovukDateInputItem>? Items { get; init; }

    public GovukHintOptions? Hint { get; init; }

    public GovukErrorMessageOptions? ErrorMessage { get; init; }

    public GovukFormGroupOptions? FormGroup { get; init; }

    public GovukFieldsetOptions? Fieldset { get; init; }

    public string? Classes { get; init; }

    public Dictionary<string, JsonElement>? Attributes { get; init; }
}

public sealed record GovukErrorSummaryItem
{
    public string? Text { get; init; }

    public string? Html { get; init; }

    public string? Href { get; init; }

    public Dictionary<string, JsonElement>? Attributes { get; init; }
}

public sealed record GovukErrorSummaryOptions
{
    public string? TitleText { get; init; }

    public string? TitleHtml { get; init; }

    public string? DescriptionText { get; init; }

    public string? DescriptionHtml { get; init; }

    public IReadOnlyList<GovukErrorSummaryItem>? ErrorList { get; init; }

    public string? Classes { get; init; }

    public bool? DisableAutoFocus { get; init; }

    public Dictionary<string, JsonElement>? Attributes { get; init; }
}

public sealed record GovukSummaryListAction
{
    public required string Href { get; init; }

    public string? Text { get; init; }

    public string? Html { get; init; }

    public string? VisuallyHiddenText { get; init; }

    public string? Classes { get; init; }

    public Dictionary<string, JsonElement>? Attributes { get; init; }
}

public sealed record GovukSummaryListActions
{
    public IReadOnlyList<GovukSummaryListAction>? Items { get; init; }

    public string? Classes { get; init; }
}

public sealed record GovukSummaryListRow
{
    public GovukContent? Key { get; init; }

    public GovukContent? Value { get; init; }

    public GovukSummaryListActions? Actions { get; init; }

    public string? Classes { get; init; }
}

public sealed record GovukSummaryListOptions
{
    public IReadOnlyList<GovukSummaryListRow?>? Rows { get; init; }

    public string? Classes { get; init; }

    public Dictionary<string, JsonElement>? Attributes { get; init; }
}

public sealed record GovukTableCell : GovukContent
{
    public string? Format { get; init; }

    public int? Colspan { get; init; }

    public int? Rowspan { get; init; }
}

public sealed record GovukTableOptions
{
    public string? Caption { get; init; }

    public string? CaptionClasses { get; init; }

    public IReadOnlyList<GovukTableCell>? Head { get; init; }

    public IReadOnlyList<IReadOnlyList<GovukTableCell>?>? Rows { get; init; }

    public bool FirstCellIsHeader { get; init; }

    public string? Classes { get; init; }

    public Dictionary<string, JsonElement>? Attributes { get; init; }
}

public sealed record GovukPaginationLink
{
    public string? Href { get; init; }

    public string? Text { get; init; }

    public string? Html { get; init; }

    public string? LabelText { get; init; }

    public Dictionary<string, JsonElement>? Attributes { get; init; }
}

public sealed record GovukPaginationItem
{
    public string? Number { get; init; }

    public string? Href { get; init; }

    public bool Current { get; init; }

    public bool Ellipsis { get; init; }

    public string? VisuallyHiddenText { get; init; }

    public Dictionary<string, JsonElement>? Attributes { get; init; }
}

public sealed record GovukPaginationOptions
{
    public IReadOnlyList<GovukPaginationItem>? Items { get; init; }

    public GovukPaginationLink? Previous { get; init; }

    public GovukPaginationLink? Next { get; init; }

    public string? LandmarkLabel { get; init; }

    public string? Classes { get; init; }

    public Dictionary<string, JsonElement>? Attributes { get; init; }
}

public sealed record GovukTextareaOptions
{
    public string? Id { get; init; }

    public required string Name { get; init; }

    public int? Rows { get; init; }

    public string? Value { get; init; }

    public GovukLabelOptions? Label { get; init; }

    public GovukHintOptions? Hint { get; init; }

    public GovukErrorMessageOptions? ErrorMessage { get; init; }

    public GovukFormGroupOptions? FormGroup { get; init; }

    public string? Classes { get; init; }

    public string? DescribedBy { get; init; }

    public string? Autocomplete { get; init; }

    public bool? Spellcheck { get; init; }

    public bool Disabled { get; init; }

    public Dictionary<string, JsonElement>? Attributes { get; init; }
}

public sealed record GovukRadiosItem
{
    public string? Id { get; init; }

    public string? Text { get; init; }

    public string? Html { get; init; }

    public string? Value { get; init; }

    /// <summary>True or false wins over the radios' value; null means "checked if it is the value".</summary>
    public bool? Checked { get; init; }

    public GovukHintOptions? Hint { get; init; }
}

public sealed record GovukRadiosOptions
{
    public required string Name { get; init; }

    public string? IdPrefix { get; init; }

    public string? Value { get; init; }

    public IReadOnlyList<GovukRadiosItem>? Items { get; init; }

    public GovukFieldsetOptions? Fieldset { get; init; }

    public GovukHintOptions? Hint { get; init; }

    public GovukErrorMessageOptions? ErrorMessage { get; init; }

    public GovukFormGroupOptions? FormGroup { get; init; }

    public string? Classes { get; init; }

    public Dictionary<string, JsonElement>? Attributes { get; init; }
}
