"""The cells of the dashboard tables, written in one call per row.

A force table has 33 rows of 16 cells and a BCU table about as many: an ``{% include %}`` per
cell, with a dozen variable lookups each (some missing, which Django answers slowly), was half
the time of the BCU and force pages (issue 14: the pages under 50 ms). This writes the same
markup the include wrote, with every value escaped as the template did (Django's ``escape`` is
the standard library's ``html.escape``, less its check for lazy strings: the cells hold none).
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _cell(cell: dict) -> str:
    """One ``<td>``: the rating in words beside its colour (WCAG 1.4.1: not by colour alone),
    the figure, and the link to the list behind a count with its words for screen readers;
    ``label`` (the column's name) for the one-row table stacked on a phone."""
    label = cell.get("label")
    html = '<td class="govuk-table__cell"'
    if label:
        html += f' data-label="{escape(label)}"'
    html += ">"
    rating = cell.get("rag")
    if rating:
        html += f'<span class="rag rag--{escape(rating)}">{escape(cell["rag_word"])}</span> '
    text = escape(cell["text"])
    url = cell.get("url")
    if url:
        html += (
            f'<a class="govuk-link" href="{escape(url)}">{text}'
            '<span class="govuk-visually-hidden"> (open the list)</span></a>'
        )
    else:
        html += text
    return html + "</td>"


@register.simple_tag
def table_cells(cells: list[dict]) -> SafeString:
    """The ``<td>`` cells of one table row (the view's ``_cells``), as safe HTML, one a line."""
    return mark_safe("".join(f"{_cell(cell)}\n" for cell in cells))  # noqa: S308 - all escaped
