"""Table and column names of a model, quoted for the database, for the few reads written as one SQL statement
because the ORM's building of them costs several times the query (complaints.session_store explains the trade).
Only these names go into such a statement's text; every value is a parameter."""

from django.db import connection


def quoted_names(model) -> tuple[str, dict[str, str]]:
    """The model's table and, by field name (a foreign key by its name, "case" for case_id), its columns."""
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), {field.name: quote(field.column) for field in model._meta.concrete_fields}
