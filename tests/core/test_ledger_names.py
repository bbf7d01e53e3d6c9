"""Ledger records are named by what they are; the names must never change between versions, or two
laptops on different versions would meet one report as two at the office hub."""

from duchaban.core.ledger import report_uuid, submission_uuid


def test_the_names_of_ledger_records_are_fixed_for_good():
    assert report_uuid("a", "b", "2021Q1") == "4f4654cb-406a-51ed-a88d-1ac215b02132"
    assert submission_uuid("abc") == "61bc248c-cd93-59c2-965e-e46ac78479eb"


def test_a_ledger_records_name_is_uuid5_of_what_it_is():
    import uuid

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from duchaban.core.ledger import _LEDGER_NAMESPACE, _ledger_uuid

    namespace = uuid.UUID(bytes=_LEDGER_NAMESPACE)

    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def same(name):
        assert _ledger_uuid(name) == str(uuid.uuid5(namespace, name))

    same()
