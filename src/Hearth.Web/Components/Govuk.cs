using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Html;

namespace Hearth.Web.Components;

/// <summary>
/// Thin GOV.UK Frontend components: each renders the HTML of govuk-frontend's Nunjucks macro of the same name from
/// options that mirror the macro's parameters. Text is encoded; html is trusted markup the caller built. Tested
/// against govuk-frontend's own fixtures.json (tests/Hearth.Web.Tests/Components).
/// </summary>
public static class Govuk
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static IHtmlContent Tag(GovukTagOptions options) =>
        new HtmlString($"<strong class=\"{Classes("govuk-tag", options.Classes)}\"{Attributes(options.Attributes)}>{Content(options)}</strong>");

    public static IHtmlContent Hint(GovukHintOptions options) => new HtmlString(HintHtml(options));

    public static IHtmlContent ErrorMessage(GovukErrorMessageOptions options) => new HtmlString(ErrorMessageHtml(options));

    public static IHtmlContent Label(GovukLabelOptions options) => new HtmlString(LabelHtml(options));

    public static IHtmlContent Button(GovukButtonOptions options)
    {
        var classes = Classes("govuk-button", options.Classes) + (options.IsStartButton ? " govuk-button--start" : "");
        var common = $" class=\"{E(classes)}\" data-module=\"govuk-button\"{Attributes(options.Attributes)}{Optional("id", options.Id)}";
        var text = options.Html is { Length: > 0 } html
            ? options.IsStartButton ? $"<span>{html.Trim()}</span>" : html.Trim()
            : E(options.Text);
        const string StartIcon = "<svg class=\"govuk-button__start-icon\" xmlns=\"http://www.w3.org/2000/svg\" width=\"17.5\" height=\"19\" viewBox=\"0 0 33 40\" aria-hidden=\"true\" focusable=\"false\"><path fill=\"currentColor\" d=\"M0 0h13l20 20-20 20H0l20-20z\"/></svg>";
        var icon = options.IsStartButton ? StartIcon : "";
        if (options.Href is { Length: > 0 } href)
        {
            return new HtmlString($"<a href=\"{E(href)}\" role=\"button\" draggable=\"false\"{common}>{text}{icon}</a>");
        }

        var button = new StringBuilder();
        button.Append("<button type=\"").Append(E(options.Type is { Length: > 0 } type ? type : "submit")).Append('"');
        button.Append(Optional("value", options.Value)).Append(Optional("name", options.Name));
        if (options.Disabled)
        {
            button.Append(" disabled aria-disabled=\"true\"");
        }

        if (options.PreventDoubleClick is { } prevent)
        {
            button.Append(" data-prevent-double-click=\"").Append(prevent ? "true" : "false").Append('"');
        }

        button.Append(common).Append('>').Append(text).Append(icon).Append("</button>");
        return new HtmlString(button.ToString());
    }

    public static IHtmlContent Input(GovukInputOptions options)
    {
        var id = options.Id is { Length: > 0 } given ? given : options.Name;
        var describedBy = options.DescribedBy is { Length: > 0 } d ? d : null;
        var html = new StringBuilder();
        html.Append("<div class=\"").Append(E(FormGroupClasses(options.ErrorMessage is not null, options.FormGroup))).Append('"').Append(Attributes(options.FormGroup?.Attributes)).Append('>');
        if (options.Label is { } label)
        {
            html.Append(LabelHtml(label with { For = id }));
        }

        if (options.Hint is { } hint)
        {
            var hintId = id + "-hint";
            describedBy = describedBy is null ? hintId : describedBy + " " + hintId;
            html.Append(HintHtml(hint with { Id = hintId }));
        }

        if (options.ErrorMessage is { } error)
        {
            var errorId = id + "-error";
            describedBy = describedBy is null ? errorId : describedBy + " " + errorId;
            html.Append(ErrorMessageHtml(error with { Id = errorId }));
        }

        var classes = Classes("govuk-input", options.Classes) + (options.ErrorMessage is not null ? " govuk-input--error" : "");
        html.Append("<input class=\"").Append(E(classes)).Append("\" id=\"").Append(E(id)).Append("\" name=\"").Append(E(options.Name))
            .Append("\" type=\"").Append(E(options.Type is { Length: > 0 } type ? type : "text")).Append('"');
        if (options.Spellcheck is { } spellcheck)
        {
            html.Append(" spellcheck=\"").Append(spellcheck ? "true" : "false").Append('"');
        }

        html.Append(Optional("value", options.Value));
        if (options.Disabled)
        {
            html.Append(" disabled");
        }

        html.Append(Optional("aria-describedby", describedBy)).Append(Optional("autocomplete", options.Autocomplete)).Append(Optional("autocapitalize", options.Autocapitalize))
            .Append(Optional("pattern", options.Pattern)).Append(Optional("inputmode", options.Inputmode)).Append(Attributes(options.Attributes)).Append('>');
        html.Append("</div>");
        return new HtmlString(html.ToString());
    }

    public static IHtmlContent DateInput(GovukDateInputOptions options)
    {
        var describedBy = options.Fieldset?.DescribedBy ?? "";
        var items = options.Items is { Count: > 0 } given
            ? given
            : [new GovukDateInputItem { Name = "day", Classes = "govuk-input--width-2" }, new GovukDateInputItem { Name = "month", Classes = "govuk-input--width-2" }, new GovukDateInputItem { Name = "year", Classes = "govuk-input--width-4" }];
        var anyItemHasError = items.Any(i => i.Error == true || (i.Classes?.Contains("govuk-input--error", StringComparison.Ordinal) ?? false));
        var inner = new StringBuilder();
        if (options.Hint is { } hint)
        {
            var hintId = options.Id + "-hint";
            describedBy = describedBy.Length > 0 ? describedBy + " " + hintId : hintId;
            inner.Append(HintHtml(hint with { Id = hintId }));
        }

        if (options.ErrorMessage is { } error)
        {
            var errorId = options.Id + "-error";
            describedBy = describedBy.Length > 0 ? describedBy + " " + errorId : errorId;
            inner.Append(ErrorMessageHtml(error with { Id = errorId }));
        }

        inner.Append("<div class=\"").Append(E(Classes("govuk-date-input", options.Classes))).Append('"').Append(Attributes(options.Attributes)).Append(Optional("id", options.Id)).Append('>');
        var prefix = options.NamePrefix is { Length: > 0 } p ? p + "-" : "";
        foreach (var item in items)
        {
            var name = item.Name ?? "";
            var width = name == "year" ? 4 : 2;
            var hasError = item.Error == true || (item.Classes?.Contains("govuk-input--error", StringComparison.Ordinal) ?? false);
            var classes = "";
            if (!(item.Classes?.Contains("govuk-input--error", StringComparison.Ordinal) ?? false) && (hasError || (item.Error != false && options.ErrorMessage is not null && !anyItemHasError)))
            {
                classes = "govuk-input--error";
            }

            if (!(item.Classes?.Contains("govuk-input--width-", StringComparison.Ordinal) ?? false))
            {
                classes = (classes + " govuk-input--width-" + width.ToString(CultureInfo.InvariantCulture)).Trim();
            }

            if (item.Classes is { Length: > 0 } itemClasses)
            {
                classes = (classes + " " + itemClasses).Trim();
            }

            inner.Append("<div class=\"govuk-date-input__item\">");
            inner.Append(Input(new GovukInputOptions
            {
                Label = new GovukLabelOptions { Text = item.Label ?? (name.Length > 0 ? char.ToUpperInvariant(name[0]) + name[1..].ToLowerInvariant() : ""), Classes = "govuk-date-input__label" },
                Id = item.Id ?? options.Id + "-" + name,
                Classes = "govuk-date-input__input" + (classes.Length > 0 ? " " + classes : ""),
                Name = prefix + name,
                Value = item.Value,
                Type = "text",
                Inputmode = item.Inputmode ?? "numeric",
                Autocomplete = item.Autocomplete,
                Pattern = item.Pattern,
            }).ToString()).Append("</div>");
        }

        inner.Append("</div>");
        var html = new StringBuilder();
        html.Append("<div class=\"").Append(E(FormGroupClasses(options.ErrorMessage is not null, options.FormGroup))).Append('"').Append(Attributes(options.FormGroup?.Attributes)).Append('>');
        if (options.Fieldset is { } fieldset)
        {
            html.Append(Fieldset(fieldset with { DescribedBy = describedBy }, inner.ToString()));
        }
        else
        {
            html.Append(inner);
        }

        html.Append("</div>");
        return new HtmlString(html.ToString());
    }

    public static string Fieldset(GovukFieldsetOptions options, string innerHtml, string? role = "group")
    {
        var html = new StringBuilder();
        html.Append("<fieldset class=\"").Append(E(Classes("govuk-fieldset", options.Classes))).Append('"').Append(Optional("role", role)).Append(Optional("aria-describedby", options.DescribedBy))
            .Append(Attributes(options.Attributes)).Append('>');
        if (options.Legend is { } legend && (legend.Html is { Length: > 0 } || legend.Text is { Length: > 0 }))
        {
            html.Append("<legend class=\"").Append(E(Classes("govuk-fieldset__legend", legend.Classes))).Append("\">");
            html.Append(legend.IsPageHeading ? $"<h1 class=\"govuk-fieldset__heading\">{Content(legend)}</h1>" : Content(legend));
            html.Append("</legend>");
        }

        html.Append(innerHtml).Append("</fieldset>");
        return html.ToString();
    }

    public static IHtmlContent Textarea(GovukTextareaOptions options)
    {
        var id = options.Id is { Length: > 0 } given ? given : options.Name;
        var describedBy = options.DescribedBy is { Length: > 0 } d ? d : null;
        var html = new StringBuilder();
        html.Append("<div class=\"").Append(E(FormGroupClasses(options.ErrorMessage is not null, options.FormGroup))).Append('"').Append(Attributes(options.FormGroup?.Attributes)).Append('>');
        if (options.Label is { } label)
        {
            html.Append(LabelHtml(label with { For = id }));
        }

        if (options.Hint is { } hint)
        {
            var hintId = id + "-hint";
            describedBy = describedBy is null ? hintId : describedBy + " " + hintId;
            html.Append(HintHtml(hint with { Id = hintId }));
        }

        if (options.ErrorMessage is { } error)
        {
            var errorId = id + "-error";
            describedBy = describedBy is null ? errorId : describedBy + " " + errorId;
            html.Append(ErrorMessageHtml(error with { Id = errorId }));
        }

        var classes = "govuk-textarea" + (options.ErrorMessage is not null ? " govuk-textarea--error" : "") + (options.Classes is { Length: > 0 } c ? " " + c : "");
        html.Append("<textarea class=\"").Append(E(classes)).Append("\" id=\"").Append(E(id)).Append("\" name=\"").Append(E(options.Name)).Append("\" rows=\"")
            .Append((options.Rows is > 0 ? options.Rows.Value : 5).ToString(CultureInfo.InvariantCulture)).Append('"');
        if (options.Spellcheck is { } spellcheck)
        {
            html.Append(" spellcheck=\"").Append(spellcheck ? "true" : "false").Append('"');
        }

        if (options.Disabled)
        {
            html.Append(" disabled");
        }

        html.Append(Optional("aria-describedby", describedBy)).Append(Optional("autocomplete", options.Autocomplete)).Append(Attributes(options.Attributes)).Append('>')
            .Append(E(options.Value)).Append("</textarea></div>");
        return new HtmlString(html.ToString());
    }

    public static IHtmlContent Radios(GovukRadiosOptions options)
    {
        var idPrefix = options.IdPrefix is { Length: > 0 } p ? p : options.Name;
        var describedBy = options.Fieldset?.DescribedBy is { Length: > 0 } d ? d : "";
        var inner = new StringBuilder();
        if (options.Hint is { } hint)
        {
            var hintId = idPrefix + "-hint";
            describedBy = describedBy.Length > 0 ? describedBy + " " + hintId : hintId;
            inner.Append(HintHtml(hint with { Id = hintId }));
        }

        if (options.ErrorMessage is { } error)
        {
            var errorId = idPrefix + "-error";
            describedBy = describedBy.Length > 0 ? describedBy + " " + errorId : errorId;
            inner.Append(ErrorMessageHtml(error with { Id = errorId }));
        }

        inner.Append("<div class=\"").Append(E(Classes("govuk-radios", options.Classes))).Append('"').Append(Attributes(options.Attributes)).Append(" data-module=\"govuk-radios\">");
        var index = 0;
        foreach (var item in options.Items ?? [])
        {
            index++;
            var id = item.Id is { Length: > 0 } itemId ? itemId : index == 1 ? idPrefix : idPrefix + "-" + index.ToString(CultureInfo.InvariantCulture);
            var isChecked = item.Checked ?? (options.Value is not null && options.Value == item.Value);
            var itemHintId = id + "-item-hint";
            inner.Append("<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"").Append(E(id)).Append("\" name=\"").Append(E(options.Name)).Append("\" type=\"radio\" value=\"")
                .Append(E(item.Value)).Append('"').Append(isChecked ? " checked" : "").Append(item.Hint is not null ? $" aria-describedby=\"{E(itemHintId)}\"" : "").Append('>');
            inner.Append(LabelHtml(new GovukLabelOptions { Text = item.Text, Html = item.Html, Classes = "govuk-radios__label", For = id }));
            if (item.Hint is { } itemHint)
            {
                inner.Append(HintHtml(itemHint with { Id = itemHintId, Classes = Classes("govuk-radios__hint", itemHint.Classes) }));
            }

            inner.Append("</div>");
        }

        inner.Append("</div>");
        var html = new StringBuilder();
        html.Append("<div class=\"").Append(E(FormGroupClasses(options.ErrorMessage is not null, options.FormGroup))).Append('"').Append(Attributes(options.FormGroup?.Attributes)).Append('>');
        html.Append(options.Fieldset is { } fieldset ? Fieldset(fieldset with { DescribedBy = describedBy.Length > 0 ? describedBy : null }, inner.ToString(), role: null) : inner.ToString());
        html.Append("</div>");
        return new HtmlString(html.ToString());
    }

    public static IHtmlContent ErrorSummary(GovukErrorSummaryOptions options)
    {
        var html = new StringBuilder();
        html.Append("<div class=\"").Append(E(Classes("govuk-error-summary", options.Classes))).Append('"');
        if (options.DisableAutoFocus is { } disable)
        {
            html.Append(" data-disable-auto-focus=\"").Append(disable ? "true" : "false").Append('"');
        }

        html.Append(Attributes(options.Attributes)).Append(" data-module=\"govuk-error-summary\"><div role=\"alert\"><h2 class=\"govuk-error-summary__title\">")
            .Append(options.TitleHtml is { Length: > 0 } title ? title.Trim() : E(options.TitleText)).Append("</h2><div class=\"govuk-error-summary__body\">");
        if (options.DescriptionHtml is { Length: > 0 } || options.DescriptionText is { Length: > 0 })
        {
            html.Append("<p>").Append(options.DescriptionHtml is { Length: > 0 } description ? description.Trim() : E(options.DescriptionText)).Append("</p>");
        }

        if (options.ErrorList is { Count: > 0 } errors)
        {
            html.Append("<ul class=\"govuk-list govuk-error-summary__list\">");
            foreach (var item in errors)
            {
                var text = item.Html is { Length: > 0 } itemHtml ? itemHtml.Trim() : E(item.Text);
                html.Append("<li>").Append(item.Href is { Length: > 0 } href ? $"<a href=\"{E(href)}\"{Attributes(item.Attributes)}>{text}</a>" : text).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("</div></div></div>");
        return new HtmlString(html.ToString());
    }

    public static IHtmlContent SummaryList(GovukSummaryListOptions options)
    {
        var rows = options.Rows ?? [];
        var anyRowHasActions = rows.Any(r => r?.Actions?.Items is { Count: > 0 });
        var html = new StringBuilder();
        html.Append("<dl class=\"").Append(E(Classes("govuk-summary-list", options.Classes))).Append('"').Append(Attributes(options.Attributes)).Append('>');
        foreach (var row in rows)
        {
            if (row is null)
            {
                continue;
            }

            var actions = row.Actions?.Items ?? [];
            var rowClasses = "govuk-summary-list__row" + (anyRowHasActions && actions.Count == 0 ? " govuk-summary-list__row--no-actions" : "") + (row.Classes is { Length: > 0 } rc ? " " + rc : "");
            html.Append("<div class=\"").Append(E(rowClasses)).Append("\">");
            html.Append("<dt class=\"").Append(E(Classes("govuk-summary-list__key", row.Key?.Classes))).Append("\">").Append(row.Key is null ? "" : Content(row.Key)).Append("</dt>");
            html.Append("<dd class=\"").Append(E(Classes("govuk-summary-list__value", row.Value?.Classes))).Append("\">").Append(row.Value is null ? "" : Content(row.Value)).Append("</dd>");
            if (actions.Count > 0)
            {
                html.Append("<dd class=\"").Append(E(Classes("govuk-summary-list__actions", row.Actions?.Classes))).Append("\">");
                if (actions.Count == 1)
                {
                    html.Append(ActionLink(actions[0]));
                }
                else
                {
                    html.Append("<ul class=\"govuk-summary-list__actions-list\">");
                    foreach (var action in actions)
                    {
                        html.Append("<li class=\"govuk-summary-list__actions-list-item\">").Append(ActionLink(action)).Append("</li>");
                    }

                    html.Append("</ul>");
                }

                html.Append("</dd>");
            }

            html.Append("</div>");
        }

        html.Append("</dl>");
        return new HtmlString(html.ToString());
    }

    public static IHtmlContent Table(GovukTableOptions options)
    {
        var html = new StringBuilder();
        html.Append("<table class=\"").Append(E(Classes("govuk-table", options.Classes))).Append('"').Append(Attributes(options.Attributes)).Append('>');
        if (options.Caption is { Length: > 0 } caption)
        {
            html.Append("<caption class=\"").Append(E(Classes("govuk-table__caption", options.CaptionClasses))).Append("\">").Append(E(caption)).Append("</caption>");
        }

        if (options.Head is { Count: > 0 } head)
        {
            html.Append("<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
            foreach (var cell in head)
            {
                var classes = "govuk-table__header" + (cell.Format is { Length: > 0 } f ? " govuk-table__header--" + f : "") + (cell.Classes is { Length: > 0 } c ? " " + c : "");
                html.Append("<th scope=\"col\" class=\"").Append(E(classes)).Append('"').Append(Spans(cell)).Append(Attributes(cell.Attributes)).Append('>')
                    .Append(Content(cell)).Append("</th>");
            }

            html.Append("</tr></thead>");
        }

        html.Append("<tbody class=\"govuk-table__body\">");
        foreach (var row in options.Rows ?? [])
        {
            if (row is null)
            {
                continue;
            }

            html.Append("<tr class=\"govuk-table__row\">");
            for (var i = 0; i < row.Count; i++)
            {
                var cell = row[i];
                if (i == 0 && options.FirstCellIsHeader)
                {
                    html.Append("<th scope=\"row\" class=\"").Append(E(Classes("govuk-table__header", cell.Classes))).Append('"');
                    html.Append(Spans(cell)).Append(Attributes(cell.Attributes)).Append('>').Append(Content(cell)).Append("</th>");
                }
                else
                {
                    var classes = "govuk-table__cell" + (cell.Format is { Length: > 0 } f ? " govuk-table__cell--" + f : "") + (cell.Classes is { Length: > 0 } c ? " " + c : "");
                    html.Append("<td class=\"").Append(E(classes)).Append('"').Append(Spans(cell)).Append(Attributes(cell.Attributes)).Append('>').Append(Content(cell)).Append("</td>");
                }
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
        return new HtmlString(html.ToString());
    }

    public static IHtmlContent Pagination(GovukPaginationOptions options)
    {
        const string ArrowPrevious = "<svg class=\"govuk-pagination__icon govuk-pagination__icon--prev\" xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\"><path d=\"m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z\"></path></svg>";
        const string ArrowNext = "<svg class=\"govuk-pagination__icon govuk-pagination__icon--next\" xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\"><path d=\"m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z\"></path></svg>";
        var blockLevel = options.Items is not { Count: > 0 } && (options.Next is not null || options.Previous is not null);
        var html = new StringBuilder();
        html.Append("<nav class=\"").Append(E("govuk-pagination" + (blockLevel ? " govuk-pagination--block" : "") + (options.Classes is { Length: > 0 } c ? " " + c : "")))
            .Append("\" aria-label=\"").Append(E(options.LandmarkLabel is { Length: > 0 } l ? l : "Pagination")).Append('"').Append(Attributes(options.Attributes)).Append('>');

        void Arrow(GovukPaginationLink link, string type, string defaultText)
        {
            var arrow = type == "prev" ? ArrowPrevious : ArrowNext;
            html.Append("<div class=\"govuk-pagination__").Append(type).Append("\"><a class=\"govuk-link govuk-pagination__link\" href=\"").Append(E(link.Href)).Append("\" rel=\"").Append(type).Append('"')
                .Append(Attributes(link.Attributes)).Append('>');
            if (blockLevel || type == "prev")
            {
                html.Append(arrow);
            }

            html.Append("<span class=\"govuk-pagination__link-title").Append(blockLevel && link.LabelText is not { Length: > 0 } ? " govuk-pagination__link-title--decorated" : "").Append("\">")
                .Append(link.Html is { Length: > 0 } linkHtml ? linkHtml.Trim() : link.Text is { Length: > 0 } text ? E(text) : defaultText).Append("</span>");
            if (link.LabelText is { Length: > 0 } label && blockLevel)
            {
                html.Append("<span class=\"govuk-visually-hidden\">:</span><span class=\"govuk-pagination__link-label\">").Append(E(label)).Append("</span>");
            }

            if (!blockLevel && type == "next")
            {
                html.Append(arrow);
            }

            html.Append("</a></div>");
        }

        if (options.Previous is { Href: { Length: > 0 } } previous)
        {
            Arrow(previous, "prev", "Previous<span class=\"govuk-visually-hidden\"> page</span>");
        }

        if (options.Items is { Count: > 0 } items)
        {
            html.Append("<ul class=\"govuk-pagination__list\">");
            foreach (var item in items)
            {
                if (item is null || (item.Number is null && !item.Ellipsis && item.Href is null))
                {
                    continue;
                }

                html.Append("<li class=\"govuk-pagination__item").Append(item.Current ? " govuk-pagination__item--current" : "").Append(item.Ellipsis ? " govuk-pagination__item--ellipsis" : "").Append("\">");
                if (item.Ellipsis)
                {
                    html.Append("&ctdot;");
                }
                else
                {
                    html.Append("<a class=\"govuk-link govuk-pagination__link\" href=\"").Append(E(item.Href)).Append("\" aria-label=\"")
                        .Append(E(item.VisuallyHiddenText is { Length: > 0 } hidden ? hidden : "Page " + item.Number)).Append('"')
                        .Append(item.Current ? " aria-current=\"page\"" : "").Append(Attributes(item.Attributes)).Append('>').Append(E(item.Number)).Append("</a>");
                }

                html.Append("</li>");
            }

            html.Append("</ul>");
        }

        if (options.Next is { Href: { Length: > 0 } } next)
        {
            Arrow(next, "next", "Next<span class=\"govuk-visually-hidden\"> page</span>");
        }

        html.Append("</nav>");
        return new HtmlString(html.ToString());
    }

    private static string HintHtml(GovukHintOptions options) =>
        $"<div{Optional("id", options.Id)} class=\"{E(Classes("govuk-hint", options.Classes))}\"{Attributes(options.Attributes)}>{Content(options)}</div>";

    private static string ErrorMessageHtml(GovukErrorMessageOptions options)
    {
        var hidden = options.VisuallyHiddenText ?? "Error";
        var prefix = hidden.Length > 0 ? $"<span class=\"govuk-visually-hidden\">{E(hidden)}:</span> " : "";
        return $"<p{Optional("id", options.Id)} class=\"{E(Classes("govuk-error-message", options.Classes))}\"{Attributes(options.Attributes)}>{prefix}{Content(options)}</p>";
    }

    private static string LabelHtml(GovukLabelOptions options)
    {
        if (options.Html is not { Length: > 0 } && options.Text is not { Length: > 0 })
        {
            return "";
        }

        var label = $"<label class=\"{E(Classes("govuk-label", options.Classes))}\"{Attributes(options.Attributes)}{Optional("for", options.For)}>{Content(options)}</label>";
        return options.IsPageHeading ? $"<h1 class=\"govuk-label-wrapper\">{label}</h1>" : label;
    }

    private static string ActionLink(GovukSummaryListAction action)
    {
        var hidden = action.VisuallyHiddenText is { Length: > 0 } v ? $"<span class=\"govuk-visually-hidden\"> {E(v)}</span>" : "";
        var text = action.Html is { Length: > 0 } html ? html : E(action.Text);
        return $"<a class=\"{E(Classes("govuk-link", action.Classes))}\" href=\"{E(action.Href)}\"{Attributes(action.Attributes)}>{text}{hidden}</a>";
    }

    private static string FormGroupClasses(bool error, GovukFormGroupOptions? formGroup) =>
        "govuk-form-group" + (error ? " govuk-form-group--error" : "") + (formGroup?.Classes is { Length: > 0 } c ? " " + c : "");

    private static string Spans(GovukTableCell cell) =>
        (cell.Colspan is { } colspan ? $" colspan=\"{colspan.ToString(CultureInfo.InvariantCulture)}\"" : "") +
        (cell.Rowspan is { } rowspan ? $" rowspan=\"{rowspan.ToString(CultureInfo.InvariantCulture)}\"" : "");

    private static string Content(GovukContent content) => content.Html is { Length: > 0 } html ? html.Trim() : E(content.Text);

    private static string Classes(string baseClass, string? extra) => extra is { Length: > 0 } ? baseClass + " " + extra : baseClass;

    private static string Optional(string name, string? value) => value is { Length: > 0 } ? $" {name}=\"{E(value)}\"" : "";

    /// <summary>Extra attributes as govukAttributes renders them: a string value as given, and an object with value
    /// and optional, where an optional attribute with a false or empty value is left out and true renders bare.</summary>
    private static string Attributes(Dictionary<string, JsonElement>? attributes)
    {
        if (attributes is null)
        {
            return "";
        }

        var html = new StringBuilder();
        foreach (var (name, element) in attributes)
        {
            var value = element;
            var optional = false;
            if (element.ValueKind == JsonValueKind.Object)
            {
                value = element.TryGetProperty("value", out var v) ? v : default;
                optional = element.TryGetProperty("optional", out var o) && o.ValueKind == JsonValueKind.True;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.True when optional:
                    html.Append(' ').Append(name);
                    break;
                case JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined when optional:
                    break;
                case JsonValueKind.String when optional && value.GetString() is not { Length: > 0 }:
                    break;
                case JsonValueKind.Null or JsonValueKind.Undefined:
                    html.Append(' ').Append(name).Append("=\"\"");
                    break;
                case JsonValueKind.String:
                    html.Append(' ').Append(name).Append("=\"").Append(E(value.GetString())).Append('"');
                    break;
                default:
                    html.Append(' ').Append(name).Append("=\"").Append(E(value.GetRawText())).Append('"');
                    break;
            }
        }

        return html.ToString();
    }

    private static string E(string? value) => value is null ? "" : Encoder.Encode(value);

    /// <summary>A string-valued attribute map, for callers in C#.</summary>
    public static Dictionary<string, JsonElement> Attrs(params (string Name, string Value)[] attributes) =>
        attributes.ToDictionary(a => a.Name, a => JsonSerializer.SerializeToElement(a.Value), StringComparer.Ordinal);
}
