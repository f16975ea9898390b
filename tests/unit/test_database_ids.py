"""complaints.database_ids: which text can be a row's id, checked before any query or int() can fail on it."""

from complaints.database_ids import MAX_DATABASE_ID, database_id


def test_plain_ids_are_read_with_the_spaces_around_them_aside():
    assert database_id("1") == 1 and database_id(" 42 ") == 42 and database_id(str(MAX_DATABASE_ID)) == MAX_DATABASE_ID


def test_nothing_a_row_cannot_have_is_an_id():
    too_big = str(MAX_DATABASE_ID + 1)
    for text in ("", " ", "0", "-1", "+1", "1.0", "1e3", "abc", "١٢", "１２", too_big, "9" * 19, "9" * 5000):
        assert database_id(text) is None, text
