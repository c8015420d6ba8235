using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Hearth.Web.Components;

/// <summary>What every form component takes from a bound property: its field name, id, value and first error.</summary>
internal static class Binding
{
    public static string Name(ViewContext context, ModelExpression model) => context.ViewData.TemplateInfo.GetFullHtmlFieldName(model.Name);

    /// <summary>GOV.UK ids are lowercase-hyphenated; the error summary links to them.</summary>
    public static string Id(string name) => name.Replace('.', '-').Replace('[', '-').Replace("]", "", StringComparison.Ordinal).ToLowerInvariant();

    public static string? Value(ViewContext context, ModelExpression model, string name) =>
        context.ViewData.ModelState.TryGetValue(name, out var entry) && entry.AttemptedValue is not null ? entry.AttemptedValue : model.Model?.ToString();

    public static GovukErrorMessageOptions? Error(ViewContext context, string name) =>
        context.ViewData.ModelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0 ? new GovukErrorMessageOptions { Text = entry.Errors[0].ErrorMessage } : null;
}

/// <summary><c>&lt;govuk-input for="Query" label="Name or identifier" hint="..." /&gt;</c>: a GOV.UK text input bound to a property.</summary>
[HtmlTargetElement("govuk-input", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukInputTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = null!;

    public string Label { get; set; } = "";

    public string? Hint { get; set; }

    public string? Type { get; set; }

    public string? Autocomplete { get; set; }

    public string? Inputmode { get; set; }

    public string? InputClass { get; set; }

    public string? LabelClass { get; set; }

    public bool IsPageHeading { get; set; }

    public bool? Spellcheck { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = Binding.Name(ViewContext, For);
        output.TagName = null;
        output.Content.SetHtmlContent(Govuk.Input(new GovukInputOptions
        {
            Name = name,
            Id = Binding.Id(name),
            Type = Type,
            Value = Type == "password" ? null : Binding.Value(ViewContext, For, name),
            Label = new GovukLabelOptions { Text = Label, Classes = LabelClass, IsPageHeading = IsPageHeading },
            Hint = Hint is null ? null : new GovukHintOptions { Text = Hint },
            ErrorMessage = Binding.Error(ViewContext, name),
            Autocomplete = Autocomplete,
            Inputmode = Inputmode,
            Classes = InputClass,
            Spellcheck = Spellcheck,
        }));
    }
}

/// <summary>A GOV.UK textarea bound to a property (reasons for break-glass, decisions and exclusions).</summary>
[HtmlTargetElement("govuk-textarea", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukTextareaTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = null!;

    public string Label { get; set; } = "";

    public string? Hint { get; set; }

    public string? LabelClass { get; set; }

    public int Rows { get; set; } = 5;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = Binding.Name(ViewContext, For);
        output.TagName = null;
        output.Content.SetHtmlContent(Govuk.Textarea(new GovukTextareaOptions
        {
            Name = name,
            Id = Binding.Id(name),
            Rows = Rows,
            Value = Binding.Value(ViewContext, For, name),
            Label = new GovukLabelOptions { Text = Label, Classes = LabelClass },
            Hint = Hint is null ? null : new GovukHintOptions { Text = Hint },
            ErrorMessage = Binding.Error(ViewContext, name),
        }));
    }
}

/// <summary>GOV.UK radios bound to a property; items are given as "value:Text" pairs separated by '|'.</summary>
[HtmlTargetElement("govuk-radios", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukRadiosTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = null!;

    public string Legend { get; set; } = "";

    public string? LegendClass { get; set; }

    public string? Hint { get; set; }

    public string Items { get; set; } = "";

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = Binding.Name(ViewContext, For);
        output.TagName = null;
        output.Content.SetHtmlContent(Govuk.Radios(new GovukRadiosOptions
        {
            Name = name,
            IdPrefix = Binding.Id(name),
            Value = Binding.Value(ViewContext, For, name),
            Fieldset = new GovukFieldsetOptions { Legend = new GovukLegendOptions { Text = Legend, Classes = LegendClass ?? "govuk-fieldset__legend--m" } },
            Hint = Hint is null ? null : new GovukHintOptions { Text = Hint },
            ErrorMessage = Binding.Error(ViewContext, name),
            Items = [.. Items.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(i => i.Split(':', 2)).Select(p => new GovukRadiosItem { Value = p[0], Text = p.Length > 1 ? p[1] : p[0] })],
        }));
    }
}

/// <summary>
/// A GOV.UK date input bound to a <see cref="DateParts"/> property: three fields named Property.Day, .Month and .Year,
/// with the property's error on the group.
/// </summary>
[HtmlTargetElement("govuk-date-input", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukDateInputTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = null!;

    public string Legend { get; set; } = "";

    public string? LegendClass { get; set; }

    public string? Hint { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = Binding.Name(ViewContext, For);
        var id = Binding.Id(name);
        var error = Binding.Error(ViewContext, name);
        var parts = For.Model as DateParts;
        string? Part(string part, string? model) =>
            ViewContext.ViewData.ModelState.TryGetValue(name + "." + part, out var entry) && entry.AttemptedValue is not null ? entry.AttemptedValue : model;
        output.TagName = null;
        output.Content.SetHtmlContent(Govuk.DateInput(new GovukDateInputOptions
        {
            Id = id,
            Fieldset = new GovukFieldsetOptions { Legend = new GovukLegendOptions { Text = Legend, Classes = LegendClass ?? "govuk-fieldset__legend--s" } },
            Hint = Hint is null ? null : new GovukHintOptions { Text = Hint },
            ErrorMessage = error,
            Items =
            [
                new GovukDateInputItem { Id = id + "-day", Name = name + ".Day", Label = "Day", Value = Part("Day", parts?.Day), Classes = "govuk-input--width-2" },
                new GovukDateInputItem { Id = id + "-month", Name = name + ".Month", Label = "Month", Value = Part("Month", parts?.Month), Classes = "govuk-input--width-2" },
                new GovukDateInputItem { Id = id + "-year", Name = name + ".Year", Label = "Year", Value = Part("Year", parts?.Year), Classes = "govuk-input--width-4" },
            ],
        }));
    }
}

/// <summary>The error summary at the top of main: every model error, each linking to its field.</summary>
[HtmlTargetElement("govuk-error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukErrorSummaryTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = null;
        var errors = ViewContext.ViewData.ModelState
            .Where(e => e.Value is { ValidationState: ModelValidationState.Invalid, Errors.Count: > 0 })
            .Select(e => new GovukErrorSummaryItem
            {
                Text = e.Value!.Errors[0].ErrorMessage,
                // A date's part errors (Day, Month, Year) link to the date's first field.
                Href = e.Key.Length == 0 ? null : "#" + Binding.Id(e.Key) + (e.Key.EndsWith("DateOfBirth", StringComparison.Ordinal) ? "-day" : ""),
            })
            .ToList();
        if (errors.Count == 0)
        {
            output.SuppressOutput();
            return;
        }

        output.Content.SetHtmlContent(Govuk.ErrorSummary(new GovukErrorSummaryOptions { TitleText = "There is a problem", ErrorList = errors }));
    }
}

/// <summary>A date typed as three parts, as the GOV.UK date input pattern asks for it.</summary>
public sealed class DateParts
{
    public string? Day { get; set; }

    public string? Month { get; set; }

    public string? Year { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Day) && string.IsNullOrWhiteSpace(Month) && string.IsNullOrWhiteSpace(Year);

    /// <summary>The date, or null with a GOV.UK-style message saying what is wrong.</summary>
    public (DateOnly? Date, string? Error) Parse(string what)
    {
        if (IsEmpty)
        {
            return (null, null);
        }

        if (string.IsNullOrWhiteSpace(Day) || string.IsNullOrWhiteSpace(Month) || string.IsNullOrWhiteSpace(Year))
        {
            var missing = new[] { ("day", Day), ("month", Month), ("year", Year) }.Where(p => string.IsNullOrWhiteSpace(p.Item2)).Select(p => p.Item1);
            return (null, $"{what} must include a {string.Join(" and ", missing)}");
        }

        if (int.TryParse(Day, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d)
            && int.TryParse(Month, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m)
            && int.TryParse(Year, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y)
            && y is >= 1880 and <= 2100 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
        {
            return (new DateOnly(y, m, d), null);
        }

        return (null, $"{what} must be a real date");
    }
}
