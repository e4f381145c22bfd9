from django import template

from programming.selectors import by_pattern as _by_pattern

register = template.Library()


@register.filter
def by_pattern(assignments):
    """``{% for pattern, assignment in client.current_assignments|by_pattern %}``:
    the six patterns in the coach's order, each with its assignment or None."""
    return _by_pattern(assignments)
