"""A unit's role in a task has one short word and one title, used by the ledger, the filters and the detail."""

from duchaban.core.roles import LABEL_MEANINGS, ROLE_LABELS, ROLE_TITLES


def test_roles_read_the_same_everywhere():
    assert ROLE_LABELS == {"lead": "牵头", "responsible": "责任", "cooperating": "配合"}
    assert ROLE_TITLES == {"lead": "牵头单位", "responsible": "责任单位", "cooperating": "配合单位"}
    assert list(LABEL_MEANINGS) == ["lead", "responsible", "cooperating", "leaders", "deadline"]
    assert len(set(LABEL_MEANINGS.values())) == len(LABEL_MEANINGS)     # the CLI reads them back one to one
