"""complaints.views.staff_letters.selected_case_ids: what the queue's letters form ticked, and which of it can be a case id."""

from complaints.views.staff_letters import selected_case_ids


def test_each_ticked_case_counts_once_and_blanks_not_at_all():
    assert selected_case_ids(["12", " 12 ", "7", "", "  "]) == ({"12", "7"}, [7, 12])


def test_values_that_cannot_be_a_case_id_are_counted_but_never_looked_up():
    ticked, ids = selected_case_ids(["3", "abc", "-1", "١٢", "9" * 19, "9" * 18])
    assert len(ticked) == 6
    assert ids == [3, int("9" * 18)]
